// conv2d/backward-input-vec4.wgsl — conv2dBackwardInputVec4: the register-blocked input gradient
// (4 input pixels × 4 input channels per invocation, no workgroup memory) reading gy and w
// through vec4 views over output channels, so that one load brings 4 channels:
//   gx[n,h,w,g·cinG+c] = Σ_{i,j,k} gy[n,oh,ow,g·coutG+k] · w[i,j,c,g·coutG+k]
// over the (oh, ow) with oh·sh + i·dh − pt = h and ow·sw + j·dw − pl = w (none when the tap falls
// between strides). Per tap and chunk of 4 output channels: 4 vec4 loads of gy (one per pixel)
// and 4 vec4 rows of w (w[i,j,c..c+3, k..k+3], HWIO keeps k contiguous), 64 multiply-adds as
// 16 dot products (no transpose). On CPU adapters every load of a storage buffer costs about
// the same whatever its width, so this is 8 loads per 64 multiply-adds against the blocked
// variant's 8 per 16. Needs cinG and coutG to be multiples of 4 (the chooser falls back to
// conv2dBackwardInput otherwise).
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Dispatch: x over cinG / (WG_X·4), y over
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
  let c0 = gid.x * 4u;
  let p0 = gid.y * 4u;
  let g = gid.z;
  let pixels = params.batch * params.inH * params.inW;
  if (c0 >= params.cinG || p0 >= pixels) {
    return;
  }
  // Pixels past the last one are clamped: computed, never stored.
  let p1 = min(p0 + 1u, pixels - 1u);
  let p2 = min(p0 + 2u, pixels - 1u);
  let p3 = min(p0 + 3u, pixels - 1u);
  let outC4 = params.outC / 4u;
  let kBase4 = g * params.coutG / 4u;
  let kCount4 = params.coutG / 4u;
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
      let wo = ((i * params.kw + j) * params.cinG + c0) * outC4 + kBase4;
      for (var k4 = 0u; k4 < kCount4; k4++) {
        let w0 = w[wo + k4];
        let w1 = w[wo + outC4 + k4];
        let w2 = w[wo + 2u * outC4 + k4];
        let w3 = w[wo + 3u * outC4 + k4];
        let g0 = loadGy4(s0, kBase4 + k4);
        let g1 = loadGy4(s1, kBase4 + k4);
        let g2 = loadGy4(s2, kBase4 + k4);
        let g3 = loadGy4(s3, kBase4 + k4);
        acc[0] += vec4<f32>(dot(g0, w0), dot(g0, w1), dot(g0, w2), dot(g0, w3));
        acc[1] += vec4<f32>(dot(g1, w0), dot(g1, w1), dot(g1, w2), dot(g1, w3));
        acc[2] += vec4<f32>(dot(g2, w0), dot(g2, w1), dot(g2, w2), dot(g2, w3));
        acc[3] += vec4<f32>(dot(g3, w0), dot(g3, w1), dot(g3, w2), dot(g3, w3));
      }
    }
  }
  let inC4 = params.inC / 4u;
  let col4 = (g * params.cinG + c0) / 4u;
  for (var r = 0u; r < 4u; r++) {
    if (p0 + r < pixels) {
      gx[(p0 + r) * inC4 + col4] = acc[r];
    }
  }
}
