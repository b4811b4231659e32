#include "code_hashes.h"

#include "pfun/stdlib/stdlib.h"

namespace pfun::cli {

loader::AmbientPredicate stdlibAmbient() {
    return [](std::string_view m) { return stdlib::isAmbientModule(m); };
}

bool hashModule(const vm::ModuleCode& module, const vm::AtomTable& atoms, loader::HashSet& out,
                std::string* error) {
    const vm::ModuleCode* mods[] = {&module};
    return loader::hashModules(mods, atoms, stdlibAmbient(), out, error);
}

std::string describeHashes(const loader::HashSet& hashes, const vm::ModuleCode& module,
                           const vm::AtomTable& atoms) {
    std::string out = "hashes (XXH3-128 of the canonical encoding, docs/internals/hashing.md)\n";
    for (const auto& f : module.functions) {
        const loader::FunctionHash* fh = hashes.find(f.get());
        if (!fh) continue;
        out += "\n" + atoms.name(f->name) + "/" + std::to_string(f->arity) + "  " +
               loader::toHex(fh->hash);
        if (fh->groupSize > 1)
            out += "  group " + loader::toHex(fh->group) + " member " +
                   std::to_string(fh->groupIndex + 1) + "/" + std::to_string(fh->groupSize);
        out += "\n";
        for (const loader::CodeRef& r : fh->calls) {
            out += "    call " + r.module + ":" + r.name + "/" + std::to_string(r.arity) + "  ";
            switch (r.kind) {
            case loader::CodeRef::Kind::Hash: out += loader::toHex(r.hash); break;
            case loader::CodeRef::Kind::Ambient: out += "ambient (by name)"; break;
            case loader::CodeRef::Kind::ByName: out += "by name (module not hashed with it)"; break;
            }
            out += "\n";
        }
        const size_t nb = f->bifs.empty() ? f->bifNames.size() : f->bifs.size();
        for (size_t b = 0; b < nb; ++b) {
            vm::Term m = f->bifs.empty() ? f->bifNames[b].module : f->bifs[b]->module;
            vm::Term n = f->bifs.empty() ? f->bifNames[b].name : f->bifs[b]->name;
            uint32_t a = f->bifs.empty() ? f->bifNames[b].arity : f->bifs[b]->arity;
            out += "    bif  " + atoms.name(m) + ":" + atoms.name(n) + "/" + std::to_string(a) +
                   "  ambient (by name)\n";
        }
        for (const loader::CodeRef& r : fh->lambdas)
            out += "    fun  " + r.name + "/" + std::to_string(r.arity) + "  " +
                   loader::toHex(r.hash) + "\n";
    }
    return out;
}

} // namespace pfun::cli
