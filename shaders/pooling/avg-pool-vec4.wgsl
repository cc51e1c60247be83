// pooling/avg-pool-vec4.wgsl — avgPool2dForward (avg-pool.wgsl) four channels per invocation: x
// and y bound as arrays of vec4, params.channels counting vec4s (C / 4). For C a multiple of 4.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: avgPool2dForwardVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn avgPool2dForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let o = nhwc(i, params.outH, params.outW);
  let win = poolWindow(o.y, o.z);
  var acc = vec4<f32>(0.0);
  for (var h = win.h0; h < win.h1; h++) {
    for (var w = win.w0; w < win.w1; w++) {
      acc += x[inputIndex(o.x, h, w, o.w)];
    }
  }
  y[i] = acc / f32((win.h1 - win.h0) * (win.w1 - win.w0));
}
