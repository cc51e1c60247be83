// pooling/avg-pool.wgsl — y[n,oh,ow,c] = mean of x over the window's cells inside the input
// (Keras AveragePooling2D, tf.nn.avg_pool: padded cells are not counted, which is PyTorch's
// avg_pool2d with count_include_pad=False; PyTorch's default True divides by poolH·poolW).
// (globalAvgPool2d runs as a mean reduction; its gradient is avgPool2dBackward with one H×W window.)
// Layouts: x [N,inH,inW,C], y [N,outH,outW,C]. Mapping: one output per invocation, 1-D over
// count = N·outH·outW·C, grid1d workgroups.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: avgPool2dForward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn avgPool2dForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let o = nhwc(i, params.outH, params.outW);
  let win = poolWindow(o.y, o.z);
  var acc = 0.0;
  for (var h = win.h0; h < win.h1; h++) {
    for (var w = win.w0; w < win.w1; w++) {
      acc += x[inputIndex(o.x, h, w, o.w)];
    }
  }
  y[i] = acc / f32((win.h1 - win.h0) * (win.w1 - win.w0));
}
