// f16/matmul-forward.wgsl — C = activation(A·B [+ bias]) with `scalar` storage and f32
// accumulation; the store is the only conversion back (an out-of-range result is ±Inf, not NaN).
// Entries, simple to fast: matmulDirectForward (one element per invocation: the specification),
// matmulForward (a 4×4 register block per invocation, no workgroup memory).
// Dispatch: x over ceil(N / (WG_X·4)) (direct: N / WG_X), y over M likewise, z over the batch.
// Expects matmul-core.wgsl and matmul-forward-io.wgsl or matmul-forward-bias-io.wgsl.

fn storeC(z: u32, row: u32, col: u32, v: f32) {
  c[z * params.strideC + row * params.n + col] = scalar(epilogue(col, v));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn matmulDirectForward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col = gid.x;
  let row = gid.y;
  if (row >= params.m || col >= params.n) {
    return;
  }
  var acc = 0.0;
  for (var kk = 0u; kk < params.k; kk++) {
    acc += loadA(gid.z, row, kk) * loadB(gid.z, kk, col);
  }
  storeC(gid.z, row, col, acc);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn matmulForward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= params.m || col0 >= params.n) {
    return;
  }
  var acc: array<vec4<f32>, 4>;
  for (var kk = 0u; kk < params.k; kk++) {
    let bv = vec4<f32>(loadB(gid.z, kk, col0), loadB(gid.z, kk, col0 + 1u), loadB(gid.z, kk, col0 + 2u), loadB(gid.z, kk, col0 + 3u));
    acc[0] += loadA(gid.z, row0, kk) * bv;
    acc[1] += loadA(gid.z, row0 + 1u, kk) * bv;
    acc[2] += loadA(gid.z, row0 + 2u, kk) * bv;
    acc[3] += loadA(gid.z, row0 + 3u, kk) * bv;
  }
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + r;
    if (row >= params.m) {
      break;
    }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + j;
      if (col < params.n) {
        storeC(gid.z, row, col, acc[r][j]);
      }
    }
  }
}
