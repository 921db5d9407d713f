// The dot-product kernels behind blocked_pairs() (candidates.hpp), one set per instruction
// set. Each set lives in its own translation unit compiled for that ISA (dot_baseline.cpp,
// dot_avx2.cpp with -mavx2 -mfma, dot_avx512.cpp with -mavx512f), which includes only this
// header and <immintrin.h>: no template or inline function of the standard library or Eigen is
// instantiated there, so the linker can never pick an AVX copy of a shared inline function
// for code that runs on a CPU without AVX. candidates.cpp chooses one set at run time.
//
// Within one set, dot(a, b) == dot(b, a) and dot_gather() gives bit for bit what dot() gives
// for each row: the same lanes accumulate the same products in the same order.
#pragma once
#include <cstddef>
#include <cstdint>

namespace kgls::simd {

/// a · b over d floats.
using DotFn = float (*)(const float* a, const float* b, size_t d);
/// out[i] = query · row ids[i], where row r starts at rows + r * stride (d floats).
/// Prefetches the rows a few ids ahead (random rows of a large matrix come from memory).
using DotGatherFn = void (*)(const float* query, const float* rows, size_t stride, const uint32_t* ids,
                             size_t count, size_t d, float* out);

namespace baseline {
float dot(const float* a, const float* b, size_t d);
void dot_gather(const float* query, const float* rows, size_t stride, const uint32_t* ids, size_t count, size_t d,
                float* out);
}  // namespace baseline

#if defined(__x86_64__)
namespace avx2 {
float dot(const float* a, const float* b, size_t d);
void dot_gather(const float* query, const float* rows, size_t stride, const uint32_t* ids, size_t count, size_t d,
                float* out);
}  // namespace avx2

namespace avx512 {
float dot(const float* a, const float* b, size_t d);
void dot_gather(const float* query, const float* rows, size_t stride, const uint32_t* ids, size_t count, size_t d,
                float* out);
}  // namespace avx512
#endif

}  // namespace kgls::simd
