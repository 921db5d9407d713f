// The portable dot kernels: plain loops over eight partial sums, which the compiler turns into
// SSE2 on baseline x86-64 (two 4-float registers) and into NEON elsewhere. Only this header:
// see dot_kernels.hpp for why.
#include "similarity/dot_kernels.hpp"

namespace kgls::simd::baseline {

namespace {

constexpr size_t kLanes = 8;
constexpr size_t kAhead = 8;  // Rows prefetched ahead in dot_gather().

inline float dot_row(const float* a, const float* b, size_t d) {
  float acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t j = 0;
  for (; j + kLanes <= d; j += kLanes)
    for (size_t l = 0; l < kLanes; ++l) acc[l] += a[j + l] * b[j + l];
  for (size_t l = 0; j + l < d; ++l) acc[l] += a[j + l] * b[j + l];
  return ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
}

// The row's first two cache lines; the hardware prefetcher follows on from them.
inline void prefetch_row(const float* row, size_t d) {
  const char* p = reinterpret_cast<const char*>(row);
  __builtin_prefetch(p, 0, 3);
  if (d * sizeof(float) > 64) __builtin_prefetch(p + 64, 0, 3);
}

}  // namespace

float dot(const float* a, const float* b, size_t d) { return dot_row(a, b, d); }

void dot_gather(const float* query, const float* rows, size_t stride, const uint32_t* ids, size_t count, size_t d,
                float* out) {
  for (size_t i = 0; i < count && i < kAhead; ++i) prefetch_row(rows + ids[i] * stride, d);
  for (size_t i = 0; i < count; ++i) {
    if (i + kAhead < count) prefetch_row(rows + ids[i + kAhead] * stride, d);
    out[i] = dot_row(query, rows + ids[i] * stride, d);
  }
}

}  // namespace kgls::simd::baseline
