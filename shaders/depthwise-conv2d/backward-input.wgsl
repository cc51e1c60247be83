// depthwise-conv2d/backward-input.wgsl — gx[n,h,w,c] = Σ_{m,i,j} gy[n, oh, ow, c·M + m] ·
// w[i, j, c, m] over the (oh, ow) with oh·sh + i·dh − pt = h and ow·sw + j·dw − pl = w: the forward
// pass transposed (what reaches each input from the outputs it fed).
// Variant: depthwiseConv2dBackwardInputDirect, one input element per invocation, loop bounds from
// the uniform: the readable specification, for any channel count and multiplier M.
// Dispatch: grid1d over ceil(count / WG), count = N·inH·inW·inC, channel fastest.
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Entry: depthwiseConv2dBackwardInputDirect.

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardInputDirect(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c = o % params.inC;
  let pixel = o / params.inC;
  let col = pixel % params.inW;
  let h = (pixel / params.inW) % params.inH;
  let n = pixel / (params.inW * params.inH);
  var acc = 0.0;
  for (var i = 0u; i < kernelH(); i++) {
    let oh = outputRow(h, i);
    if (oh < 0) {
      continue;
    }
    for (var j = 0u; j < kernelW(); j++) {
      let ow = outputCol(col, j);
      if (ow < 0) {
        continue;
      }
      let gyBase = ((n * params.outH + u32(oh)) * params.outW + u32(ow)) * params.outC + c * params.multiplier;
      let wBase = (i * kernelW() + j) * params.outC + c * params.multiplier;
      for (var m = 0u; m < params.multiplier; m++) {
        acc += gy[gyBase + m] * w[wBase + m];
      }
    }
  }
  gx[o] = acc;
}
