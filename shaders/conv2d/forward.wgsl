// conv2d/forward.wgsl — y = activation(conv2d(x, w) + b) as an implicit GEMM
// [batch·outH·outW] × [coutG] per group, reducing over K = kh·kw·cinG. The bias and activation
// live in `epilogue(k, v)`, declared by the bindings file (forward-io.wgsl or forward-bias-io.wgsl).
// Variants, simple to fast:
//   conv2dForwardDirect  one output per invocation: the readable specification and fallback;
//   conv2dForward        a 4 pixels × 4 channels register block per invocation, no workgroup
//                        memory (what CPU adapters run fastest; see forward-vec4.wgsl for the
//                        vectorised-load form when channel counts are multiples of 4);
//   conv2dForwardTiled   a workgroup computes a 32 pixels × 64 channels tile, staging 16-deep
//                        slices of the implicit input matrix and of w in workgroup memory (6 KiB).
// Dispatch: x over channel blocks (coutG / WG_X, / (WG_X·4), / 64), y over pixel blocks, z groups.

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dForwardDirect(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let m = gid.y;
  let g = gid.z;
  if (k >= params.coutG || m >= params.batch * params.outH * params.outW) {
    return;
  }
  let ow = m % params.outW;
  let oh = (m / params.outW) % params.outH;
  let n = m / (params.outW * params.outH);
  let col = g * params.coutG + k;
  var acc = 0.0;
  for (var i = 0u; i < params.kh; i++) {
    for (var j = 0u; j < params.kw; j++) {
      let px = inputPixel(n, inRow(oh, i), inCol(ow, j));
      if (px < 0) {
        continue;
      }
      for (var c = 0u; c < params.cinG; c++) {
        acc += x[u32(px) + g * params.cinG + c] * w[((i * params.kw + j) * params.cinG + c) * params.outC + col];
      }
    }
  }
  y[m * params.outC + col] = epilogue(col, acc);
}

fn loadX(px: i32, c: u32) -> f32 {
  return select(0.0, x[u32(max(px, 0)) + c], px >= 0);
}

// Stores the 4×4 block at pixels m0.., channels k0.. of group g, skipping the ragged edges.
fn storeBlock(acc: array<vec4<f32>, 4>, m0: u32, k0: u32, g: u32) {
  let pixels = params.batch * params.outH * params.outW;
  for (var r = 0u; r < 4u; r++) {
    let m = m0 + r;
    if (m >= pixels) {
      break;
    }
    for (var jj = 0u; jj < 4u; jj++) {
      if (k0 + jj < params.coutG) {
        let col = g * params.coutG + k0 + jj;
        y[m * params.outC + col] = epilogue(col, acc[r][jj]);
      }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dForward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k0 = gid.x * 4u;
  let m0 = gid.y * 4u;
  let g = gid.z;
  let pixels = params.batch * params.outH * params.outW;
  if (k0 >= params.coutG || m0 >= pixels) {
    return;
  }
  // Columns past the group's last channel and rows past the last pixel are clamped: computed, never stored.
  let colBase = g * params.coutG;
  let c0 = colBase + min(k0, params.coutG - 1u);
  let c1 = colBase + min(k0 + 1u, params.coutG - 1u);
  let c2 = colBase + min(k0 + 2u, params.coutG - 1u);
  let c3 = colBase + min(k0 + 3u, params.coutG - 1u);
  let m1 = min(m0 + 1u, pixels - 1u);
  let m2 = min(m0 + 2u, pixels - 1u);
  let m3 = min(m0 + 3u, pixels - 1u);
  let chan = g * params.cinG;
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < params.kh; i++) {
    for (var j = 0u; j < params.kw; j++) {
      let p0 = tapPixel(m0, i, j);
      let p1 = tapPixel(m1, i, j);
      let p2 = tapPixel(m2, i, j);
      let p3 = tapPixel(m3, i, j);
      if (max(max(p0, p1), max(p2, p3)) < 0) {
        continue;
      }
      let wRow = (i * params.kw + j) * params.cinG;
      for (var c = 0u; c < params.cinG; c++) {
        let wo = (wRow + c) * params.outC;
        let wv = vec4<f32>(w[wo + c0], w[wo + c1], w[wo + c2], w[wo + c3]);
        let cc = chan + c;
        acc[0] += loadX(p0, cc) * wv;
        acc[1] += loadX(p1, cc) * wv;
        acc[2] += loadX(p2, cc) * wv;
        acc[3] += loadX(p3, cc) * wv;
      }
    }
  }
  storeBlock(acc, m0, k0, g);
}

const TILE_M: u32 = 32u;
const TILE_N: u32 = 64u;
const TILE_K: u32 = 16u;
var<workgroup> tileX: array<f32, 512>;   // [TILE_K][TILE_M]
var<workgroup> tileW: array<f32, 1024>;  // [TILE_K][TILE_N]

// Element (m, kk) of the implicit input matrix of group g: kk = (i·kw + j)·cinG + c.
fn implicitX(m: u32, kk: u32, g: u32) -> f32 {
  let c = kk % params.cinG;
  let ij = kk / params.cinG;
  let px = tapPixel(m, ij / params.kw, ij % params.kw);
  return loadX(px, g * params.cinG + c);
}

@compute @workgroup_size(16, 8, 1)
fn conv2dForwardTiled(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let g = wid.z;
  let col0 = wid.x * TILE_N;
  let row0 = wid.y * TILE_M;
  let t = lid.y * 16u + lid.x;
  let pixels = params.batch * params.outH * params.outW;
  let kTotal = params.kh * params.kw * params.cinG;
  var acc: array<vec4<f32>, 4>;
  for (var kt = 0u; kt < kTotal; kt += TILE_K) {
    for (var q = 0u; q < 4u; q++) {
      let e = t + 128u * q;
      let m = row0 + e % TILE_M;
      let kk = kt + e / TILE_M;
      var v = 0.0;
      if (m < pixels && kk < kTotal) {
        v = implicitX(m, kk, g);
      }
      tileX[e] = v;
    }
    for (var q = 0u; q < 8u; q++) {
      let e = t + 128u * q;
      let col = col0 + e % TILE_N;
      let kk = kt + e / TILE_N;
      var v = 0.0;
      if (col < params.coutG && kk < kTotal) {
        v = w[kk * params.outC + g * params.coutG + col];
      }
      tileW[e] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      let a = kk * TILE_M + lid.y * 4u;
      let bo = kk * TILE_N + lid.x * 4u;
      let wv = vec4<f32>(tileW[bo], tileW[bo + 1u], tileW[bo + 2u], tileW[bo + 3u]);
      acc[0] += tileX[a] * wv;
      acc[1] += tileX[a + 1u] * wv;
      acc[2] += tileX[a + 2u] * wv;
      acc[3] += tileX[a + 3u] * wv;
    }
    workgroupBarrier();
  }
  let m0 = row0 + lid.y * 4u;
  let k0 = col0 + lid.x * 4u;
  if (m0 < pixels && k0 < params.coutG) {
    storeBlock(acc, m0, k0, g);
  }
}
