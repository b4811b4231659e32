// Read, verify, then publish: the one step that hands a verified module to a runtime.
// Kept apart from the reader so that the reader (and its fuzz target) needs no runtime.
#include "pfun/loader/pfb.h"

namespace pfun::loader {

const vm::ModuleCode* loadModuleBytes(vm::Runtime& rt, std::span<const uint8_t> bytes,
                                      std::string* error) {
    auto m = readModule(bytes, rt.atoms(), error);
    if (!m) return nullptr;
    return rt.loadModule(std::move(m), error);
}

} // namespace pfun::loader
