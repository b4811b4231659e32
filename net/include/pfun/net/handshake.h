// The handshake's cryptography and the cluster secret, apart from any socket so that
// tests can check them directly.
//
// Both nodes hold the same secret (32 random bytes in a file, not a password). Each
// side sends a fresh 32-byte nonce; then each proves it holds the secret with an
// HMAC-SHA256 over a role label and the whole transcript so far (the exact bytes of
// every handshake frame, in order), the connecting side first (docs/protocol.md).
// Binding the transcript means a proof cannot be replayed on another connection (the
// nonces differ) or reflected back (the labels differ), and nothing said during the
// handshake (names, nonces) can be altered without the proofs failing.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pfun::net {

inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kMacBytes = 32;
inline constexpr size_t kMinSecretBytes = 16;
inline constexpr size_t kMaxSecretBytes = 4096;

using Mac = std::array<uint8_t, kMacBytes>;

// Fresh random bytes from the system's CSPRNG (OpenSSL RAND_bytes); false if it fails.
bool randomBytes(std::span<uint8_t> out);

enum class Role { Connecting, Accepting };

// HMAC-SHA256(secret, label(role) || part1 || part2 || ...).
Mac transcriptMac(std::span<const uint8_t> secret, Role role,
                  std::initializer_list<std::span<const uint8_t>> transcript);

// Compares two MACs in constant time.
bool macEqual(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Reads the cluster secret (the file's bytes, kMinSecretBytes..kMaxSecretBytes).
// false with a reason in *error; *warning is set (and true returned) when the file
// may be read by others than its owner.
bool readSecretFile(const std::string& path, std::vector<uint8_t>& secret, std::string* error,
                    std::string* warning);

} // namespace pfun::net
