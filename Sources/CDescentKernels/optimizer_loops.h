// The optimizers' element-wise loops for one element type, included by optimizers.c once per
// type with REAL (float or double) and SUFFIX(name) defined. Each loop is written once, as an
// always-inlined function of constant flags; the dispatchers below inline it once per flag
// combination and instruction set, so every combination compiles to a straight vector loop.
//
// The formulas, and the order of every operation in them, are those of the Swift code they
// serve (Optimizers/FusedUpdates.swift); contraction into fused multiply-adds is off
// (optimizers.c), so every instruction set gives the same bits.

// Adam on [start, end): see DescentAdamStep.
static inline __attribute__((always_inline)) void SUFFIX(adam_loop)(
    long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict m,
    REAL *restrict v, REAL *restrict max_v, const DescentAdamStep *step, const int first,
    const int amsgrad, const int l2) {
  const REAL b1 = (REAL)step->beta1, c1 = (REAL)(1 - step->beta1);
  const REAL b2 = (REAL)step->beta2, c2 = (REAL)(1 - step->beta2);
  const REAL root = (REAL)step->bias_correction2_root, eps = (REAL)step->epsilon;
  const REAL size = (REAL)step->step_size, lambda = (REAL)step->l2_decay;
  const REAL keep = (REAL)step->keep;
  for (long i = start; i < end; i++) {
    const REAL pi = p[i];
    const REAL gi = l2 ? g[i] + pi * lambda : g[i];
    const REAL mi = first ? gi * c1 : m[i] * b1 + gi * c1;
    const REAL vi = first ? gi * gi * c2 : v[i] * b2 + gi * gi * c2;
    REAL denominator_source = vi;
    if (amsgrad) {
      // Swift.max(old, vi): vi when vi >= old, else old (so a NaN vi keeps old).
      const REAL maximum = first ? vi : (vi >= max_v[i] ? vi : max_v[i]);
      max_v[i] = maximum;
      denominator_source = maximum;
    }
    m[i] = mi;
    v[i] = vi;
    p[i] = pi * keep - mi / (SQRT(denominator_source) / root + eps) * size;
  }
}

// SGD on [start, end): see DescentMomentumStep.
static inline __attribute__((always_inline)) void SUFFIX(sgd_loop)(
    long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict buffer,
    const DescentMomentumStep *step, const int has_buffer, const int first, const int nesterov,
    const int l2) {
  const REAL mu = (REAL)step->momentum, rate = (REAL)step->learning_rate;
  const REAL keep = step->dampening == 0 ? (REAL)1 : (REAL)(1 - step->dampening);
  const REAL lambda = (REAL)step->l2_decay;
  for (long i = start; i < end; i++) {
    const REAL pi = p[i];
    const REAL gi = l2 ? g[i] + pi * lambda : g[i];
    if (!has_buffer) {
      p[i] = pi - gi * rate;
      continue;
    }
    const REAL bi = first ? gi : buffer[i] * mu + gi * keep;
    buffer[i] = bi;
    const REAL direction = nesterov ? gi + bi * mu : bi;
    p[i] = pi - direction * rate;
  }
}

// RMSProp on [start, end): see DescentRMSPropStep.
static inline __attribute__((always_inline)) void SUFFIX(rmsprop_loop)(
    long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict square_avg,
    REAL *restrict grad_avg, REAL *restrict buffer, const DescentRMSPropStep *step,
    const int first_square, const int first_mean, const int first_buffer, const int l2) {
  const REAL alpha = (REAL)step->alpha, keep = (REAL)(1 - step->alpha);
  const REAL eps = (REAL)step->epsilon, mu = (REAL)step->momentum;
  const REAL rate = (REAL)step->learning_rate, lambda = (REAL)step->l2_decay;
  for (long i = start; i < end; i++) {
    const REAL pi = p[i];
    const REAL gi = l2 ? g[i] + pi * lambda : g[i];
    const REAL s = first_square ? gi * gi * keep : square_avg[i] * alpha + gi * gi * keep;
    square_avg[i] = s;
    REAL variance = s;
    if (grad_avg) {
      const REAL mean = first_mean ? gi * keep : grad_avg[i] * alpha + gi * keep;
      grad_avg[i] = mean;
      variance = s - mean * mean;
    }
    REAL direction = gi / (SQRT(variance) + eps);
    if (buffer) {
      const REAL b = first_buffer ? direction : buffer[i] * mu + direction;
      buffer[i] = b;
      direction = b;
    }
    p[i] = pi - direction * rate;
  }
}

// Adagrad on [start, end): see DescentAdagradStep.
static inline __attribute__((always_inline)) void SUFFIX(adagrad_loop)(
    long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict sum,
    const DescentAdagradStep *step, const int l2) {
  const REAL eps = (REAL)step->epsilon, rate = (REAL)step->learning_rate;
  const REAL lambda = (REAL)step->l2_decay;
  for (long i = start; i < end; i++) {
    const REAL pi = p[i];
    const REAL gi = l2 ? g[i] + pi * lambda : g[i];
    const REAL s = sum[i] + gi * gi;
    sum[i] = s;
    p[i] = pi - gi / (SQRT(s) + eps) * rate;
  }
}

#define RMSPROP_CASE(first_square, first_mean, first_buffer, l2)                               \
  SUFFIX(rmsprop_loop)(                                                                        \
      start, end, p, g, square_avg, grad_avg, buffer, step, first_square, first_mean,          \
      first_buffer, l2)
// Every state after its first step takes a loop of its own (grad_avg and buffer being null or
// not is known inside it, as the loop tests them once they are constants); first steps, once
// per parameter, share a loop that tests the flags as it goes.
#define RMSPROP_BODY                                                                           \
  if (step->first_square || step->first_mean || step->first_buffer) {                          \
    RMSPROP_CASE(                                                                              \
        step->first_square, step->first_mean, step->first_buffer, step->l2_decay != 0);        \
    return;                                                                                    \
  }                                                                                            \
  if (step->l2_decay != 0) RMSPROP_CASE(0, 0, 0, 1);                                           \
  else RMSPROP_CASE(0, 0, 0, 0);
#define RMSPROP_PARAMETERS                                                                     \
  long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict square_avg,   \
      REAL *restrict grad_avg, REAL *restrict buffer, const DescentRMSPropStep *step
#define ADAGRAD_BODY                                                                           \
  if (step->l2_decay != 0) SUFFIX(adagrad_loop)(start, end, p, g, sum, step, 1);               \
  else SUFFIX(adagrad_loop)(start, end, p, g, sum, step, 0);
#define ADAGRAD_PARAMETERS                                                                     \
  long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict sum,          \
      const DescentAdagradStep *step

#define ADAM_CASE(first, amsgrad, l2)                                                          \
  SUFFIX(adam_loop)(start, end, p, g, m, v, max_v, step, first, amsgrad, l2)
#define ADAM_BODY                                                                              \
  switch ((step->first ? 4 : 0) | (max_v ? 2 : 0) | (step->l2_decay != 0 ? 1 : 0)) {           \
  case 0: ADAM_CASE(0, 0, 0); break;                                                           \
  case 1: ADAM_CASE(0, 0, 1); break;                                                           \
  case 2: ADAM_CASE(0, 1, 0); break;                                                           \
  case 3: ADAM_CASE(0, 1, 1); break;                                                           \
  case 4: ADAM_CASE(1, 0, 0); break;                                                           \
  case 5: ADAM_CASE(1, 0, 1); break;                                                           \
  case 6: ADAM_CASE(1, 1, 0); break;                                                           \
  default: ADAM_CASE(1, 1, 1); break;                                                          \
  }
#define ADAM_PARAMETERS                                                                        \
  long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict m,            \
      REAL *restrict v, REAL *restrict max_v, const DescentAdamStep *step

#define SGD_CASE(has_buffer, first, nesterov, l2)                                              \
  SUFFIX(sgd_loop)(start, end, p, g, buffer, step, has_buffer, first, nesterov, l2)
#define SGD_BODY                                                                               \
  if (!buffer) {                                                                               \
    if (step->l2_decay != 0) SGD_CASE(0, 0, 0, 1);                                             \
    else SGD_CASE(0, 0, 0, 0);                                                                 \
    return;                                                                                    \
  }                                                                                            \
  switch ((step->first ? 4 : 0) | (step->nesterov ? 2 : 0) | (step->l2_decay != 0 ? 1 : 0)) { \
  case 0: SGD_CASE(1, 0, 0, 0); break;                                                         \
  case 1: SGD_CASE(1, 0, 0, 1); break;                                                         \
  case 2: SGD_CASE(1, 0, 1, 0); break;                                                         \
  case 3: SGD_CASE(1, 0, 1, 1); break;                                                         \
  case 4: SGD_CASE(1, 1, 0, 0); break;                                                         \
  case 5: SGD_CASE(1, 1, 0, 1); break;                                                         \
  case 6: SGD_CASE(1, 1, 1, 0); break;                                                         \
  default: SGD_CASE(1, 1, 1, 1); break;                                                        \
  }
#define SGD_PARAMETERS                                                                         \
  long start, long end, REAL *restrict p, const REAL *restrict g, REAL *restrict buffer,       \
      const DescentMomentumStep *step

// Each optimizer's loops for the portable baseline, AVX2 and AVX-512, and a dispatcher that
// picks the widest this CPU has.
#ifdef DESCENT_X86
#define DEFINE_OPTIMIZER(name, PARAMETERS, BODY, ...)                                          \
  static void SUFFIX(name##_portable)(PARAMETERS) { BODY }                                     \
  __attribute__((target("avx2"))) static void SUFFIX(name##_avx2)(PARAMETERS) { BODY }         \
  __attribute__((target("avx512f"))) static void SUFFIX(name##_avx512)(PARAMETERS) { BODY }    \
  void SUFFIX(descent_##name)(PARAMETERS) {                                                    \
    switch (descent_gemm_resolve_isa(DESCENT_ISA_BEST)) {                                      \
    case DESCENT_ISA_AVX512: SUFFIX(name##_avx512)(__VA_ARGS__); return;                       \
    case DESCENT_ISA_AVX2: SUFFIX(name##_avx2)(__VA_ARGS__); return;                           \
    default: SUFFIX(name##_portable)(__VA_ARGS__); return;                                     \
    }                                                                                          \
  }
#else
#define DEFINE_OPTIMIZER(name, PARAMETERS, BODY, ...)                                          \
  static void SUFFIX(name##_portable)(PARAMETERS) { BODY }                                     \
  void SUFFIX(descent_##name)(PARAMETERS) { SUFFIX(name##_portable)(__VA_ARGS__); }
#endif

DEFINE_OPTIMIZER(adam, ADAM_PARAMETERS, ADAM_BODY, start, end, p, g, m, v, max_v, step)
DEFINE_OPTIMIZER(sgd, SGD_PARAMETERS, SGD_BODY, start, end, p, g, buffer, step)
DEFINE_OPTIMIZER(
    rmsprop, RMSPROP_PARAMETERS, RMSPROP_BODY, start, end, p, g, square_avg, grad_avg, buffer,
    step)
DEFINE_OPTIMIZER(adagrad, ADAGRAD_PARAMETERS, ADAGRAD_BODY, start, end, p, g, sum, step)

#undef ADAM_CASE
#undef ADAM_BODY
#undef ADAM_PARAMETERS
#undef SGD_CASE
#undef SGD_BODY
#undef SGD_PARAMETERS
#undef RMSPROP_CASE
#undef RMSPROP_BODY
#undef RMSPROP_PARAMETERS
#undef ADAGRAD_BODY
#undef ADAGRAD_PARAMETERS
#undef DEFINE_OPTIMIZER
#undef REAL
#undef SUFFIX
