// A register-blocked micro-kernel, instantiated once per instruction set and element type by
// gemm.c, which defines before including this file:
//   KERNEL_NAME     the function's name
//   KERNEL_TARGET   its target attribute (empty for the portable kernel)
//   REAL, VEC       the element type and the vector type (VEC == REAL for scalar code)
//   VW              elements per vector; MR, NV: the tile is MR rows × NV·VW columns
//   VZERO(), VSET1(x), VLOAD(p), VSTORE(p, v), VFMA(a, b, acc) (a·b + acc), VADD(x, y)
//
// It computes one MR × (NV·VW) tile of C from packed panels: `a` holds kc steps of MR values
// of A's column p (a[p·MR + i]), `b` kc steps of NV·VW values of B's row p. Each element's
// block sum starts at zero and takes a fused multiply-add per p in increasing order; then
// C = sum (accumulate == 0) or C = C + sum. The loops have constant bounds, so an optimizing
// compiler unrolls them (UNROLL asks clang to, whatever their size) and keeps the MR·NV accumulators in registers.

KERNEL_TARGET static void KERNEL_NAME(
    long kc, const REAL *restrict a, const REAL *restrict b, REAL *restrict c, long ldc,
    int accumulate) {
  VEC acc[MR][NV];
  UNROLL for (int i = 0; i < MR; i++)
    UNROLL for (int v = 0; v < NV; v++) acc[i][v] = VZERO();
  for (long p = 0; p < kc; p++) {
    VEC bv[NV];
    UNROLL for (int v = 0; v < NV; v++) bv[v] = VLOAD(b + v * VW);
    UNROLL for (int i = 0; i < MR; i++) {
      VEC ai = VSET1(a[i]);
      UNROLL for (int v = 0; v < NV; v++) acc[i][v] = VFMA(ai, bv[v], acc[i][v]);
    }
    a += MR;
    b += NV * VW;
  }
  UNROLL for (int i = 0; i < MR; i++) {
    UNROLL for (int v = 0; v < NV; v++) {
      REAL *cp = c + i * ldc + v * VW;
      VSTORE(cp, accumulate ? VADD(VLOAD(cp), acc[i][v]) : acc[i][v]);
    }
  }
}

#undef KERNEL_NAME
#undef KERNEL_TARGET
#undef VEC
#undef VW
#undef MR
#undef NV
#undef VZERO
#undef VSET1
#undef VLOAD
#undef VSTORE
#undef VFMA
#undef VADD
