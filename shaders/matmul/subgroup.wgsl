// matmul/subgroup.wgsl — matmulSubgroup: C = activation(op(A)·op(B) (+ bias)) for CPU adapters with
// subgroups of at least 8 lanes. Each invocation computes 4 consecutive rows × 16 columns of C;
// the invocations of a workgroup share the 16 columns and differ in rows, so the 4 × 16 values of
// B one step of 4 along K needs are the same for every lane: lane l loads two vec4 of them and
// `subgroupBroadcast` (a register shuffle) hands them to the others. Per step a lane does 4 loads
// of A and 2 of B for 64 vec4 multiply-adds, against 12 loads per 32 in matmulVec4 (on CPU
// adapters every storage load with a computed offset is a per-lane gather). TRANS_A loads 4
// vec4 of A^T (4 rows at one k each) and transposes them in registers; TRANS_B broadcasts
// columns of B over k and takes dot products. Needs K and N multiples of 4, and M too with
// TRANS_A (chooseMatmul checks); rows past M and columns past N are computed from clamped
// indices and not stored. No early return: every lane takes part in the broadcasts.
// Bindings: forward-vec4.wgsl or forward-vec4-bias.wgsl (a, b, c as vec4 views, epilogue4).
// Dispatch: x over ceil(M / (4·WG_X)), y over ceil(N / 16), z over the batch.

@compute @workgroup_size(WG_X, 1, 1)
fn matmulSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                  @builtin(subgroup_invocation_id) sgLane: u32) {
  let z = wid.z;
  let n4 = params.n / 4u;
  let k4 = params.k / 4u;
  let row0 = (wid.x * WG_X + lane) * 4u;
  let col4 = wid.y * 4u;  // first of the 4 vec4 columns of this workgroup
  let lastRow = params.m - 1u;
  let aBase = (z * params.strideA) / 4u;
  let bBase = (z * params.strideB) / 4u;
  let l8 = sgLane % 8u;
  // What lane l loads of B per step (lanes past 8 repeat lanes 0–7). B [K, N]: k-rows l / 4 and
  // l / 4 + 2 of vec4 column l % 4. B^T [N, K]: columns l and l + 8 (4 k each).
  var bOffA: u32;
  var bOffB: u32;
  var bStep: u32;
  if (TRANS_B) {
    bOffA = bBase + min(col4 * 4u + l8, params.n - 1u) * k4;
    bOffB = bBase + min(col4 * 4u + l8 + 8u, params.n - 1u) * k4;
    bStep = 1u;
  } else {
    let q = min(col4 + l8 % 4u, n4 - 1u);
    bOffA = bBase + (l8 / 4u) * n4 + q;
    bOffB = bBase + (l8 / 4u + 2u) * n4 + q;
    bStep = 4u * n4;
  }
  var acc: array<array<vec4<f32>, 4>, 4>;  // [row][vec4 column]
  for (var s = 0u; s < k4; s++) {
    let fa = b[bOffA + s * bStep];
    let fb = b[bOffB + s * bStep];
    var at: array<vec4<f32>, 4>;  // row r of the tile, over the step's 4 k
    if (TRANS_A) {
      // A [K, M]: one vec4 holds rows row0 … row0 + 3 at one k (M % 4 == 0).
      let r4 = min(row0, params.m - 4u) / 4u;
      let m4 = params.m / 4u;
      let t = transpose(mat4x4<f32>(a[aBase + (s * 4u) * m4 + r4], a[aBase + (s * 4u + 1u) * m4 + r4],
                                    a[aBase + (s * 4u + 2u) * m4 + r4], a[aBase + (s * 4u + 3u) * m4 + r4]));
      at = array<vec4<f32>, 4>(t[0], t[1], t[2], t[3]);
    } else {
      for (var r = 0u; r < 4u; r++) {
        at[r] = a[aBase + min(row0 + r, lastRow) * k4 + s];
      }
    }
    if (TRANS_B) {
      // Column 4q + i is lane (4q + i) % 8 of fa (q < 2) or fb.
      accumulateDots(&acc, 0u, at, subgroupBroadcast(fa, 0u), subgroupBroadcast(fa, 1u), subgroupBroadcast(fa, 2u), subgroupBroadcast(fa, 3u));
      accumulateDots(&acc, 1u, at, subgroupBroadcast(fa, 4u), subgroupBroadcast(fa, 5u), subgroupBroadcast(fa, 6u), subgroupBroadcast(fa, 7u));
      accumulateDots(&acc, 2u, at, subgroupBroadcast(fb, 0u), subgroupBroadcast(fb, 1u), subgroupBroadcast(fb, 2u), subgroupBroadcast(fb, 3u));
      accumulateDots(&acc, 3u, at, subgroupBroadcast(fb, 4u), subgroupBroadcast(fb, 5u), subgroupBroadcast(fb, 6u), subgroupBroadcast(fb, 7u));
    } else {
      // k-rows 0, 1 of column q are lanes q, 4 + q of fa; k-rows 2, 3 the same lanes of fb.
      accumulateRows(&acc, 0u, at, subgroupBroadcast(fa, 0u), subgroupBroadcast(fa, 4u), subgroupBroadcast(fb, 0u), subgroupBroadcast(fb, 4u));
      accumulateRows(&acc, 1u, at, subgroupBroadcast(fa, 1u), subgroupBroadcast(fa, 5u), subgroupBroadcast(fb, 1u), subgroupBroadcast(fb, 5u));
      accumulateRows(&acc, 2u, at, subgroupBroadcast(fa, 2u), subgroupBroadcast(fa, 6u), subgroupBroadcast(fb, 2u), subgroupBroadcast(fb, 6u));
      accumulateRows(&acc, 3u, at, subgroupBroadcast(fa, 3u), subgroupBroadcast(fa, 7u), subgroupBroadcast(fb, 3u), subgroupBroadcast(fb, 7u));
    }
  }
  let cz = (z * params.strideC) / 4u;
  for (var r = 0u; r < 4u; r++) {
    for (var q = 0u; q < 4u; q++) {
      if (row0 + r < params.m && col4 + q < n4) {
        c[cz + (row0 + r) * n4 + col4 + q] = epilogue4(col4 + q, acc[r][q]);
      }
    }
  }
}

// acc[r][q] += at[r] · B where B's k-rows b0..b3 span vec4 column q.
fn accumulateRows(acc: ptr<function, array<array<vec4<f32>, 4>, 4>>, q: u32, at: array<vec4<f32>, 4>,
                  b0: vec4<f32>, b1: vec4<f32>, b2: vec4<f32>, b3: vec4<f32>) {
  for (var r = 0u; r < 4u; r++) {
    (*acc)[r][q] += at[r].x * b0 + at[r].y * b1 + at[r].z * b2 + at[r].w * b3;
  }
}

// acc[r][q] += (at[r] · c_i) for the 4 columns c0..c3 (each over the step's 4 k) of vec4 column q.
fn accumulateDots(acc: ptr<function, array<array<vec4<f32>, 4>, 4>>, q: u32, at: array<vec4<f32>, 4>,
                  c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, c3: vec4<f32>) {
  for (var r = 0u; r < 4u; r++) {
    (*acc)[r][q] += vec4<f32>(dot(at[r], c0), dot(at[r], c1), dot(at[r], c2), dot(at[r], c3));
  }
}
