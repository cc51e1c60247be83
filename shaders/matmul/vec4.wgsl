// matmul/vec4.wgsl — matmulVec4: C = activation(A·B (+ bias)) reading A, B and writing C through
// vec4 views, a 4 rows × 8 columns block per invocation and no workgroup memory. On CPU adapters
// (lavapipe, llvmpipe) every storage load is a loop over the SIMD lanes, so the cost is the number
// of load instructions: one vec4 load brings 4 elements for about the price of one, and a step of
// 4 along K takes 4 loads of A and 8 of B for 128 multiply-adds (the scalar 4×4 block: 32 loads
// for 64). Each step multiplies 4×4 tiles as matrices: acc[q] += Bq·A, where column r of A is row
// r of the A tile over k, column k of Bq is row k of B over 4 columns, and column r of acc[q] is
// row r of C over those columns. TRANS_A/TRANS_B load the transposed tiles and transpose them in
// registers (free: a vec4 is 4 SIMD registers).
// Needs K and N multiples of 4, and M too with TRANS_A (chooseMatmul checks); 16-byte aligned
// bindings (every planner offset is). The bindings file (forward-vec4.wgsl or
// forward-vec4-bias.wgsl) declares a, b, c (array<vec4<f32>>) and `epilogue4`.
// Dispatch: x over ceil(N / (8·WG_X)), y over ceil(M / (4·WG_Y)), z over the batch.

@compute @workgroup_size(WG_X, WG_Y, 1)
fn matmulVec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col40 = gid.x * 2u;
  let z = gid.z;
  let n4 = params.n / 4u;
  let k4 = params.k / 4u;
  if (row0 >= params.m || col40 >= n4) {
    return;
  }
  // Vec4 offsets of the 4 loads of each tile at k = 0, and their advance per step of 4 along K.
  var aOff: vec4<u32>;
  var aStep: u32;
  if (TRANS_A) {
    // A [K, M]: one vec4 holds rows row0..row0+3 at one k (M % 4 == 0, so row0 ≤ M − 4).
    let m4 = params.m / 4u;
    aOff = (z * params.strideA + row0) / 4u + vec4<u32>(0u, 1u, 2u, 3u) * m4;
    aStep = params.m;
  } else {
    // A [M, K]: one vec4 holds 4 k of one row; rows past M are clamped (computed, never stored).
    let last = params.m - 1u;
    let rows = min(vec4<u32>(row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(last));
    aOff = (z * params.strideA) / 4u + rows * k4;
    aStep = 1u;
  }
  let q1 = min(col40 + 1u, n4 - 1u);
  var b0Off: vec4<u32>;
  var b1Off: vec4<u32>;
  var bStep: u32;
  if (TRANS_B) {
    // B [N, K]: one vec4 holds 4 k of one column.
    b0Off = (z * params.strideB) / 4u + (col40 * 4u + vec4<u32>(0u, 1u, 2u, 3u)) * k4;
    b1Off = (z * params.strideB) / 4u + (q1 * 4u + vec4<u32>(0u, 1u, 2u, 3u)) * k4;
    bStep = 1u;
  } else {
    // B [K, N]: one vec4 holds 4 columns of one k.
    b0Off = (z * params.strideB) / 4u + col40 + vec4<u32>(0u, 1u, 2u, 3u) * n4;
    b1Off = (z * params.strideB) / 4u + q1 + vec4<u32>(0u, 1u, 2u, 3u) * n4;
    bStep = 4u * n4;
  }
  var acc0 = mat4x4<f32>();
  var acc1 = mat4x4<f32>();
  var ta = 0u;
  var tb = 0u;
  for (var s = 0u; s < k4; s++) {
    var at = mat4x4<f32>(a[aOff.x + ta], a[aOff.y + ta], a[aOff.z + ta], a[aOff.w + ta]);
    var b0 = mat4x4<f32>(b[b0Off.x + tb], b[b0Off.y + tb], b[b0Off.z + tb], b[b0Off.w + tb]);
    var b1 = mat4x4<f32>(b[b1Off.x + tb], b[b1Off.y + tb], b[b1Off.z + tb], b[b1Off.w + tb]);
    if (TRANS_A) {
      at = transpose(at);
    }
    if (TRANS_B) {
      b0 = transpose(b0);
      b1 = transpose(b1);
    }
    acc0 += b0 * at;
    acc1 += b1 * at;
    ta += aStep;
    tb += bStep;
  }
  let cz = (z * params.strideC) / 4u;
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + r;
    if (row >= params.m) {
      break;
    }
    c[cz + row * n4 + col40] = epilogue4(col40, acc0[r]);
    if (col40 + 1u < n4) {
      c[cz + row * n4 + col40 + 1u] = epilogue4(col40 + 1u, acc1[r]);
    }
  }
}
