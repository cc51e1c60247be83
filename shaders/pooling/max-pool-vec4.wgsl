// pooling/max-pool-vec4.wgsl — maxPool2dForward (max-pool.wgsl) four channels per invocation:
// x and y are bound as arrays of vec4 and params.channels counts vec4s (C / 4), so the indexing
// helpers of pooling/common.wgsl apply unchanged. For C a multiple of 4.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: maxPool2dForwardVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn maxPool2dForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let o = nhwc(i, params.outH, params.outW);
  let win = poolWindow(o.y, o.z);
  var best = x[inputIndex(o.x, win.h0, win.w0, o.w)];
  for (var h = win.h0; h < win.h1; h++) {
    for (var w = win.w0; w < win.w1; w++) {
      best = max(best, x[inputIndex(o.x, h, w, o.w)]);
    }
  }
  y[i] = best;
}
