// Descent's matrix product: packed, cache-blocked, with a register-blocked micro-kernel per
// instruction set (see gemm_driver.h and gemm_microkernel.h), chosen at run time.

#include "CDescentKernels.h"
#include "thread_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define DESCENT_X86 1
#include <immintrin.h>
#endif

// Full unrolling of a constant-bound loop (clang; other compilers ignore it).
#if defined(__clang__)
#define UNROLL _Pragma("unroll")
#else
#define UNROLL
#endif

// Multiply-adds below which another thread costs more than it saves (64³; a 64 × 64 × 64
// product takes a few microseconds on one core).
#define MIN_WORK_PER_THREAD (64L * 64 * 64)

// The largest micro-tile any kernel below uses, in elements.
#define MAX_TILE (16 * 64)

// Block sizes: a kc × MR panel of A stays in L1 while the kc × nc block of B (at most 512 KiB)
// streams from L2; the mc × kc block of A lives in L2. Tuned on a 2-core AMD Zen 4 (32 KiB L1d,
// 1 MiB L2). The kc of a kernel fixes how the k-sum is split, so it must not depend on the
// operands; every kernel here uses kc = 256, which also makes the AVX2 and AVX-512 kernels
// give bit-identical products (both take one fused multiply-add per term, in the same order).

// One scratch buffer per thread for packed panels, grown as needed and kept for the thread's
// lifetime (a few MiB at most), so steady-state products allocate nothing.
static _Thread_local void *scratch_pointer = NULL;
static _Thread_local size_t scratch_capacity = 0;

static void *scratch_buffer(size_t bytes) {
  if (bytes <= scratch_capacity) return scratch_pointer;
  free(scratch_pointer);
  scratch_pointer = NULL;
  scratch_capacity = 0;
  size_t rounded = (bytes + 4095) / 4096 * 4096;
  void *p = NULL;
  if (posix_memalign(&p, 64, rounded) != 0) return NULL;
  scratch_pointer = p;
  scratch_capacity = rounded;
  return p;
}

typedef void (*kernel_f32)(long, const float *, const float *, float *, long, int);
typedef void (*kernel_f64)(long, const double *, const double *, double *, long, int);

typedef struct {
  kernel_f32 kernel;
  int mr, nr;
  long kc, mc, nc;
} config_f32;

typedef struct {
  kernel_f64 kernel;
  int mr, nr;
  long kc, mc, nc;
} config_f64;

// The AVX-512 kernels' tile heights and block sizes; the #ifndef lets a tuning build
// outside the package try others with -D.
#ifndef AVX512_MR_F32
#define AVX512_MR_F32 8
#endif
#ifndef AVX512_KC_F32
#define AVX512_KC_F32 256
#endif
#ifndef AVX512_MC_F32
#define AVX512_MC_F32 96
#endif
#ifndef AVX512_NC_F32
#define AVX512_NC_F32 512
#endif
#ifndef AVX512_NC_F64
#define AVX512_NC_F64 256
#endif
#ifndef AVX512_MR_F64
#define AVX512_MR_F64 8
#endif
#ifndef AVX512_KC_F64
#define AVX512_KC_F64 256
#endif
#ifndef AVX512_MC_F64
#define AVX512_MC_F64 96
#endif

// MARK: Portable kernels (plain C; the compiler vectorizes them for the baseline ISA).

#define KERNEL_TARGET
#define VZERO() 0
#define VSET1(x) (x)
#define VLOAD(p) (*(p))
#define VSTORE(p, v) (*(p) = (v))
#define VFMA(a, b, acc) ((a) * (b) + (acc))
#define VADD(x, y) ((x) + (y))
#define VW 1
#define MR 4
#define NV 8

#define KERNEL_NAME kernel_portable_f32
#define REAL float
#define VEC float
#include "gemm_microkernel.h"
#undef REAL

#define KERNEL_TARGET
#define VZERO() 0
#define VSET1(x) (x)
#define VLOAD(p) (*(p))
#define VSTORE(p, v) (*(p) = (v))
#define VFMA(a, b, acc) ((a) * (b) + (acc))
#define VADD(x, y) ((x) + (y))
#define VW 1
#define MR 4
#define NV 8
#define KERNEL_NAME kernel_portable_f64
#define REAL double
#define VEC double
#include "gemm_microkernel.h"
#undef REAL

static const config_f32 portable_f32 = {kernel_portable_f32, 4, 8, 256, 128, 512};
static const config_f64 portable_f64 = {kernel_portable_f64, 4, 8, 256, 128, 256};

#ifdef DESCENT_X86

// MARK: AVX2 + FMA kernels: 6 × 16 (float32) and 6 × 8 (float64), 12 accumulators of 16.

#define KERNEL_TARGET __attribute__((target("avx2,fma")))
#define VZERO() _mm256_setzero_ps()
#define VSET1(x) _mm256_set1_ps(x)
#define VLOAD(p) _mm256_loadu_ps(p)
#define VSTORE(p, v) _mm256_storeu_ps(p, v)
#define VFMA(a, b, acc) _mm256_fmadd_ps(a, b, acc)
#define VADD(x, y) _mm256_add_ps(x, y)
#define VW 8
#define MR 6
#define NV 2
#define KERNEL_NAME kernel_avx2_f32
#define REAL float
#define VEC __m256
#include "gemm_microkernel.h"
#undef REAL

#define KERNEL_TARGET __attribute__((target("avx2,fma")))
#define VZERO() _mm256_setzero_pd()
#define VSET1(x) _mm256_set1_pd(x)
#define VLOAD(p) _mm256_loadu_pd(p)
#define VSTORE(p, v) _mm256_storeu_pd(p, v)
#define VFMA(a, b, acc) _mm256_fmadd_pd(a, b, acc)
#define VADD(x, y) _mm256_add_pd(x, y)
#define VW 4
#define MR 6
#define NV 2
#define KERNEL_NAME kernel_avx2_f64
#define REAL double
#define VEC __m256d
#include "gemm_microkernel.h"
#undef REAL

// MARK: AVX-512 kernels: 8 × 32 (float32) and 8 × 16 (float64), 16 accumulators of 32.

#define KERNEL_TARGET __attribute__((target("avx512f")))
#define VZERO() _mm512_setzero_ps()
#define VSET1(x) _mm512_set1_ps(x)
#define VLOAD(p) _mm512_loadu_ps(p)
#define VSTORE(p, v) _mm512_storeu_ps(p, v)
#define VFMA(a, b, acc) _mm512_fmadd_ps(a, b, acc)
#define VADD(x, y) _mm512_add_ps(x, y)
#define VW 16
#define MR AVX512_MR_F32
#define NV 2
#define KERNEL_NAME kernel_avx512_f32
#define REAL float
#define VEC __m512
#include "gemm_microkernel.h"
#undef REAL

#define KERNEL_TARGET __attribute__((target("avx512f")))
#define VZERO() _mm512_setzero_pd()
#define VSET1(x) _mm512_set1_pd(x)
#define VLOAD(p) _mm512_loadu_pd(p)
#define VSTORE(p, v) _mm512_storeu_pd(p, v)
#define VFMA(a, b, acc) _mm512_fmadd_pd(a, b, acc)
#define VADD(x, y) _mm512_add_pd(x, y)
#define VW 8
#define MR AVX512_MR_F64
#define NV 2
#define KERNEL_NAME kernel_avx512_f64
#define REAL double
#define VEC __m512d
#include "gemm_microkernel.h"
#undef REAL

static const config_f32 avx2_f32 = {kernel_avx2_f32, 6, 16, 256, 96, 512};
static const config_f64 avx2_f64 = {kernel_avx2_f64, 6, 8, 256, 96, 256};
static const config_f32 avx512_f32 = {
    kernel_avx512_f32, AVX512_MR_F32, 32, AVX512_KC_F32, AVX512_MC_F32, AVX512_NC_F32};
static const config_f64 avx512_f64 = {
    kernel_avx512_f64, AVX512_MR_F64, 16, AVX512_KC_F64, AVX512_MC_F64, AVX512_NC_F64};

// MARK: Register transposes for packing (AVX2).

// dst[p·width + r] = src[r·ld + p] for r < width (a multiple of 8), p < kc: 8 × 8 blocks
// transposed in registers, then the kc % 8 last columns one by one.
__attribute__((target("avx2,fma"))) static void interleave_avx2_f32(
    const float *src, long ld, long width, long kc, float *restrict dst) {
  long p0 = 0;
  for (; p0 + 8 <= kc; p0 += 8) {
    for (long r0 = 0; r0 < width; r0 += 8) {
      const float *s = src + r0 * ld + p0;
      __m256 r[8], t[8], u[8];
      for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(s + i * ld);
      for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
      }
      for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
      }
      float *d = dst + p0 * width + r0;
      for (int q = 0; q < 4; q++) {
        _mm256_storeu_ps(d + q * width, _mm256_permute2f128_ps(u[q], u[q + 4], 0x20));
        _mm256_storeu_ps(d + (q + 4) * width, _mm256_permute2f128_ps(u[q], u[q + 4], 0x31));
      }
    }
  }
  for (long r = 0; r < width; r++)
    for (long p = p0; p < kc; p++) dst[p * width + r] = src[r * ld + p];
}

// The float64 counterpart, with 4 × 4 blocks (width a multiple of 4).
__attribute__((target("avx2,fma"))) static void interleave_avx2_f64(
    const double *src, long ld, long width, long kc, double *restrict dst) {
  long p0 = 0;
  for (; p0 + 4 <= kc; p0 += 4) {
    for (long r0 = 0; r0 < width; r0 += 4) {
      const double *s = src + r0 * ld + p0;
      __m256d r0v = _mm256_loadu_pd(s), r1v = _mm256_loadu_pd(s + ld);
      __m256d r2v = _mm256_loadu_pd(s + 2 * ld), r3v = _mm256_loadu_pd(s + 3 * ld);
      __m256d t0 = _mm256_unpacklo_pd(r0v, r1v), t1 = _mm256_unpackhi_pd(r0v, r1v);
      __m256d t2 = _mm256_unpacklo_pd(r2v, r3v), t3 = _mm256_unpackhi_pd(r2v, r3v);
      double *d = dst + p0 * width + r0;
      _mm256_storeu_pd(d, _mm256_permute2f128_pd(t0, t2, 0x20));
      _mm256_storeu_pd(d + width, _mm256_permute2f128_pd(t1, t3, 0x20));
      _mm256_storeu_pd(d + 2 * width, _mm256_permute2f128_pd(t0, t2, 0x31));
      _mm256_storeu_pd(d + 3 * width, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
  }
  for (long r = 0; r < width; r++)
    for (long p = p0; p < kc; p++) dst[p * width + r] = src[r * ld + p];
}

#endif

// Whether this CPU runs AVX2 with FMA (checked once per call of the product's packing).
static int has_avx2_fma(void) {
#ifdef DESCENT_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

DescentISA descent_gemm_resolve_isa(DescentISA isa) {
#ifdef DESCENT_X86
  __builtin_cpu_init();
  const int has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const int has_avx512 = has_avx2 && __builtin_cpu_supports("avx512f");
  const DescentISA best =
      has_avx512 ? DESCENT_ISA_AVX512 : (has_avx2 ? DESCENT_ISA_AVX2 : DESCENT_ISA_PORTABLE);
  if (isa == DESCENT_ISA_BEST || isa > best) return best;
  return isa;
#else
  (void)isa;
  return DESCENT_ISA_PORTABLE;
#endif
}

#define REAL float
#define SUFFIX(name) name##_f32
#define CONFIG config_f32
#define TRANSPOSE_BLOCK 8
#include "gemm_driver.h"

#define REAL double
#define SUFFIX(name) name##_f64
#define CONFIG config_f64
#define TRANSPOSE_BLOCK 4
#include "gemm_driver.h"

void descent_gemm_f32(
    int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
    const float *b, long ldb, float *c, long ldc, int threads, DescentISA isa) {
  const config_f32 *config = &portable_f32;
#ifdef DESCENT_X86
  switch (descent_gemm_resolve_isa(isa)) {
  case DESCENT_ISA_AVX512: config = &avx512_f32; break;
  case DESCENT_ISA_AVX2: config = &avx2_f32; break;
  default: break;
  }
#else
  (void)isa;
#endif
  gemm_threaded_f32(config, transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, threads);
}

void descent_gemm_f64(
    int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
    const double *b, long ldb, double *c, long ldc, int threads, DescentISA isa) {
  const config_f64 *config = &portable_f64;
#ifdef DESCENT_X86
  switch (descent_gemm_resolve_isa(isa)) {
  case DESCENT_ISA_AVX512: config = &avx512_f64; break;
  case DESCENT_ISA_AVX2: config = &avx2_f64; break;
  default: break;
  }
#else
  (void)isa;
#endif
  gemm_threaded_f64(config, transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, threads);
}
