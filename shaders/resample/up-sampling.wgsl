// resample/up-sampling.wgsl — y = x enlarged by integer factors (sizeH, sizeW) (Keras UpSampling2D,
// torch.nn.functional.interpolate with scale_factor):
//   nearest   y[n,oh,ow,c] = x[n, oh / sizeH, ow / sizeW, c] (each input cell repeated);
//   bilinear  half-pixel centres, tf.image.resize / align_corners=False: the source row of oh is
//             max((oh + 0.5) / sizeH − 0.5, 0), blended between its floor and the next row
//             (clamped to the last), and likewise for columns.
// BILINEAR (override) picks the mode. Layouts: x [N,inH,inW,C], y [N,inH·sizeH,inW·sizeW,C].
// Mapping: one output per invocation, 1-D over count = N·outH·outW·C, grid1d workgroups.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: upSampling2dForward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn upSampling2dForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let o = nhwc(i, params.outH, params.outW);
  if (!BILINEAR) {
    y[i] = x[inputIndex(o.x, o.y / params.sizeH, o.z / params.sizeW, o.w)];
    return;
  }
  let r = sourceCoord(o.y, params.sizeH, params.inH);
  let s = sourceCoord(o.z, params.sizeW, params.inW);
  let top = (1.0 - s.t) * x[inputIndex(o.x, r.i0, s.i0, o.w)] + s.t * x[inputIndex(o.x, r.i0, s.i1, o.w)];
  let bottom = (1.0 - s.t) * x[inputIndex(o.x, r.i1, s.i0, o.w)] + s.t * x[inputIndex(o.x, r.i1, s.i1, o.w)];
  y[i] = (1.0 - r.t) * top + r.t * bottom;
}
