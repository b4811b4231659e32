#include "on_demand.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace pfun::cli::on_demand {

void* open(const char* soname) {
    void* h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
    if (h == nullptr) {
        const char* why = dlerror();
        std::fprintf(stderr, "pfun: cannot load %s: %s\n", soname,
                     why != nullptr ? why : "unknown error");
        std::fflush(stderr);
        std::_Exit(127);
    }
    return h;
}

void* symbol(void* handle, const char* soname, const char* name) {
    void* p = dlsym(handle, name);
    if (p == nullptr) {
        std::fprintf(stderr, "pfun: %s has no function %s\n", soname, name);
        std::fflush(stderr);
        std::_Exit(127);
    }
    return p;
}

} // namespace pfun::cli::on_demand
