// Fuzz entry for code objects (loader/code_object.h): any bytes must be refused with a
// reason or decode into members that passed the bytecode verifier and whose hashes
// were recomputed from their content; never a crash or a read out of bounds. Seed it
// with objects written by a code store's cache directory (files named by hex hashes).
#include "pfun/loader/code_object.h"
#include "pfun/loader/verify.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

using namespace pfun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vm::AtomTable atoms;
    std::string error;
    auto obj = loader::decodeObject(std::span(data, size), atoms, &error);
    if (!obj) {
        if (error.empty()) std::abort(); // every refusal has a reason
        return 0;
    }
    if (obj->members.empty()) std::abort();
    for (const loader::DecodedMember& m : obj->members) {
        if (!loader::verifyFunction(m.function(), m.module.get(), "member").empty()) std::abort();
        if (obj->find(m.hash) != &m) std::abort();
    }
    return 0;
}
