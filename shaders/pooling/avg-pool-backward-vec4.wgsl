// pooling/avg-pool-backward-vec4.wgsl — avgPool2dBackward (avg-pool-backward.wgsl) four channels
// per invocation: gy and gx bound as arrays of vec4, params.channels counting vec4s (C / 4).
// Bindings: g0 b0 gy · b1 gx · g1 b0 params. Entry: avgPool2dBackwardVec4.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gx: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn avgPool2dBackwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  let cover = coveringOutputs(p.y, p.z);
  var acc = vec4<f32>(0.0);
  for (var oh = cover.h0; oh < cover.h1; oh++) {
    for (var ow = cover.w0; ow < cover.w1; ow++) {
      let win = poolWindow(oh, ow);
      acc += gy[outputIndex(p.x, oh, ow, p.w)] / f32((win.h1 - win.h0) * (win.w1 - win.w0));
    }
  }
  gx[i] = acc;
}
