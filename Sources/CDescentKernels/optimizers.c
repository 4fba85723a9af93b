// The optimizers' element-wise updates (Adam, AdamW, SGD with and without momentum), in
// place, vectorized for AVX-512, AVX2 or the portable baseline, chosen at run time.
//
// Why C and not Swift: Swift's square root on Linux keeps C's errno behaviour (a call to
// sqrtf for negative inputs), which stops loops that take one from being vectorized; here
// __builtin_elementwise_sqrt is the plain IEEE square root. Each element is computed with
// the same operations, in the same order, on every instruction set (no fused multiply-adds:
// contraction is off), so results do not depend on the CPU's features.

#include "CDescentKernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#define DESCENT_X86 1
#endif

#if defined(__clang__)
#pragma clang fp contract(off)
#define SQRT(x) __builtin_elementwise_sqrt(x)
#else
#pragma STDC FP_CONTRACT OFF
#define SQRT(x) _Generic((x), float: sqrtf, default: sqrt)(x)
#endif

#define REAL float
#define SUFFIX(name) name##_f32
#include "optimizer_loops.h"

#define REAL double
#define SUFFIX(name) name##_f64
#include "optimizer_loops.h"
