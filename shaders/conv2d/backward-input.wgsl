// conv2d/backward-input.wgsl — gx[n,h,w,g·cinG+c] = Σ_{i,j,k} gy[n,oh,ow,g·coutG+k] · w[i,j,c,g·coutG+k]
// over the (oh, ow) with oh·sh + i·dh − pt = h and ow·sw + j·dw − pl = w: the gradient of conv2d
// with respect to its input, and the forward pass of conv2dTranspose (x in the role of gy).
// An implicit GEMM [batch·inH·inW] × [cinG] per group, reducing over K = kh·kw·coutG.
// Variants, simple to fast:
//   conv2dBackwardInputDirect  one gx element per invocation: the readable specification;
//   conv2dBackwardInput        4 pixels × 4 channels per invocation, no workgroup memory.
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Dispatch: x over cinG / WG_X (blocked:
// / (WG_X·4)), y over batch·inH·inW / WG_Y (blocked: / (WG_Y·4)), z over groups.

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

// Offset in gy of the output pixel that reads input pixel p through tap (i, j), or −1.
fn sourcePixel(p: u32, i: u32, j: u32) -> i32 {
  let iw = p % params.inW;
  let ih = (p / params.inW) % params.inH;
  let n = p / (params.inW * params.inH);
  return outputPixel(n, ih, iw, i, j);
}

fn loadGy(px: i32, k: u32) -> f32 {
  return select(0.0, gy[u32(max(px, 0)) + k], px >= 0);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardInputDirect(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  let p = gid.y;
  let g = gid.z;
  if (c >= params.cinG || p >= params.batch * params.inH * params.inW) {
    return;
  }
  var acc = 0.0;
  for (var i = 0u; i < params.kh; i++) {
    for (var j = 0u; j < params.kw; j++) {
      let src = sourcePixel(p, i, j);
      if (src < 0) {
        continue;
      }
      let wo = ((i * params.kw + j) * params.cinG + c) * params.outC + g * params.coutG;
      for (var k = 0u; k < params.coutG; k++) {
        acc += gy[u32(src) + g * params.coutG + k] * w[wo + k];
      }
    }
  }
  gx[p * params.inC + g * params.cinG + c] = acc;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardInput(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c0 = gid.x * 4u;
  let p0 = gid.y * 4u;
  let g = gid.z;
  let pixels = params.batch * params.inH * params.inW;
  if (c0 >= params.cinG || p0 >= pixels) {
    return;
  }
  let p1 = min(p0 + 1u, pixels - 1u);
  let p2 = min(p0 + 2u, pixels - 1u);
  let p3 = min(p0 + 3u, pixels - 1u);
  let last = params.cinG - 1u;
  let kBase = g * params.coutG;
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < params.kh; i++) {
    for (var j = 0u; j < params.kw; j++) {
      let s0 = sourcePixel(p0, i, j);
      let s1 = sourcePixel(p1, i, j);
      let s2 = sourcePixel(p2, i, j);
      let s3 = sourcePixel(p3, i, j);
      if (max(max(s0, s1), max(s2, s3)) < 0) {
        continue;
      }
      let wRow = (i * params.kw + j) * params.cinG;
      let w0 = (wRow + min(c0, last)) * params.outC + kBase;
      let w1 = (wRow + min(c0 + 1u, last)) * params.outC + kBase;
      let w2 = (wRow + min(c0 + 2u, last)) * params.outC + kBase;
      let w3 = (wRow + min(c0 + 3u, last)) * params.outC + kBase;
      for (var k = 0u; k < params.coutG; k++) {
        let wv = vec4<f32>(w[w0 + k], w[w1 + k], w[w2 + k], w[w3 + k]);
        let kk = kBase + k;
        acc[0] += loadGy(s0, kk) * wv;
        acc[1] += loadGy(s1, kk) * wv;
        acc[2] += loadGy(s2, kk) * wv;
        acc[3] += loadGy(s3, kk) * wv;
      }
    }
  }
  for (var r = 0u; r < 4u; r++) {
    let p = p0 + r;
    if (p >= pixels) {
      break;
    }
    for (var jj = 0u; jj < 4u; jj++) {
      if (c0 + jj < params.cinG) {
        gx[p * params.inC + g * params.cinG + c0 + jj] = acc[r][jj];
      }
    }
  }
}
