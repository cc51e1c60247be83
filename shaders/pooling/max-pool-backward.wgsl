// pooling/max-pool-backward.wgsl — gx[n,ih,iw,c] = Σ gy[n,oh,ow,c] over the outputs (oh, ow) whose
// window covers (ih, iw) and whose first maximum (row-major window order, as maxPool2dForward) is
// (ih, iw). A gather: each invocation owns one gx element, so overlapping windows (stride < pool)
// need no atomics. The argmax is not stored by the forward (no u32 index tensor the size of y, and
// inference runs the plain forward); it is recovered from the saved x and y: (ih, iw) is output
// o's first maximum when x[ih, iw] == y[o] (y is a copy of one x, so the test is exact) and no
// earlier cell of o's window equals y[o]. Only a cell that holds its window's maximum rescans the
// cells before it, so a typical cell reads one y per covering window.
// Layouts: x, gx [N,inH,inW,C]; y, gy [N,outH,outW,C]. Mapping: one gx element per invocation,
// 1-D over count = N·inH·inW·C, grid1d workgroups.
// Bindings: g0 b0 x · b1 y · b2 gy · b3 gx · g1 b0 params. Entry: maxPool2dBackward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> gy: array<f32>;
@group(0) @binding(3) var<storage, read_write> gx: array<f32>;

// Whether no cell before (ih, iw) in output (oh, ow)'s window (row-major) equals its maximum m.
fn firstMax(n: u32, oh: u32, ow: u32, c: u32, ih: u32, iw: u32, m: f32) -> bool {
  let win = poolWindow(oh, ow);
  for (var h = win.h0; h <= ih; h++) {
    let end = select(win.w1, iw, h == ih);
    for (var w = win.w0; w < end; w++) {
      if (x[inputIndex(n, h, w, c)] == m) {
        return false;
      }
    }
  }
  return true;
}

@compute @workgroup_size(WG)
fn maxPool2dBackward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  let v = x[i];
  let cover = coveringOutputs(p.y, p.z);
  var acc = 0.0;
  for (var oh = cover.h0; oh < cover.h1; oh++) {
    for (var ow = cover.w0; ow < cover.w1; ow++) {
      let o = outputIndex(p.x, oh, ow, p.w);
      let m = y[o];
      if (v == m && firstMax(p.x, oh, ow, p.w, p.y, p.z, m)) {
        acc += gy[o];
      }
    }
  }
  gx[i] = acc;
}
