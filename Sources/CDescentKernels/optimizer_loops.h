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

static void SUFFIX(adam_portable)(ADAM_PARAMETERS) { ADAM_BODY }
static void SUFFIX(sgd_portable)(SGD_PARAMETERS) { SGD_BODY }
#ifdef DESCENT_X86
__attribute__((target("avx2"))) static void SUFFIX(adam_avx2)(ADAM_PARAMETERS) { ADAM_BODY }
__attribute__((target("avx2"))) static void SUFFIX(sgd_avx2)(SGD_PARAMETERS) { SGD_BODY }
__attribute__((target("avx512f"))) static void SUFFIX(adam_avx512)(ADAM_PARAMETERS) {
  ADAM_BODY
}
__attribute__((target("avx512f"))) static void SUFFIX(sgd_avx512)(SGD_PARAMETERS) {
  SGD_BODY
}
#endif

void SUFFIX(descent_adam)(ADAM_PARAMETERS) {
#ifdef DESCENT_X86
  switch (descent_gemm_resolve_isa(DESCENT_ISA_BEST)) {
  case DESCENT_ISA_AVX512: SUFFIX(adam_avx512)(start, end, p, g, m, v, max_v, step); return;
  case DESCENT_ISA_AVX2: SUFFIX(adam_avx2)(start, end, p, g, m, v, max_v, step); return;
  default: break;
  }
#endif
  SUFFIX(adam_portable)(start, end, p, g, m, v, max_v, step);
}

void SUFFIX(descent_sgd)(SGD_PARAMETERS) {
#ifdef DESCENT_X86
  switch (descent_gemm_resolve_isa(DESCENT_ISA_BEST)) {
  case DESCENT_ISA_AVX512: SUFFIX(sgd_avx512)(start, end, p, g, buffer, step); return;
  case DESCENT_ISA_AVX2: SUFFIX(sgd_avx2)(start, end, p, g, buffer, step); return;
  default: break;
  }
#endif
  SUFFIX(sgd_portable)(start, end, p, g, buffer, step);
}

#undef ADAM_CASE
#undef ADAM_BODY
#undef ADAM_PARAMETERS
#undef SGD_CASE
#undef SGD_BODY
#undef SGD_PARAMETERS
#undef REAL
#undef SUFFIX
