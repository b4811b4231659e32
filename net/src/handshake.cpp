#include "pfun/net/handshake.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string_view>

#include <sys/stat.h>

namespace pfun::net {

bool randomBytes(std::span<uint8_t> out) {
    return RAND_bytes(out.data(), int(out.size())) == 1;
}

Mac transcriptMac(std::span<const uint8_t> secret, Role role,
                  std::initializer_list<std::span<const uint8_t>> transcript) {
    Mac mac{};
    std::string_view label = role == Role::Connecting ? "pfun-connect" : "pfun-accept";
    // One-shot HMAC over the concatenation (the transcript is a few hundred bytes).
    std::vector<uint8_t> data(label.begin(), label.end());
    for (auto part : transcript)
        data.insert(data.end(), part.begin(), part.end());
    unsigned len = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()), data.data(), data.size(), mac.data(),
         &len);
    return mac;
}

bool macEqual(std::span<const uint8_t> a, std::span<const uint8_t> b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool readSecretFile(const std::string& path, std::vector<uint8_t>& secret, std::string* error,
                    std::string* warning) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (error) *error = "cannot read the secret file " + path;
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        if (error) *error = "the secret file " + path + " is not a regular file";
        return false;
    }
    if (st.st_size > off_t(kMaxSecretBytes)) {
        if (error) *error = "the secret file " + path + " is larger than 4096 bytes";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = "cannot read the secret file " + path;
        return false;
    }
    secret.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (secret.size() < kMinSecretBytes) {
        if (error)
            *error = "the secret file " + path + " holds " + std::to_string(secret.size()) +
                     " bytes; at least 16 (32 random bytes recommended)";
        return false;
    }
    if (warning && (st.st_mode & (S_IRGRP | S_IROTH)))
        *warning = "the secret file " + path + " may be read by other users (chmod 600 it)";
    return true;
}

} // namespace pfun::net
