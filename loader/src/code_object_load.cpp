// Verified code objects -> the runtime's hash space (vm/hash_space.h). Kept apart from
// the decoder so that the decoder (and a fuzz target over it) needs no runtime.
#include "pfun/loader/code_object.h"

#include "pfun/vm/hash_space.h"

namespace pfun::loader {

bool loadObjects(vm::Runtime& rt, std::vector<std::unique_ptr<DecodedObject>> objects,
                 std::string* error) {
    std::vector<vm::HashedFunction> batch;
    for (auto& obj : objects) {
        if (!obj) continue;
        for (DecodedMember& m : obj->members) {
            vm::HashedFunction f;
            f.hash = m.hash;
            // Members of the group are named by their hashes, like any other code:
            // loaded in one batch, they link to each other directly.
            for (const ObjectRef& r : m.calls)
                f.calls.push_back({r.kind != ObjectRef::Kind::Name, r.hash});
            for (const ObjectRef& r : m.lambdas)
                f.lambdaBodies.push_back(r.hash);
            f.module = std::move(m.module);
            batch.push_back(std::move(f));
        }
    }
    return rt.hashSpace().load(std::move(batch), error);
}

bool decodeObjects(std::span<const std::vector<uint8_t>> objects, vm::AtomTable& atoms,
                   std::vector<std::unique_ptr<DecodedObject>>& out, std::string* error) {
    for (size_t i = 0; i < objects.size(); ++i) {
        std::string reason;
        auto obj = decodeObject(objects[i], atoms, &reason);
        if (!obj) {
            if (error) *error = "object #" + std::to_string(i) + ": " + reason;
            return false;
        }
        out.push_back(std::move(obj));
    }
    return true;
}

bool loadObjectBytes(vm::Runtime& rt, std::span<const std::vector<uint8_t>> objects,
                     std::string* error) {
    std::vector<std::unique_ptr<DecodedObject>> decoded;
    return decodeObjects(objects, rt.atoms(), decoded, error) &&
           loadObjects(rt, std::move(decoded), error);
}

} // namespace pfun::loader
