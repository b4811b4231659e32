// Access to the embedded library modules (embedded_modules.h).
#include "embedded_modules.h"
#include "pfun/loader/module_hashes.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"

namespace pfun::stdlib {

std::span<const uint8_t> embeddedModuleImage(std::string_view module) {
    for (size_t i = 0; i < detail::kEmbeddedModuleCount; ++i)
        if (detail::kEmbeddedModules[i].name == module && !module.empty())
            return detail::kEmbeddedModules[i].image;
    return {};
}

std::vector<std::string_view> embeddedModuleNames() {
    std::vector<std::string_view> names;
    for (size_t i = 0; i < detail::kEmbeddedModuleCount; ++i)
        if (!detail::kEmbeddedModules[i].name.empty())
            names.push_back(detail::kEmbeddedModules[i].name);
    return names;
}

bool isAmbientModule(std::string_view module) {
    for (std::string_view m : nativeModuleNames())
        if (m == module) return true;
    return !module.empty() && !embeddedModuleImage(module).empty();
}

void installCodeHasher(vm::Runtime& rt) {
    loader::installModuleHashes(rt, [](std::string_view m) { return isAmbientModule(m); });
}

const vm::ModuleCode* loadEmbeddedModule(vm::Runtime& rt, std::string_view module,
                                         std::string* error) {
    std::span<const uint8_t> image = embeddedModuleImage(module);
    if (image.empty()) {
        if (error) *error = "no embedded module " + std::string(module);
        return nullptr;
    }
    return loader::loadModuleBytes(rt, image, error);
}

} // namespace pfun::stdlib
