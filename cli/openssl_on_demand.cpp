// OpenSSL on demand: the `pfun` executable defines the OpenSSL functions that pfun_net
// calls, and each definition forwards to the system's libssl/libcrypto, which are
// opened with dlopen the first time any of them is called.
//
// Why: only nodes use OpenSSL (the HMAC handshake, TLS), yet loading and relocating
// libssl and libcrypto at process start was about two thirds of all the dynamic
// loader's symbol bindings and many page faults of every `pfun run`, `pfun --help`...
// Linking OpenSSL statically would keep Debian's security updates from reaching it, so
// the same shared libraries are used, found by their soname exactly as ld.so would.
//
// Invariants:
//  - Every OpenSSL function pfun's objects call is defined here. One that is not is
//    resolved from libssl/libcrypto at link time again (the executable then needs them
//    at start, which is correct but slow); the test `cli.openssl_on_demand` catches it.
//  - The definitions are hidden (this file is built with -fvisibility=hidden): they
//    bind pfun's own calls only and are never exported, so OpenSSL's calls to itself
//    stay inside OpenSSL once it is loaded.
//  - Each definition has the exact signature of the OpenSSL header's declaration (a
//    mismatch is a compile error), and calls the function of the same name.
//  - Clean-up functions called at exit (asio's CONF_modules_unload) do nothing when
//    OpenSSL was never loaded, so a run that never used it never loads it.
//  - If the library cannot be opened the process says why on stderr and exits with
//    127, as ld.so does when a shared library a program needs is missing.
//
// The state is process-wide by nature (like the dynamic loader's own): a function-local
// handle, opened once under the static-initialisation guard, never closed.
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#ifndef PFUN_LIBSSL_SONAME
#error "PFUN_LIBSSL_SONAME must name the libssl shared library (set by cli/CMakeLists.txt)"
#endif

namespace {

std::atomic<bool>& loadedFlag() {
    static std::atomic<bool> loaded{false};
    return loaded;
}

void* library() {
    static void* const handle = [] {
        // libssl's own dependency brings libcrypto; dlsym on this handle searches both.
        void* h = dlopen(PFUN_LIBSSL_SONAME, RTLD_LAZY | RTLD_LOCAL);
        if (h == nullptr) {
            const char* why = dlerror();
            std::fprintf(stderr, "pfun: cannot load %s: %s\n", PFUN_LIBSSL_SONAME,
                         why != nullptr ? why : "unknown error");
            std::fflush(stderr);
            std::_Exit(127);
        }
        loadedFlag().store(true, std::memory_order_release);
        return h;
    }();
    return handle;
}

void* symbol(const char* name) {
    void* p = dlsym(library(), name);
    if (p == nullptr) {
        std::fprintf(stderr, "pfun: %s has no function %s\n", PFUN_LIBSSL_SONAME, name);
        std::fflush(stderr);
        std::_Exit(127);
    }
    return p;
}

template <class F>
F* resolved(const char* name) {
    return reinterpret_cast<F*>(symbol(name));
}

} // namespace

// Each forwarder looks its target up once (a function-local static) and calls it.
#define PFUN_FORWARD(ret, name, params, args)                                                      \
    extern "C" ret name params {                                                                   \
        static auto* const target = resolved<decltype(::name)>(#name);                             \
        return target args;                                                                        \
    }

// libcrypto
PFUN_FORWARD(long, BIO_ctrl, (BIO * b, int cmd, long larg, void* parg), (b, cmd, larg, parg))
PFUN_FORWARD(size_t, BIO_ctrl_pending, (BIO * b), (b))
PFUN_FORWARD(int, BIO_free, (BIO * a), (a))
PFUN_FORWARD(int, BIO_new_bio_pair, (BIO * *bio1, size_t writebuf1, BIO** bio2, size_t writebuf2),
             (bio1, writebuf1, bio2, writebuf2))
PFUN_FORWARD(int, BIO_read, (BIO * b, void* data, int dlen), (b, data, dlen))
PFUN_FORWARD(int, BIO_write, (BIO * b, const void* data, int dlen), (b, data, dlen))
PFUN_FORWARD(int, CRYPTO_memcmp, (const void* a, const void* b, size_t len), (a, b, len))
PFUN_FORWARD(void, ERR_clear_error, (void), ())
PFUN_FORWARD(unsigned long, ERR_get_error, (void), ())
PFUN_FORWARD(const char*, ERR_lib_error_string, (unsigned long e), (e))
PFUN_FORWARD(const char*, ERR_reason_error_string, (unsigned long e), (e))
PFUN_FORWARD(const EVP_MD*, EVP_sha256, (void), ())
PFUN_FORWARD(unsigned char*, HMAC,
             (const EVP_MD* evp_md, const void* key, int key_len, const unsigned char* data,
              size_t data_len, unsigned char* md, unsigned int* md_len),
             (evp_md, key, key_len, data, data_len, md, md_len))
PFUN_FORWARD(int, RAND_bytes, (unsigned char* buf, int num), (buf, num))

// Called by asio's OpenSSL clean-up at exit: nothing to unload if nothing was loaded.
extern "C" void CONF_modules_unload(int all) {
    if (!loadedFlag().load(std::memory_order_acquire)) return;
    static auto* const target = resolved<decltype(::CONF_modules_unload)>("CONF_modules_unload");
    target(all);
}

// libssl
PFUN_FORWARD(int, SSL_CTX_check_private_key, (const SSL_CTX* ctx), (ctx))
PFUN_FORWARD(long, SSL_CTX_ctrl, (SSL_CTX * ctx, int cmd, long larg, void* parg),
             (ctx, cmd, larg, parg))
PFUN_FORWARD(void, SSL_CTX_free, (SSL_CTX * ctx), (ctx))
PFUN_FORWARD(void*, SSL_CTX_get_default_passwd_cb_userdata, (SSL_CTX * ctx), (ctx))
PFUN_FORWARD(void*, SSL_CTX_get_ex_data, (const SSL_CTX* ssl, int idx), (ssl, idx))
PFUN_FORWARD(SSL_verify_cb, SSL_CTX_get_verify_callback, (const SSL_CTX* ctx), (ctx))
PFUN_FORWARD(int, SSL_CTX_load_verify_locations,
             (SSL_CTX * ctx, const char* CAfile, const char* CApath), (ctx, CAfile, CApath))
PFUN_FORWARD(SSL_CTX*, SSL_CTX_new, (const SSL_METHOD* meth), (meth))
PFUN_FORWARD(void, SSL_CTX_set_default_passwd_cb_userdata, (SSL_CTX * ctx, void* u), (ctx, u))
PFUN_FORWARD(int, SSL_CTX_set_ex_data, (SSL_CTX * ssl, int idx, void* data), (ssl, idx, data))
PFUN_FORWARD(uint64_t, SSL_CTX_set_options, (SSL_CTX * ctx, uint64_t op), (ctx, op))
PFUN_FORWARD(void, SSL_CTX_set_verify, (SSL_CTX * ctx, int mode, SSL_verify_cb callback),
             (ctx, mode, callback))
PFUN_FORWARD(int, SSL_CTX_use_PrivateKey_file, (SSL_CTX * ctx, const char* file, int type),
             (ctx, file, type))
PFUN_FORWARD(int, SSL_CTX_use_certificate_chain_file, (SSL_CTX * ctx, const char* file),
             (ctx, file))
PFUN_FORWARD(int, SSL_accept, (SSL * ssl), (ssl))
PFUN_FORWARD(int, SSL_connect, (SSL * ssl), (ssl))
PFUN_FORWARD(long, SSL_ctrl, (SSL * ssl, int cmd, long larg, void* parg), (ssl, cmd, larg, parg))
PFUN_FORWARD(void, SSL_free, (SSL * ssl), (ssl))
PFUN_FORWARD(int, SSL_get_error, (const SSL* s, int ret_code), (s, ret_code))
PFUN_FORWARD(void*, SSL_get_ex_data, (const SSL* ssl, int idx), (ssl, idx))
PFUN_FORWARD(int, SSL_get_shutdown, (const SSL* ssl), (ssl))
PFUN_FORWARD(SSL*, SSL_new, (SSL_CTX * ctx), (ctx))
PFUN_FORWARD(int, SSL_read, (SSL * ssl, void* buf, int num), (ssl, buf, num))
PFUN_FORWARD(void, SSL_set_bio, (SSL * s, BIO* rbio, BIO* wbio), (s, rbio, wbio))
PFUN_FORWARD(int, SSL_set_ex_data, (SSL * ssl, int idx, void* data), (ssl, idx, data))
PFUN_FORWARD(int, SSL_write, (SSL * ssl, const void* buf, int num), (ssl, buf, num))
PFUN_FORWARD(const SSL_METHOD*, TLS_client_method, (void), ())
PFUN_FORWARD(const SSL_METHOD*, TLS_method, (void), ())
PFUN_FORWARD(const SSL_METHOD*, TLS_server_method, (void), ())
