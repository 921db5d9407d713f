// FNV-1a, the one non-cryptographic hash of kgls: content hashes (the index's "has this
// file changed"), feature hashing (similarity), stable colours (graph). Not a defence
// against someone forging collisions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kgls {

/// 64-bit FNV-1a. With a seed, the start state is FNV's offset basis mixed with the seed
/// (seed 0 is plain FNV-1a); pass a previous hash as the seed to chain pieces.
inline uint64_t fnv1a64(std::string_view bytes, uint64_t seed = 0) {
  uint64_t h = 14695981039346656037ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

/// 32-bit FNV-1a.
inline uint32_t fnv1a32(std::string_view bytes) {
  uint32_t h = 2166136261u;
  for (const char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

/// A 64-bit value as 16 lowercase hex digits.
inline std::string hex64(uint64_t h) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return out;
}

}  // namespace kgls
