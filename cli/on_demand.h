// Shared libraries on demand: the `pfun` executable defines, for a few system
// libraries that only some programs need (OpenSSL for nodes; GMP for bignums; zlib
// for compressed terms and checksums), the functions pfun
// calls in them, and each definition forwards to the library, opened with dlopen by
// its soname on the first call. ld.so then no longer loads and relocates them at
// every start (`--as-needed` leaves them out of the executable's needed list). They
// stay the system's shared libraries, so security updates still reach them.
//
// Invariants:
//  - A forwarder has the exact signature of the library header's declaration (a
//    mismatch is a compile error) and calls the function of the same (macro-expanded)
//    name; it looks the target up once (a function-local static).
//  - The forwarders are hidden (their files are built with -fvisibility=hidden): they
//    bind pfun's own calls only and are never exported, so a library's calls to itself
//    stay inside it once loaded.
//  - A function pfun calls that has no forwarder is resolved from the library at link
//    time again (correct, only slower); the test cli/on_demand_libraries notices.
//  - A library that cannot be opened, or lacks a function, ends the process with a
//    message on stderr and exit code 127, as ld.so does for a missing library.
// The handles are process-wide by nature, like ld.so's own state: opened once under
// the static-initialisation guard and never closed.
#pragma once

namespace pfun::cli::on_demand {

// The library `soname`, opened (RTLD_LAZY | RTLD_LOCAL) or the process ends.
void* open(const char* soname);
// The address of `name` in `handle` (the library `soname`), or the process ends.
void* symbol(void* handle, const char* soname, const char* name);

template <class F>
F* resolved(void* handle, const char* soname, const char* name) {
    return reinterpret_cast<F*>(symbol(handle, soname, name));
}

} // namespace pfun::cli::on_demand

// The name after macro expansion (GMP's mpz_add is __gmpz_add).
#define PFUN_ON_DEMAND_NAME(name) PFUN_ON_DEMAND_NAME_(name)
#define PFUN_ON_DEMAND_NAME_(name) #name

// Defines `ret name params` to forward `args` to `name` in the library whose handle
// `library()` returns and whose soname is `soname`.
#define PFUN_FORWARD(library, soname, ret, name, params, args)                                     \
    extern "C" ret name params {                                                                   \
        static auto* const target = ::pfun::cli::on_demand::resolved<decltype(::name)>(            \
            library(), soname, PFUN_ON_DEMAND_NAME(name));                                         \
        return target args;                                                                        \
    }
