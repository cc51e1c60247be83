// conv2d/backward-input-vec4.wgsl — conv2dBackwardInputVec4: the register-blocked input gradient
// (4 input pixels × 8 input channels per invocation, no workgroup memory) reading gy and w
// through vec4 views over output channels, so that one load brings 4 channels:
//   gx[n,h,w,g·cinG+c] = Σ_{i,j,k} gy[n,oh,ow,g·coutG+k] · w[i,j,c,g·coutG+k]
// over the (oh, ow) with oh·sh + i·dh − pt = h and ow·sw + j·dw − pl = w (none when the tap falls
// between strides). Per tap and chunk of 4 output channels: 4 vec4 loads of gy (one per pixel)
// and 8 vec4 rows of w (w[i,j,c..c+7, k..k+3], HWIO keeps k contiguous), 128 multiply-adds as
// 32 dot products (no transpose). On CPU adapters every load of a storage buffer costs about
// the same whatever its width, so this is 12 loads per 128 multiply-adds against the blocked
// variant's 8 per 16 (4 × 4 channels, 8 loads per 64, measured ~25% slower on lavapipe). When
// cinG / 4 is odd the last block's second half is clamped: computed, never stored. Needs cinG
// and coutG to be multiples of 4 (the chooser falls back to conv2dBackwardInput otherwise).
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Dispatch: x over cinG / (WG_X·8), y over
// batch·inH·inW / (WG_Y·4), z over groups.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gx: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

// Offset in gy (in floats) of the output pixel that reads input pixel p through tap (i, j), or −1.
fn sourcePixel(p: u32, i: u32, j: u32) -> i32 {
  let iw = p % params.inW;
  let ih = (p / params.inW) % params.inH;
  let n = p / (params.inW * params.inH);
  return outputPixel(n, ih, iw, i, j);
}

fn loadGy4(px: i32, k4: u32) -> vec4<f32> {
  return select(vec4<f32>(0.0), gy[u32(max(px, 0)) / 4u + k4], px >= 0);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardInputVec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c0 = gid.x * 8u;
  let p0 = gid.y * 4u;
  let g = gid.z;
  let pixels = params.batch * params.inH * params.inW;
  if (c0 >= params.cinG || p0 >= pixels) {
    return;
  }
  // Pixels past the last one and a second channel half past cinG are clamped: computed, never stored.
  let p1 = min(p0 + 1u, pixels - 1u);
  let p2 = min(p0 + 2u, pixels - 1u);
  let p3 = min(p0 + 3u, pixels - 1u);
  let c4 = min(c0 + 4u, params.cinG - 4u);
  let outC4 = params.outC / 4u;
  let kBase4 = g * params.coutG / 4u;
  let kCount4 = params.coutG / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var b0 = vec4<f32>(0.0);
  var b1 = vec4<f32>(0.0);
  var b2 = vec4<f32>(0.0);
  var b3 = vec4<f32>(0.0);
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
      let wa = (wRow + c0) * outC4 + kBase4;
      let wb = (wRow + c4) * outC4 + kBase4;
      for (var k4 = 0u; k4 < kCount4; k4++) {
        let g0 = loadGy4(s0, kBase4 + k4);
        let g1 = loadGy4(s1, kBase4 + k4);
        let g2 = loadGy4(s2, kBase4 + k4);
        let g3 = loadGy4(s3, kBase4 + k4);
        let w0 = w[wa + k4];
        let w1 = w[wa + outC4 + k4];
        let w2 = w[wa + 2u * outC4 + k4];
        let w3 = w[wa + 3u * outC4 + k4];
        a0 += vec4<f32>(dot(g0, w0), dot(g0, w1), dot(g0, w2), dot(g0, w3));
        a1 += vec4<f32>(dot(g1, w0), dot(g1, w1), dot(g1, w2), dot(g1, w3));
        a2 += vec4<f32>(dot(g2, w0), dot(g2, w1), dot(g2, w2), dot(g2, w3));
        a3 += vec4<f32>(dot(g3, w0), dot(g3, w1), dot(g3, w2), dot(g3, w3));
        let w4 = w[wb + k4];
        let w5 = w[wb + outC4 + k4];
        let w6 = w[wb + 2u * outC4 + k4];
        let w7 = w[wb + 3u * outC4 + k4];
        b0 += vec4<f32>(dot(g0, w4), dot(g0, w5), dot(g0, w6), dot(g0, w7));
        b1 += vec4<f32>(dot(g1, w4), dot(g1, w5), dot(g1, w6), dot(g1, w7));
        b2 += vec4<f32>(dot(g2, w4), dot(g2, w5), dot(g2, w6), dot(g2, w7));
        b3 += vec4<f32>(dot(g3, w4), dot(g3, w5), dot(g3, w6), dot(g3, w7));
      }
    }
  }
  let inC4 = params.inC / 4u;
  let col4 = (g * params.cinG + c0) / 4u;
  let second = c0 + 4u < params.cinG;
  let a = array<vec4<f32>, 4>(a0, a1, a2, a3);
  let b = array<vec4<f32>, 4>(b0, b1, b2, b3);
  for (var r = 0u; r < 4u; r++) {
    if (p0 + r < pixels) {
      gx[(p0 + r) * inC4 + col4] = a[r];
      if (second) {
        gx[(p0 + r) * inC4 + col4 + 1u] = b[r];
      }
    }
  }
}
