// The blocked product around a micro-kernel, instantiated once per element type by gemm.c,
// which defines before including this file:
//   REAL          the element type
//   SUFFIX(name)  name with the type's suffix appended
//   CONFIG        the type's configuration struct (a kernel, its tile and its block sizes)
//
// The loops are those of GotoBLAS and BLIS: for each nc-wide block of C's columns, for each
// kc-deep block of the k-sum (in increasing order), pack op(B)'s kc × nc block into NR-wide
// panels; for each mc-tall block of rows, pack op(A)'s mc × kc block into MR-tall panels and
// run the micro-kernel over every MR × NR tile, row panel by row panel, so that one kc × MR
// panel of A stays in L1 while the panels of B stream from L2. Packing reads either layout of A and B, so
// transposed operands cost no more than plain ones. Edge tiles are computed whole from
// zero-padded panels into a scratch tile, then the valid part is added to C the way the
// micro-kernel adds a whole tile, so an element's arithmetic never depends on its position.

// Interleaves `rows` (≤ `width`) source rows of `kc` contiguous elements, `ld` apart, into
// dst[p·width + r], zero-padding rows [rows, width): the transposing half of packing (rows of a
// plain A, or of a transposed B). Full-width panels go through 8 × 8 (float32) or 4 × 4
// (float64) register transposes where the CPU has AVX2.
static void SUFFIX(interleave)(
    const REAL *src, long ld, long rows, long width, long kc, REAL *restrict dst) {
#ifdef DESCENT_X86
  if (rows == width && width % TRANSPOSE_BLOCK == 0 && has_avx2_fma()) {
    SUFFIX(interleave_avx2)(src, ld, width, kc, dst);
    return;
  }
#endif
  for (long r = 0; r < rows; r++) {
    const REAL *row = src + r * ld;
    for (long p = 0; p < kc; p++) dst[p * width + r] = row[p];
  }
  for (long r = rows; r < width; r++)
    for (long p = 0; p < kc; p++) dst[p * width + r] = 0;
}

// dst[0, width) = src[0, count) then zeros: one step of packing an untransposed panel. The
// full panels of the kernels' widths copy with constant sizes, which compile to a few vector
// moves instead of a call.
static inline void SUFFIX(copy_padded)(
    REAL *restrict dst, const REAL *restrict src, long count, long width) {
  if (count == width) {
    switch (width) {
    case 8: memcpy(dst, src, 8 * sizeof(REAL)); return;
    case 12: memcpy(dst, src, 12 * sizeof(REAL)); return;
    case 16: memcpy(dst, src, 16 * sizeof(REAL)); return;
    case 32: memcpy(dst, src, 32 * sizeof(REAL)); return;
    default: break;
    }
  }
  long j = 0;
  for (; j < count; j++) dst[j] = src[j];
  for (; j < width; j++) dst[j] = 0;
}

// Packs rows [0, rows) of op(A)'s block, starting at row `i0` and column `p0`, into
// `kc × MR` panels, zero-padding the last panel.
static void SUFFIX(pack_a)(
    int transpose, const REAL *a, long lda, long i0, long p0, long rows, long kc, int mr,
    REAL *restrict dst) {
  for (long ir = 0; ir < rows; ir += mr) {
    long r = rows - ir < mr ? rows - ir : mr;
    if (!transpose) {
      SUFFIX(interleave)(a + (i0 + ir) * lda + p0, lda, r, mr, kc, dst);
    } else {
      for (long p = 0; p < kc; p++)
        SUFFIX(copy_padded)(dst + p * mr, a + (p0 + p) * lda + i0 + ir, r, mr);
    }
    dst += kc * mr;
  }
}

// Packs columns [0, cols) of op(B)'s block, starting at row `p0` and column `j0`, into
// `kc × NR` panels, zero-padding the last panel.
static void SUFFIX(pack_b)(
    int transpose, const REAL *b, long ldb, long p0, long j0, long cols, long kc, int nr,
    REAL *restrict dst) {
  for (long jr = 0; jr < cols; jr += nr) {
    long w = cols - jr < nr ? cols - jr : nr;
    if (!transpose) {
      for (long p = 0; p < kc; p++)
        SUFFIX(copy_padded)(dst + p * nr, b + (p0 + p) * ldb + j0 + jr, w, nr);
    } else {
      SUFFIX(interleave)(b + (j0 + jr) * ldb + p0, ldb, w, nr, kc, dst);
    }
    dst += kc * nr;
  }
}

static long SUFFIX(round_up)(long x, long multiple) {
  return (x + multiple - 1) / multiple * multiple;
}

static void SUFFIX(gemm_blocked)(
    const CONFIG *config, int transpose_a, int transpose_b, long m, long n, long k,
    const REAL *a, long lda, const REAL *b, long ldb, REAL *c, long ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (long i = 0; i < m; i++)
      for (long j = 0; j < n; j++) c[i * ldc + j] = 0;
    return;
  }
  const int mr = config->mr, nr = config->nr;
  const long kc_max = config->kc;
  const long mc_max = config->mc < m ? config->mc : SUFFIX(round_up)(m, mr);
  const long nc_max = config->nc < n ? config->nc : SUFFIX(round_up)(n, nr);
  const long kc_size = kc_max < k ? kc_max : k;
  REAL *packed_a = scratch_buffer(
      (size_t)(mc_max * kc_size + nc_max * kc_size) * sizeof(REAL));
  if (!packed_a) abort();
  REAL *packed_b = packed_a + mc_max * kc_size;
  REAL tile[MAX_TILE] __attribute__((aligned(64)));

  for (long jc = 0; jc < n; jc += nc_max) {
    const long nc = n - jc < nc_max ? n - jc : nc_max;
    for (long pc = 0; pc < k; pc += kc_max) {
      const long kc = k - pc < kc_max ? k - pc : kc_max;
      const int accumulate = pc > 0;
      SUFFIX(pack_b)(transpose_b, b, ldb, pc, jc, nc, kc, nr, packed_b);
      for (long ic = 0; ic < m; ic += mc_max) {
        const long mc = m - ic < mc_max ? m - ic : mc_max;
        SUFFIX(pack_a)(transpose_a, a, lda, ic, pc, mc, kc, mr, packed_a);
        for (long ir = 0; ir < mc; ir += mr) {
          const long rows = mc - ir < mr ? mc - ir : mr;
          const REAL *panel_a = packed_a + ir * kc;
          for (long jr = 0; jr < nc; jr += nr) {
            const long cols = nc - jr < nr ? nc - jr : nr;
            const REAL *panel_b = packed_b + jr * kc;
            REAL *cp = c + (ic + ir) * ldc + jc + jr;
            if (rows == mr && cols == nr) {
              config->kernel(kc, panel_a, panel_b, cp, ldc, accumulate);
            } else {
              config->kernel(kc, panel_a, panel_b, tile, nr, 0);
              for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++)
                  cp[i * ldc + j] =
                      accumulate ? cp[i * ldc + j] + tile[i * nr + j] : tile[i * nr + j];
            }
          }
        }
      }
    }
  }
}

// One product split across threads by blocks of C's rows (when m > n) or columns, each block
// a product of its own over the matching rows of op(A) or columns of op(B). The k-sum is never
// split, and the blocked product takes every element's sum in the same order wherever the
// element is, so the result is the same for any number of parts.
typedef struct {
  const CONFIG *config;
  int transpose_a, transpose_b, split_rows;
  long m, n, k, lda, ldb, ldc, chunk;
  const REAL *a, *b;
  REAL *c;
} SUFFIX(split);

static void SUFFIX(run_part)(void *context, long index) {
  const SUFFIX(split) *s = context;
  const long begin = index * s->chunk;
  const long extent = s->split_rows ? s->m : s->n;
  const long end = begin + s->chunk < extent ? begin + s->chunk : extent;
  if (s->split_rows) {
    const REAL *a = s->transpose_a ? s->a + begin : s->a + begin * s->lda;
    SUFFIX(gemm_blocked)(
        s->config, s->transpose_a, s->transpose_b, end - begin, s->n, s->k, a, s->lda, s->b,
        s->ldb, s->c + begin * s->ldc, s->ldc);
  } else {
    const REAL *b = s->transpose_b ? s->b + begin * s->ldb : s->b + begin;
    SUFFIX(gemm_blocked)(
        s->config, s->transpose_a, s->transpose_b, s->m, end - begin, s->k, s->a, s->lda, b,
        s->ldb, s->c + begin, s->ldc);
  }
}

static void SUFFIX(gemm_threaded)(
    const CONFIG *config, int transpose_a, int transpose_b, long m, long n, long k,
    const REAL *a, long lda, const REAL *b, long ldb, REAL *c, long ldc, int threads) {
  long parts = m * n * k / MIN_WORK_PER_THREAD;
  if (parts > threads) parts = threads;
  if (parts <= 1 || m <= 0 || n <= 0 || k <= 0) {
    SUFFIX(gemm_blocked)(config, transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc);
    return;
  }
  // Blocks of 8 rows or 16 columns: whole micro-tiles for most kernels, and fine enough to
  // balance the load. A block that ends inside a micro-tile makes it an edge tile, computed
  // with the same arithmetic.
  const int split_rows = m > n;
  const long extent = split_rows ? m : n;
  const long granule = split_rows ? 8 : 16;
  const long chunk = SUFFIX(round_up)((extent + parts - 1) / parts, granule);
  SUFFIX(split) s = {config, transpose_a, transpose_b, split_rows, m, n, k, lda, ldb, ldc,
                     chunk, a, b, c};
  descent_parallel_for((extent + chunk - 1) / chunk, threads, SUFFIX(run_part), &s);
}

#undef REAL
#undef SUFFIX
#undef CONFIG
#undef TRANSPOSE_BLOCK
