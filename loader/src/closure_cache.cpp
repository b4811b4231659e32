// Encoded closures kept by root (closure_cache.h).
#include "pfun/loader/closure_cache.h"

namespace pfun::loader {

std::vector<EncodedObject> ClosureCache::encode(const std::shared_ptr<const HashSet>& set,
                                                const vm::AtomTable& atoms,
                                                const vm::FunctionCode* root, std::string* error) {
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(root);
        if (it != entries_.end() && set && it->second.set == set) {
            ++counters_.hits;
            return it->second.objects;
        }
        ++counters_.misses;
    }
    if (!set) {
        if (error) *error = "function is not hashed";
        return {};
    }
    std::string why;
    std::vector<EncodedObject> objects = encodeClosure(*set, atoms, root, &why);
    if (objects.empty()) {
        if (error) *error = why;
        return objects;
    }
    size_t bytes = 0;
    for (const EncodedObject& o : objects)
        bytes += o.bytes.size() + o.members.size() * sizeof(CodeHash) + sizeof(EncodedObject);
    if (bytes > maxBytes_) return objects;
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(root); it != entries_.end()) {
        // Another version of the root's module, or a spawn that raced this one.
        counters_.bytes -= it->second.bytes;
        entries_.erase(it);
    }
    if (counters_.bytes + bytes > maxBytes_) {
        entries_.clear();
        counters_.bytes = 0;
    }
    counters_.bytes += bytes;
    entries_[root] = Entry{set, objects, bytes};
    counters_.entries = entries_.size();
    return objects;
}

ClosureCache::Counters ClosureCache::counters() const {
    std::lock_guard lock(mutex_);
    Counters c = counters_;
    c.entries = entries_.size();
    return c;
}

} // namespace pfun::loader
