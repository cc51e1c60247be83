// conv2d/forward-vec4.wgsl — conv2dForwardVec4: the register-blocked forward (4 pixels × 4
// channels per invocation, no workgroup memory) reading x and w through vec4 views, so one load
// brings 4 input channels of a pixel or 4 output channels of a filter row: 8 loads per 64
// multiply-adds instead of 8 per 16. Needs cinG and coutG to be multiples of 4; forward-x4.wgsl
// declares x, forward-out.wgsl or forward-out-bias.wgsl w, y and `epilogue4`.
// Dispatch: x over coutG / (WG_X·4), y over batch·outH·outW / (WG_Y·4), z over groups.

fn loadX4(px: i32, c4: u32) -> vec4<f32> {
  return select(vec4<f32>(0.0), x[u32(max(px, 0)) / 4u + c4], px >= 0);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dForwardVec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k0 = gid.x * 4u;
  let m0 = gid.y * 4u;
  let g = gid.z;
  let pixels = params.batch * params.outH * params.outW;
  if (k0 >= params.coutG || m0 >= pixels) {
    return;
  }
  let m1 = min(m0 + 1u, pixels - 1u);
  let m2 = min(m0 + 2u, pixels - 1u);
  let m3 = min(m0 + 3u, pixels - 1u);
  let outC4 = params.outC / 4u;
  let col4 = (g * params.coutG + k0) / 4u;
  let chan4 = g * params.cinG / 4u;
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
      var wo = (i * params.kw + j) * params.cinG * outC4 + col4;
      for (var c4 = 0u; c4 < params.cinG / 4u; c4++) {
        let w0 = w[wo];
        let w1 = w[wo + outC4];
        let w2 = w[wo + 2u * outC4];
        let w3 = w[wo + 3u * outC4];
        wo += 4u * outC4;
        let x0 = loadX4(p0, chan4 + c4);
        let x1 = loadX4(p1, chan4 + c4);
        let x2 = loadX4(p2, chan4 + c4);
        let x3 = loadX4(p3, chan4 + c4);
        acc[0] += x0.x * w0 + x0.y * w1 + x0.z * w2 + x0.w * w3;
        acc[1] += x1.x * w0 + x1.y * w1 + x1.z * w2 + x1.w * w3;
        acc[2] += x2.x * w0 + x2.y * w1 + x2.z * w2 + x2.w * w3;
        acc[3] += x3.x * w0 + x3.y * w1 + x3.z * w2 + x3.w * w3;
      }
    }
  }
  let ms = array<u32, 4>(m0, m0 + 1u, m0 + 2u, m0 + 3u);
  for (var r = 0u; r < 4u; r++) {
    if (ms[r] < pixels) {
      y[ms[r] * outC4 + col4] = epilogue4(col4, acc[r]);
    }
  }
}
