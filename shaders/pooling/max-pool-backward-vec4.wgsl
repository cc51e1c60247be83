// pooling/max-pool-backward-vec4.wgsl — maxPool2dBackward (max-pool-backward.wgsl) four channels
// per invocation: tensors bound as arrays of vec4, params.channels counting vec4s (C / 4). Each
// lane keeps its own "is the first maximum" flag; the rescan of earlier window cells runs when
// any lane equals its window's maximum and clears the lanes an earlier cell also matches.
// Bindings: g0 b0 x · b1 y · b2 gy · b3 gx · g1 b0 params. Entry: maxPool2dBackwardVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> gx: array<vec4<f32>>;

// The lanes of `hit` whose maximum m no cell before (ih, iw) in the window of (oh, ow) holds.
fn firstMax4(n: u32, oh: u32, ow: u32, c: u32, ih: u32, iw: u32, m: vec4<f32>, hit: vec4<bool>) -> vec4<bool> {
  let win = poolWindow(oh, ow);
  var keep = hit;
  for (var h = win.h0; h <= ih; h++) {
    let end = select(win.w1, iw, h == ih);
    for (var w = win.w0; w < end; w++) {
      keep = keep & (x[inputIndex(n, h, w, c)] != m);
    }
  }
  return keep;
}

@compute @workgroup_size(WG)
fn maxPool2dBackwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  let v = x[i];
  let cover = coveringOutputs(p.y, p.z);
  var acc = vec4<f32>(0.0);
  for (var oh = cover.h0; oh < cover.h1; oh++) {
    for (var ow = cover.w0; ow < cover.w1; ow++) {
      let o = outputIndex(p.x, oh, ow, p.w);
      let m = y[o];
      let hit = v == m;
      if (any(hit)) {
        acc += select(vec4<f32>(0.0), gy[o], firstMax4(p.x, oh, ow, p.w, p.y, p.z, m, hit));
      }
    }
  }
  gx[i] = acc;
}
