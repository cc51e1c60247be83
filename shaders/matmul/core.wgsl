// matmul/core.wgsl — the shared body of the matmul kernels: C[z,m,n] = Σ_k A[z,m,k] · B[z,k,n].
// A is stored [M,K] row-major, or [K,M] with TRANS_A; B is [K,N], or [N,K] with TRANS_B (the
// transposed forms are what the backward pass needs: dA = dC·Bᵀ, dB = Aᵀ·dC). z indexes a batch
// of independent products whose operands sit params.strideA/B/C elements apart.
// Expects the including file to declare `a`, `b` (storage) and `params` (uniform Params).
// Variants, simple to fast:
//   matmulDirectForward  one output element per invocation: the readable specification;
//   matmulForward        a 4×4 register block per invocation and no workgroup memory, which is
//                        what CPU adapters (lavapipe) run fastest, and good on GPUs for small K.

// Expects params.wgsl (Params, WG_X, WG_Y, TRANS_A, TRANS_B, ACTIVATION) before it.

fn loadA(z: u32, row: u32, kk: u32) -> f32 {
  // Rows past M are clamped: their results are never stored, and clamping keeps reads inside A.
  let r = min(row, params.m - 1u);
  if (TRANS_A) {
    return a[z * params.strideA + kk * params.m + r];
  }
  return a[z * params.strideA + r * params.k + kk];
}

fn loadB(z: u32, kk: u32, col: u32) -> f32 {
  let c = min(col, params.n - 1u);
  if (TRANS_B) {
    return b[z * params.strideB + c * params.k + kk];
  }
  return b[z * params.strideB + kk * params.n + c];
}

fn dotAt(z: u32, row: u32, col: u32) -> f32 {
  var acc = 0.0;
  for (var kk = 0u; kk < params.k; kk++) {
    acc += loadA(z, row, kk) * loadB(z, kk, col);
  }
  return acc;
}

// The 4×4 block of C whose top-left element is (row0, col0), one vec4 per row.
fn blockProduct(z: u32, row0: u32, col0: u32) -> array<vec4<f32>, 4> {
  var acc: array<vec4<f32>, 4>;
  for (var kk = 0u; kk < params.k; kk++) {
    let bv = vec4<f32>(loadB(z, kk, col0), loadB(z, kk, col0 + 1u), loadB(z, kk, col0 + 2u), loadB(z, kk, col0 + 3u));
    acc[0] += loadA(z, row0, kk) * bv;
    acc[1] += loadA(z, row0 + 1u, kk) * bv;
    acc[2] += loadA(z, row0 + 2u, kk) * bv;
    acc[3] += loadA(z, row0 + 3u, kk) * bv;
  }
  return acc;
}
