// The AVX-512F dot kernels (compiled with -mavx512f; run only when the CPU has it).
// Intrinsics only, nothing but this header and <immintrin.h>: see dot_kernels.hpp.
//
// One row: two 16-float accumulators take alternate 16-float chunks, a last full chunk goes to
// the first, the tail (< 16 floats, masked load) to the second; then a fixed reduction.
// dot_gather() runs four rows side by side with exactly these steps per row.
#include "similarity/dot_kernels.hpp"

#if defined(__x86_64__)
// GCC 12's own avx512fintrin.h initialises its "undefined" vectors from themselves
// (`__m512 __Y = __Y;`, GCC bug 105593), which -Wuninitialized reports wherever a cast or
// shuffle is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

namespace kgls::simd::avx512 {

namespace {

constexpr size_t kAhead = 8;  // Rows prefetched ahead in dot_gather().

inline __mmask16 tail_mask(size_t n) { return static_cast<__mmask16>((1u << n) - 1u); }  // n < 16

inline float reduce(__m512 acc0, __m512 acc1) {
  const __m512 s = _mm512_add_ps(acc0, acc1);
  // Low 256 bits + high 256 bits.
  const __m256 h = _mm512_castps512_ps256(_mm512_add_ps(s, _mm512_shuffle_f32x4(s, s, _MM_SHUFFLE(1, 0, 3, 2))));
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
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
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  size_t j = 0;
  for (; j + 32 <= d; j += 32) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j), _mm512_loadu_ps(b + j), acc0);
    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j + 16), _mm512_loadu_ps(b + j + 16), acc1);
  }
  if (j + 16 <= d) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + j), _mm512_loadu_ps(b + j), acc0);
    j += 16;
  }
  if (j < d) {
    const __mmask16 m = tail_mask(d - j);
    acc1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + j), _mm512_maskz_loadu_ps(m, b + j), acc1);
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
    __m512 a00 = _mm512_setzero_ps(), a01 = _mm512_setzero_ps();
    __m512 a10 = _mm512_setzero_ps(), a11 = _mm512_setzero_ps();
    __m512 a20 = _mm512_setzero_ps(), a21 = _mm512_setzero_ps();
    __m512 a30 = _mm512_setzero_ps(), a31 = _mm512_setzero_ps();
    size_t j = 0;
    for (; j + 32 <= d; j += 32) {
      const __m512 q0 = _mm512_loadu_ps(query + j), q1 = _mm512_loadu_ps(query + j + 16);
      a00 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r0 + j), a00);
      a01 = _mm512_fmadd_ps(q1, _mm512_loadu_ps(r0 + j + 16), a01);
      a10 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r1 + j), a10);
      a11 = _mm512_fmadd_ps(q1, _mm512_loadu_ps(r1 + j + 16), a11);
      a20 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r2 + j), a20);
      a21 = _mm512_fmadd_ps(q1, _mm512_loadu_ps(r2 + j + 16), a21);
      a30 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r3 + j), a30);
      a31 = _mm512_fmadd_ps(q1, _mm512_loadu_ps(r3 + j + 16), a31);
    }
    if (j + 16 <= d) {
      const __m512 q0 = _mm512_loadu_ps(query + j);
      a00 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r0 + j), a00);
      a10 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r1 + j), a10);
      a20 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r2 + j), a20);
      a30 = _mm512_fmadd_ps(q0, _mm512_loadu_ps(r3 + j), a30);
      j += 16;
    }
    if (j < d) {
      const __mmask16 m = tail_mask(d - j);
      const __m512 q0 = _mm512_maskz_loadu_ps(m, query + j);
      a01 = _mm512_fmadd_ps(q0, _mm512_maskz_loadu_ps(m, r0 + j), a01);
      a11 = _mm512_fmadd_ps(q0, _mm512_maskz_loadu_ps(m, r1 + j), a11);
      a21 = _mm512_fmadd_ps(q0, _mm512_maskz_loadu_ps(m, r2 + j), a21);
      a31 = _mm512_fmadd_ps(q0, _mm512_maskz_loadu_ps(m, r3 + j), a31);
    }
    out[i] = reduce(a00, a01);
    out[i + 1] = reduce(a10, a11);
    out[i + 2] = reduce(a20, a21);
    out[i + 3] = reduce(a30, a31);
  }
  for (; i < count; ++i) out[i] = dot(query, rows + ids[i] * stride, d);
}

}  // namespace kgls::simd::avx512
#endif
