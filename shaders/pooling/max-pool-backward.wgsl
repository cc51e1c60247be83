// pooling/max-pool-backward.wgsl — gx[n,ih,iw,c] = Σ gy[n,oh,ow,c] over the outputs (oh, ow) whose
// window covers (ih, iw) and whose first maximum (row-major window order, strict >, as
// maxPool2dForward) is (ih, iw). A gather: each invocation owns one gx element, so overlapping
// windows (stride < pool) need no atomics. The argmax is recomputed from the saved input x rather
// than stored by the forward: no u32 index tensor the size of y stays alive between the passes,
// and inference runs the plain forward. Cost: each covering window is rescanned (poolH·poolW reads;
// one window per cell for the usual non-overlapping 2×2/2).
// Layouts: x, gx [N,inH,inW,C]; gy [N,outH,outW,C]. Mapping: one gx element per invocation, 1-D
// over count = N·inH·inW·C, grid1d workgroups.
// Bindings: g0 b0 x · b1 gy · b2 gx · g1 b0 params. Entry: maxPool2dBackward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gy: array<f32>;
@group(0) @binding(2) var<storage, read_write> gx: array<f32>;

// The flat spatial index h·inW + w of the first maximum of output (oh, ow)'s window in channel c.
fn windowArgmax(n: u32, oh: u32, ow: u32, c: u32) -> u32 {
  let win = poolWindow(oh, ow);
  var best = x[inputIndex(n, win.h0, win.w0, c)];
  var arg = win.h0 * params.inW + win.w0;
  for (var h = win.h0; h < win.h1; h++) {
    for (var w = win.w0; w < win.w1; w++) {
      let v = x[inputIndex(n, h, w, c)];
      if (v > best) {
        best = v;
        arg = h * params.inW + w;
      }
    }
  }
  return arg;
}

@compute @workgroup_size(WG)
fn maxPool2dBackward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  let me = p.y * params.inW + p.z;
  let cover = coveringOutputs(p.y, p.z);
  var acc = 0.0;
  for (var oh = cover.h0; oh < cover.h1; oh++) {
    for (var ow = cover.w0; ow < cover.w1; ow++) {
      if (windowArgmax(p.x, oh, ow, p.w) == me) {
        acc += gy[outputIndex(p.x, oh, ow, p.w)];
      }
    }
  }
  gx[i] = acc;
}
