// The AVX2 + FMA dot kernels (compiled with -mavx2 -mfma; run only when the CPU has both).
// Intrinsics only, nothing but this header and <immintrin.h>: see dot_kernels.hpp.
//
// One row: two 8-float accumulators take alternate 8-float chunks, a last full chunk goes to
// the first, the tail (< 8 floats, masked load) to the second; then a fixed reduction.
// dot_gather() runs four rows side by side with exactly these steps per row.
#include "similarity/dot_kernels.hpp"

#if defined(__x86_64__)
#include <immintrin.h>

namespace kgls::simd::avx2 {

namespace {

constexpr size_t kAhead = 8;  // Rows prefetched ahead in dot_gather().

inline __m256i tail_mask(size_t n) {  // The first n (< 8) lanes.
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), lane);
}

inline float reduce(__m256 acc0, __m256 acc1) {
  const __m256 s = _mm256_add_ps(acc0, acc1);
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  x = _mm_add_ps(x, _mm_movehl_ps(x, x));
  x = _mm_add_ss(x, _mm_shuffle_ps(x, x, 1));
  return _mm_cvtss_f32(x);
}

// The row's first two cache lines; the hardware prefetcher follows on from them. (Every line
// of the row measured no faster from memory, and a third slower for rows already in cache.)
inline void prefetch_row(const float* row, size_t d) {
  const char* p = reinterpret_cast<const char*>(row);
  _mm_prefetch(p, _MM_HINT_T0);
  if (d * sizeof(float) > 64) _mm_prefetch(p + 64, _MM_HINT_T0);
}

}  // namespace

float dot(const float* a, const float* b, size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8), acc1);
  }
  if (j + 8 <= d) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), acc0);
    j += 8;
  }
  if (j < d) {
    const __m256i m = tail_mask(d - j);
    acc1 = _mm256_fmadd_ps(_mm256_maskload_ps(a + j, m), _mm256_maskload_ps(b + j, m), acc1);
  }
  return reduce(acc0, acc1);
}

void dot_gather(const float* query, const float* rows, size_t stride, const uint32_t* ids, size_t count, size_t d,
                float* out) {
  for (size_t i = 0; i < count && i < kAhead; ++i) prefetch_row(rows + ids[i] * stride, d);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    for (size_t p = i + kAhead; p < i + kAhead + 4 && p < count; ++p) prefetch_row(rows + ids[p] * stride, d);
    const float* r0 = rows + ids[i] * stride;
    const float* r1 = rows + ids[i + 1] * stride;
    const float* r2 = rows + ids[i + 2] * stride;
    const float* r3 = rows + ids[i + 3] * stride;
    __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps();
    __m256 a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps();
    __m256 a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps();
    __m256 a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 16 <= d; j += 16) {
      const __m256 q0 = _mm256_loadu_ps(query + j), q1 = _mm256_loadu_ps(query + j + 8);
      a00 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r0 + j), a00);
      a01 = _mm256_fmadd_ps(q1, _mm256_loadu_ps(r0 + j + 8), a01);
      a10 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r1 + j), a10);
      a11 = _mm256_fmadd_ps(q1, _mm256_loadu_ps(r1 + j + 8), a11);
      a20 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r2 + j), a20);
      a21 = _mm256_fmadd_ps(q1, _mm256_loadu_ps(r2 + j + 8), a21);
      a30 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r3 + j), a30);
      a31 = _mm256_fmadd_ps(q1, _mm256_loadu_ps(r3 + j + 8), a31);
    }
    if (j + 8 <= d) {
      const __m256 q0 = _mm256_loadu_ps(query + j);
      a00 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r0 + j), a00);
      a10 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r1 + j), a10);
      a20 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r2 + j), a20);
      a30 = _mm256_fmadd_ps(q0, _mm256_loadu_ps(r3 + j), a30);
      j += 8;
    }
    if (j < d) {
      const __m256i m = tail_mask(d - j);
      const __m256 q0 = _mm256_maskload_ps(query + j, m);
      a01 = _mm256_fmadd_ps(q0, _mm256_maskload_ps(r0 + j, m), a01);
      a11 = _mm256_fmadd_ps(q0, _mm256_maskload_ps(r1 + j, m), a11);
      a21 = _mm256_fmadd_ps(q0, _mm256_maskload_ps(r2 + j, m), a21);
      a31 = _mm256_fmadd_ps(q0, _mm256_maskload_ps(r3 + j, m), a31);
    }
    out[i] = reduce(a00, a01);
    out[i + 1] = reduce(a10, a11);
    out[i + 2] = reduce(a20, a21);
    out[i + 3] = reduce(a30, a31);
  }
  for (; i < count; ++i) out[i] = dot(query, rows + ids[i] * stride, d);
}

}  // namespace kgls::simd::avx2
#endif
