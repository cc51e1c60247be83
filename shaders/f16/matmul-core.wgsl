// f16/matmul-core.wgsl — the dtype-generic body of the matmul kernels: C[z,m,n] = Σ_k A[z,m,k] · B[z,k,n]
// with A, B stored as `scalar` (f16 or f32, set by the dtype prelude) and the sum in f32. Same
// Params, constants and operand layouts as matmul/core.wgsl (A [M,K] or [K,M] with TRANS_A; B [K,N]
// or [N,K] with TRANS_B; z a batch strideA/B/C elements apart), so planMatmul plans both.
// Expects the including file to declare `a`, `b` (storage of scalar) and `params` (uniform Params).

struct Params {
  m: u32,
  n: u32,
  k: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
  alpha: f32,
}

override WG_X: u32 = 16;
override WG_Y: u32 = 8;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACTIVATION: u32 = 0;

fn loadA(z: u32, row: u32, kk: u32) -> f32 {
  // Rows past M are clamped: their results are never stored, and clamping keeps reads inside A.
  let r = min(row, params.m - 1u);
  if (TRANS_A) {
    return f32(a[z * params.strideA + kk * params.m + r]);
  }
  return f32(a[z * params.strideA + r * params.k + kk]);
}

fn loadB(z: u32, kk: u32, col: u32) -> f32 {
  let c = min(col, params.n - 1u);
  if (TRANS_B) {
    return f32(b[z * params.strideB + c * params.k + kk]);
  }
  return f32(b[z * params.strideB + kk * params.n + c]);
}
