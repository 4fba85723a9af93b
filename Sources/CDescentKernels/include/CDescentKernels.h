#ifndef C_DESCENT_KERNELS_H
#define C_DESCENT_KERNELS_H

/// Descent's matrix-product kernels in C: the one place where the package needs instructions
/// beyond baseline x86-64 (AVX2 with FMA, AVX-512), chosen at run time by CPU feature checks,
/// with a portable C path everywhere else (Arm included). No compiler flags are needed: the
/// vector code sits in functions carrying `__attribute__((target(...)))`.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets a product can run on. `DESCENT_ISA_BEST` picks the widest one this CPU
/// supports; asking for one it lacks falls back to the best supported one.
typedef enum {
  DESCENT_ISA_BEST = -1,
  DESCENT_ISA_PORTABLE = 0,
  DESCENT_ISA_AVX2 = 1,
  DESCENT_ISA_AVX512 = 2,
} DescentISA;

/// The instruction set that `isa` resolves to on this CPU (never `DESCENT_ISA_BEST`).
DescentISA descent_gemm_resolve_isa(DescentISA isa);

/// C = op(A)·op(B) in float32, row-major, on up to `threads` threads.
///
/// op(A) is `m × k`: with `transpose_a == 0`, A(i, p) = a[i·lda + p]; otherwise A is stored
/// `k × m` and A(i, p) = a[p·lda + i]. Likewise op(B) is `k × n`: B(p, j) = b[p·ldb + j], or
/// b[j·ldb + p] when `transpose_b != 0`. C(i, j) = c[i·ldc + j] is overwritten (never read);
/// `k == 0` writes zeros, and `a`, `b` may then be null.
///
/// Products of at least 2·64³ multiply-adds are split across threads by blocks of C's rows
/// (when m > n) or columns, never by the k-sum; each thread runs the same blocked product on
/// its block. Every element is summed in the same order, whatever `m` and `n` are and wherever
/// the element sits in C: the k-sum runs in blocks of a fixed size (256), each block a fused
/// multiply-add chain in increasing p, added to the element in block order. So the result is
/// bit-identical for every `threads`. Threads come from a process-wide pool whose idle workers
/// spin for 0.2 ms before sleeping.
void descent_gemm_f32(
    int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
    const float *b, long ldb, float *c, long ldc, int threads, DescentISA isa);

/// The float64 counterpart of `descent_gemm_f32`, with the same layout and guarantees.
void descent_gemm_f64(
    int transpose_a, int transpose_b, long m, long n, long k, const double *a, long lda,
    const double *b, long ldb, double *c, long ldc, int threads, DescentISA isa);

/// One Adam (or AdamW) step's numbers for `descent_adam_f32` and `descent_adam_f64`, in
/// double precision (the kernels round them to the element type).
typedef struct {
  double beta1;                  ///< β₁
  double beta2;                  ///< β₂
  double epsilon;                ///< ε
  double bias_correction2_root;  ///< √(1 − β₂ᵗ)
  double step_size;              ///< η / (1 − β₁ᵗ)
  double l2_decay;               ///< λ of an L2 penalty added to the gradient (0: none)
  double keep;                   ///< the factor on p before the step (AdamW: 1 − η·λ; else 1)
  int first;                     ///< whether this is the first step (m, v, max_v not read)
} DescentAdamStep;

/// Adam's update of elements [start, end), in place:
///
///     g = ∇ (+ λ·p);  m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·g²
///     v̂max = max(v̂max, v)                  (AMSGrad, when max_v is not null)
///     p = p·keep − m / (√(v or v̂max) / √(1 − β₂ᵗ) + ε) · η / (1 − β₁ᵗ)
///
/// On the first step m = (1 − β₁)·g, v = (1 − β₂)·g·g and v̂max = v. Arrays must not overlap.
/// Every instruction set gives the same bits (no fused multiply-adds).
void descent_adam_f32(
    long start, long end, float *p, const float *g, float *m, float *v, float *max_v,
    const DescentAdamStep *step);

/// The float64 counterpart of `descent_adam_f32`.
void descent_adam_f64(
    long start, long end, double *p, const double *g, double *m, double *v, double *max_v,
    const DescentAdamStep *step);

/// One SGD step's numbers for `descent_sgd_f32` and `descent_sgd_f64`.
typedef struct {
  double momentum;       ///< μ
  double dampening;      ///< τ
  double learning_rate;  ///< η
  double l2_decay;       ///< λ of an L2 penalty added to the gradient (0: none)
  int nesterov;          ///< whether to step along g + μ·b instead of b
  int first;             ///< whether this is the buffer's first step (b = g, not read)
} DescentMomentumStep;

/// SGD's update of elements [start, end), in place: with g = ∇ (+ λ·p), p = p − η·g when
/// `buffer` is null; otherwise b = g (first step) or μ·b + (1 − τ)·g, and
/// p = p − η·(g + μ·b if Nesterov, else b). Arrays must not overlap.
void descent_sgd_f32(
    long start, long end, float *p, const float *g, float *buffer,
    const DescentMomentumStep *step);

/// The float64 counterpart of `descent_sgd_f32`.
void descent_sgd_f64(
    long start, long end, double *p, const double *g, double *buffer,
    const DescentMomentumStep *step);

/// One RMSProp step's numbers for `descent_rmsprop_f32` and `descent_rmsprop_f64`.
typedef struct {
  double alpha;          ///< α, the smoothing constant
  double epsilon;        ///< ε
  double momentum;       ///< μ (used when a buffer is given)
  double learning_rate;  ///< η
  double l2_decay;       ///< λ of an L2 penalty added to the gradient (0: none)
  int first_square;      ///< whether the mean square is new (not read)
  int first_mean;        ///< whether the mean gradient is new (not read)
  int first_buffer;      ///< whether the momentum buffer is new (not read)
} DescentRMSPropStep;

/// RMSProp's update of elements [start, end), in place:
///
///     g = ∇ (+ λ·p);  s = α·s + (1 − α)·g²;  ḡ = α·ḡ + (1 − α)·g   (when grad_avg is given)
///     d = g / (√(s − ḡ² or s) + ε);  b = μ·b + d (when buffer is given; then d = b)
///     p = p − η·d
///
/// A new state starts from its first term ((1 − α)·g², (1 − α)·g, d). Arrays must not overlap.
void descent_rmsprop_f32(
    long start, long end, float *p, const float *g, float *square_avg, float *grad_avg,
    float *buffer, const DescentRMSPropStep *step);

/// The float64 counterpart of `descent_rmsprop_f32`.
void descent_rmsprop_f64(
    long start, long end, double *p, const double *g, double *square_avg, double *grad_avg,
    double *buffer, const DescentRMSPropStep *step);

/// One Adagrad step's numbers for `descent_adagrad_f32` and `descent_adagrad_f64`.
typedef struct {
  double epsilon;        ///< ε
  double learning_rate;  ///< this step's η / (1 + (t − 1)·δ)
  double l2_decay;       ///< λ of an L2 penalty added to the gradient (0: none)
} DescentAdagradStep;

/// Adagrad's update of elements [start, end), in place: g = ∇ (+ λ·p); s = s + g²;
/// p = p − g / (√s + ε) · η. Arrays must not overlap.
void descent_adagrad_f32(
    long start, long end, float *p, const float *g, float *sum, const DescentAdagradStep *step);

/// The float64 counterpart of `descent_adagrad_f32`.
void descent_adagrad_f64(
    long start, long end, double *p, const double *g, double *sum,
    const DescentAdagradStep *step);

/// A part of a parallel loop: `body(context, index)` does part `index` of the work `context`
/// describes.
typedef void (*descent_parallel_body)(void *context, long index);

/// Runs `body(context, i)` for every i in [0, count) on up to `threads` threads: the caller and
/// the workers of the process-wide pool the products use (see `descent_gemm_f32`). Returns
/// when every part is done. Parts run in any order and on any thread, so each must write its
/// own, disjoint output; work split this way gives the same result for every `threads`.
void descent_parallel_for(long count, int threads, descent_parallel_body body, void *context);

#ifdef __cplusplus
}
#endif

#endif
