// OpenSSL on demand (on_demand.h): only nodes use it (the HMAC handshake, TLS), so a
// command that talks to no node never loads libssl or libcrypto. Loading and
// relocating them at every start was about two thirds of the dynamic loader's symbol
// bindings and a third of the page faults of `pfun run` of a one-line script.
//
// libssl is opened by its soname and brings libcrypto; dlsym on its handle searches
// both. CONF_modules_unload, which asio's OpenSSL clean-up calls at exit, does nothing
// when OpenSSL was never loaded.
#include "on_demand.h"

#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <atomic>

#ifndef PFUN_LIBSSL_SONAME
#error "PFUN_LIBSSL_SONAME must name the libssl shared library (set by cli/CMakeLists.txt)"
#endif

namespace {

std::atomic<bool>& loadedFlag() {
    static std::atomic<bool> loaded{false};
    return loaded;
}

void* libssl() {
    static void* const handle = [] {
        void* h = pfun::cli::on_demand::open(PFUN_LIBSSL_SONAME);
        loadedFlag().store(true, std::memory_order_release);
        return h;
    }();
    return handle;
}

} // namespace

#define PFUN_SSL(ret, name, params, args)                                                          \
    PFUN_FORWARD(libssl, PFUN_LIBSSL_SONAME, ret, name, params, args)

// libcrypto
PFUN_SSL(long, BIO_ctrl, (BIO * b, int cmd, long larg, void* parg), (b, cmd, larg, parg))
PFUN_SSL(size_t, BIO_ctrl_pending, (BIO * b), (b))
PFUN_SSL(int, BIO_free, (BIO * a), (a))
PFUN_SSL(int, BIO_new_bio_pair, (BIO * *bio1, size_t writebuf1, BIO** bio2, size_t writebuf2),
         (bio1, writebuf1, bio2, writebuf2))
PFUN_SSL(int, BIO_read, (BIO * b, void* data, int dlen), (b, data, dlen))
PFUN_SSL(int, BIO_write, (BIO * b, const void* data, int dlen), (b, data, dlen))
PFUN_SSL(int, CRYPTO_memcmp, (const void* a, const void* b, size_t len), (a, b, len))
PFUN_SSL(void, ERR_clear_error, (void), ())
PFUN_SSL(unsigned long, ERR_get_error, (void), ())
PFUN_SSL(const char*, ERR_lib_error_string, (unsigned long e), (e))
PFUN_SSL(const char*, ERR_reason_error_string, (unsigned long e), (e))
PFUN_SSL(const EVP_MD*, EVP_sha256, (void), ())
PFUN_SSL(unsigned char*, HMAC,
         (const EVP_MD* evp_md, const void* key, int key_len, const unsigned char* data,
          size_t data_len, unsigned char* md, unsigned int* md_len),
         (evp_md, key, key_len, data, data_len, md, md_len))
PFUN_SSL(int, RAND_bytes, (unsigned char* buf, int num), (buf, num))

// Called by asio's OpenSSL clean-up at exit: nothing to unload if nothing was loaded.
extern "C" void CONF_modules_unload(int all) {
    if (!loadedFlag().load(std::memory_order_acquire)) return;
    static auto* const target = pfun::cli::on_demand::resolved<decltype(::CONF_modules_unload)>(
        libssl(), PFUN_LIBSSL_SONAME, "CONF_modules_unload");
    target(all);
}

// libssl
PFUN_SSL(int, SSL_CTX_check_private_key, (const SSL_CTX* ctx), (ctx))
PFUN_SSL(long, SSL_CTX_ctrl, (SSL_CTX * ctx, int cmd, long larg, void* parg),
         (ctx, cmd, larg, parg))
PFUN_SSL(void, SSL_CTX_free, (SSL_CTX * ctx), (ctx))
PFUN_SSL(void*, SSL_CTX_get_default_passwd_cb_userdata, (SSL_CTX * ctx), (ctx))
PFUN_SSL(void*, SSL_CTX_get_ex_data, (const SSL_CTX* ssl, int idx), (ssl, idx))
PFUN_SSL(SSL_verify_cb, SSL_CTX_get_verify_callback, (const SSL_CTX* ctx), (ctx))
PFUN_SSL(int, SSL_CTX_load_verify_locations,
         (SSL_CTX * ctx, const char* CAfile, const char* CApath), (ctx, CAfile, CApath))
PFUN_SSL(SSL_CTX*, SSL_CTX_new, (const SSL_METHOD* meth), (meth))
PFUN_SSL(void, SSL_CTX_set_default_passwd_cb_userdata, (SSL_CTX * ctx, void* u), (ctx, u))
PFUN_SSL(int, SSL_CTX_set_ex_data, (SSL_CTX * ssl, int idx, void* data), (ssl, idx, data))
PFUN_SSL(uint64_t, SSL_CTX_set_options, (SSL_CTX * ctx, uint64_t op), (ctx, op))
PFUN_SSL(void, SSL_CTX_set_verify, (SSL_CTX * ctx, int mode, SSL_verify_cb callback),
         (ctx, mode, callback))
PFUN_SSL(int, SSL_CTX_use_PrivateKey_file, (SSL_CTX * ctx, const char* file, int type),
         (ctx, file, type))
PFUN_SSL(int, SSL_CTX_use_certificate_chain_file, (SSL_CTX * ctx, const char* file), (ctx, file))
PFUN_SSL(int, SSL_accept, (SSL * ssl), (ssl))
PFUN_SSL(int, SSL_connect, (SSL * ssl), (ssl))
PFUN_SSL(long, SSL_ctrl, (SSL * ssl, int cmd, long larg, void* parg), (ssl, cmd, larg, parg))
PFUN_SSL(void, SSL_free, (SSL * ssl), (ssl))
PFUN_SSL(int, SSL_get_error, (const SSL* s, int ret_code), (s, ret_code))
PFUN_SSL(void*, SSL_get_ex_data, (const SSL* ssl, int idx), (ssl, idx))
PFUN_SSL(int, SSL_get_shutdown, (const SSL* ssl), (ssl))
PFUN_SSL(SSL*, SSL_new, (SSL_CTX * ctx), (ctx))
PFUN_SSL(int, SSL_read, (SSL * ssl, void* buf, int num), (ssl, buf, num))
PFUN_SSL(void, SSL_set_bio, (SSL * s, BIO* rbio, BIO* wbio), (s, rbio, wbio))
PFUN_SSL(int, SSL_set_ex_data, (SSL * ssl, int idx, void* data), (ssl, idx, data))
PFUN_SSL(int, SSL_write, (SSL * ssl, const void* buf, int num), (ssl, buf, num))
PFUN_SSL(const SSL_METHOD*, TLS_client_method, (void), ())
PFUN_SSL(const SSL_METHOD*, TLS_method, (void), ())
PFUN_SSL(const SSL_METHOD*, TLS_server_method, (void), ())
