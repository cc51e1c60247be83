// f16/conv2d-forward.wgsl — y = activation(conv2d(x, w) + b) with `scalar` storage and f32
// accumulation: the implicit GEMM [batch·outH·outW] × [coutG] per group over K = kh·kw·cinG
// (see conv2d/common.wgsl for the indexing, shared with the f32 kernels). Every load converts to
// f32 and the only conversion back is the store, so a sum that leaves f16's range on the way but
// ends inside it is exact to f32 rounding, and one that ends outside is ±Inf (never NaN).
// With the f32 prelude the conversions are identities and this is the f32 kernel.
// Variants, simple to fast:
//   conv2dForwardDirect  one output per invocation: the readable specification and fallback;
//   conv2dForward        a 4 pixels × 4 channels register block per invocation, no workgroup memory.
// Dispatch: x over channel blocks (coutG / WG_X, / (WG_X·4)), y over pixel blocks, z over groups.
// Expects conv2d-forward-io.wgsl or conv2d-forward-bias-io.wgsl (x, w, [b,] y and epilogue).

fn readX(px: i32, c: u32) -> f32 {
  return select(0.0, f32(x[u32(max(px, 0)) + c]), px >= 0);
}

fn readW(i: u32) -> f32 {
  return f32(w[i]);
}

fn storeY(i: u32, k: u32, v: f32) {
  y[i] = scalar(epilogue(k, v));
}

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
        acc += readX(px, g * params.cinG + c) * readW(((i * params.kw + j) * params.cinG + c) * params.outC + col);
      }
    }
  }
  storeY(m * params.outC + col, col, acc);
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
        let wv = vec4<f32>(readW(wo + c0), readW(wo + c1), readW(wo + c2), readW(wo + c3));
        let cc = chan + c;
        acc[0] += readX(p0, cc) * wv;
        acc[1] += readX(p1, cc) * wv;
        acc[2] += readX(p2, cc) * wv;
        acc[3] += readX(p3, cc) * wv;
      }
    }
  }
  for (var r = 0u; r < 4u; r++) {
    let m = m0 + r;
    if (m >= pixels) {
      break;
    }
    for (var jj = 0u; jj < 4u; jj++) {
      if (k0 + jj < params.coutG) {
        let col = colBase + k0 + jj;
        storeY(m * params.outC + col, col, acc[r][jj]);
      }
    }
  }
}
