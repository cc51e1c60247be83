// resample/up-sampling-backward.wgsl — gx[n,ih,iw,c] = Σ_{oh,ow} wh(oh, ih) · ww(ow, iw) · gy[n,oh,ow,c],
// the transpose of upSampling2dForward, as a gather (one gx element per invocation, no atomics):
//   nearest   the sizeH×sizeW block of outputs that repeat (ih, iw), weights 1;
//   bilinear  the outputs whose blend reads (ih, iw): only rows (ih − 1)·sizeH ≤ oh < (ih + 2)·sizeH
//             can (their source row lies in [ih − 1, ih + 1)), weight (1 − t) where ih is their i0
//             plus t where it is their i1 (both at the clamped last row), the forward's weights.
// Layouts: gy [N,outH,outW,C], gx [N,inH,inW,C]. Mapping: 1-D over count = N·inH·inW·C.
// Bindings: g0 b0 gy · b1 gx · g1 b0 params. Entry: upSampling2dBackward.

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> gx: array<f32>;

// The weight with which output coordinate o (resampled by `size`) reads input coordinate i.
fn lerpWeight(o: u32, i: u32, size: u32, extent: u32) -> f32 {
  let l = sourceCoord(o, size, extent);
  return select(0.0, 1.0 - l.t, l.i0 == i) + select(0.0, l.t, l.i1 == i);
}

@compute @workgroup_size(WG)
fn upSampling2dBackward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let p = nhwc(i, params.inH, params.inW);
  var acc = 0.0;
  if (!BILINEAR) {
    for (var oh = p.y * params.sizeH; oh < (p.y + 1u) * params.sizeH; oh++) {
      for (var ow = p.z * params.sizeW; ow < (p.z + 1u) * params.sizeW; ow++) {
        acc += gy[outputIndex(p.x, oh, ow, p.w)];
      }
    }
    gx[i] = acc;
    return;
  }
  let oh1 = min((p.y + 2u) * params.sizeH, params.outH);
  let ow0 = select(0u, (p.z - 1u) * params.sizeW, p.z >= 1u);
  let ow1 = min((p.z + 2u) * params.sizeW, params.outW);
  for (var oh = select(0u, (p.y - 1u) * params.sizeH, p.y >= 1u); oh < oh1; oh++) {
    let wh = lerpWeight(oh, p.y, params.sizeH, params.inH);
    if (wh == 0.0) {
      continue;
    }
    var row = 0.0;
    for (var ow = ow0; ow < ow1; ow++) {
      row += lerpWeight(ow, p.z, params.sizeW, params.inW) * gy[outputIndex(p.x, oh, ow, p.w)];
    }
    acc += wh * row;
  }
  gx[i] = acc;
}
