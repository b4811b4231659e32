// Test certificates made at test time with the OpenSSL C API (no `openssl` command
// needed): a CA, and node certificates signed by it, written as PEM files into a
// temporary directory that is removed with the object.
//
// Keys are P-256; certificates are X.509 v3 valid from an hour ago for a day. The CA
// carries basicConstraints CA:TRUE and keyCertSign; a node certificate CA:FALSE and
// both serverAuth and clientAuth, since every node is a TLS client and server.
#pragma once

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace pfun::testing {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
    void operator()(X509* c) const { X509_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

// One node's files: certificate, key, and the CA certificate it trusts.
struct TlsFiles {
    std::string cert, key, ca;
};

class TestPki {
  public:
    TestPki() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pfun-tls-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir_ = pattern;
    }
    ~TestPki() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    // A new CA named `name`; its certificate is written to <name>.ca.pem.
    struct Ca {
        Pkey key;
        Cert cert;
        std::string file;
    };
    Ca makeCa(const std::string& name) {
        Ca ca;
        ca.key = newKey();
        ca.cert = build(name, ca.key.get(), nullptr, ca.key.get(), true);
        ca.file = path(name + ".ca.pem");
        writeCert(ca.cert.get(), ca.file);
        return ca;
    }

    // A node certificate for `name`, signed by `ca`.
    TlsFiles makeNode(const Ca& ca, const std::string& name) {
        Pkey key = newKey();
        Cert cert = build(name, key.get(), ca.cert.get(), ca.key.get(), false);
        TlsFiles f{path(name + ".pem"), path(name + ".key"), ca.file};
        writeCert(cert.get(), f.cert);
        FILE* out = std::fopen(f.key.c_str(), "w");
        REQUIRE(out != nullptr);
        REQUIRE(PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
        std::fclose(out);
        return f;
    }

  private:
    std::string path(const std::string& file) const { return (dir_ / file).string(); }

    static Pkey newKey() {
        Pkey k(EVP_EC_gen("P-256"));
        REQUIRE(k != nullptr);
        return k;
    }

    static void addExt(X509* cert, X509* issuer, int nid, const char* value) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        REQUIRE(ext != nullptr);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }

    Cert build(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey, bool isCa) {
        Cert cert(X509_new());
        REQUIRE(cert != nullptr);
        X509_set_version(cert.get(), 2); // v3
        ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), long(++serial_));
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
        X509_set_pubkey(cert.get(), key);
        X509_NAME* name = X509_get_subject_name(cert.get());
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
        X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
        if (isCa) {
            addExt(cert.get(), issuer, NID_basic_constraints, "critical,CA:TRUE");
            addExt(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
        } else {
            addExt(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
            addExt(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
            addExt(cert.get(), issuer, NID_ext_key_usage, "serverAuth,clientAuth");
        }
        REQUIRE(X509_sign(cert.get(), issuerKey, EVP_sha256()) > 0);
        return cert;
    }

    static void writeCert(X509* cert, const std::string& file) {
        FILE* out = std::fopen(file.c_str(), "w");
        REQUIRE(out != nullptr);
        REQUIRE(PEM_write_X509(out, cert) == 1);
        std::fclose(out);
    }

    std::filesystem::path dir_;
    long serial_ = 0;
};

} // namespace pfun::testing
