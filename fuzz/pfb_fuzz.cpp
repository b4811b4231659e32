// Fuzz entry for the .pfb reader and the bytecode verifier: any bytes must be refused
// with a reason or decode into a module that passed every check, never crash or read
// out of bounds. An accepted module must write back to an image that reads again to
// the same bytes (the format has one encoding per module).
#include "pfun/loader/pfb.h"
#include "pfun/loader/verify.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

using namespace pfun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vm::AtomTable atoms;
    std::string error;
    auto m = loader::readModule(std::span(data, size), atoms, &error);
    if (!m) {
        if (error.empty()) std::abort(); // every refusal has a reason
        return 0;
    }
    if (!loader::verifyModule(*m).empty()) std::abort();
    std::vector<uint8_t> again;
    if (!loader::writeModule(*m, atoms, again, &error)) std::abort();
    auto m2 = loader::readModule(again, atoms, &error);
    if (!m2) std::abort();
    std::vector<uint8_t> third;
    if (!loader::writeModule(*m2, atoms, third, &error) || third != again) std::abort();
    return 0;
}
