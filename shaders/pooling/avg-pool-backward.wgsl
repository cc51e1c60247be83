// pooling/avg-pool-backward.wgsl — gx[n,ih,iw,c] = Σ gy[n,oh,ow,c] / count(oh, ow) over the outputs
// whose window covers (ih, iw), count being the window's cells inside the input (as the forward).
// A gather: one gx element per invocation, no atomics for overlapping windows.
// Layouts: gy [N,outH,outW,C], gx [N,inH,inW,C]. Mapping: 1-D over count = N·inH·inW·C.
// Bindings: g0 b0 gy · b1 gx · g1 b0 params. Entry: avgPool2dBackward.

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> gx: array<f32>;

@compute @workgroup_size(WG)
fn avgPool2dBackward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  let cover = coveringOutputs(p.y, p.z);
  var acc = 0.0;
  for (var oh = cover.h0; oh < cover.h1; oh++) {
    for (var ow = cover.w0; ow < cover.w1; ow++) {
      let win = poolWindow(oh, ow);
      acc += gy[outputIndex(p.x, oh, ow, p.w)] / f32((win.h1 - win.h0) * (win.w1 - win.w0));
    }
  }
  gx[i] = acc;
}
