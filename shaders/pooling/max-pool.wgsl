// pooling/max-pool.wgsl — y[n,oh,ow,c] = max over the window of x[n, oh·sh − pt + i, ow·sw − pl + j, c]
// (Keras MaxPooling2D, tf.nn.max_pool, torch.nn.functional.max_pool2d), padded cells excluded.
// Ties go to the first maximum in window order (row-major, strict >), as PyTorch's CPU kernel;
// maxPool2dBackward (max-pool-backward.wgsl) recomputes the same argmax.
// Layouts: x [N,inH,inW,C], y [N,outH,outW,C]. Mapping: one output per invocation, 1-D over
// count = N·outH·outW·C, WG per workgroup, grid1d workgroups.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: maxPool2dForward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn maxPool2dForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
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
