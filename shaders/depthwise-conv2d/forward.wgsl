// depthwise-conv2d/forward.wgsl — y[n,oh,ow,k] = act(b[k] + Σ_{i,j} x[n, oh·sh + i·dh − pt,
// ow·sw + j·dw − pl, k / M] · w[i, j, k / M, k % M]) with scalar storage (any channel count and
// multiplier M). Variants, simple to fast:
//   depthwiseConv2dForwardDirect  one output element per invocation, loop bounds from the uniform:
//                                 the readable specification and the fallback;
//   depthwiseConv2dForwardTiled   TILE_W neighbouring output columns of one channel per invocation,
//                                 taps specialised by constants so the loops unroll and columns
//                                 shared by neighbouring outputs are loaded once.
// Dispatch: grid1d over ceil(count / WG), count = outputs (direct) or N·outH·ceil(outW/TILE_W)·outC
// (tiled), channel fastest. Expects forward-bindings.wgsl or forward-bias-bindings.wgsl (x, w,
// [b,] y and biasAt). Entries: depthwiseConv2dForwardDirect, depthwiseConv2dForwardTiled.

@compute @workgroup_size(WG)
fn depthwiseConv2dForwardDirect(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let k = o % params.outC;
  let pixel = o / params.outC;
  let ow = pixel % params.outW;
  let oh = (pixel / params.outW) % params.outH;
  let n = pixel / (params.outW * params.outH);
  let c = k / params.multiplier;
  var acc = 0.0;
  for (var i = 0u; i < kernelH(); i++) {
    let ih = inputRow(oh, i);
    if (!insideRow(ih)) {
      continue;
    }
    for (var j = 0u; j < kernelW(); j++) {
      let iw = inputCol(ow, j);
      if (insideCol(iw)) {
        acc += x[((n * params.inH + u32(ih)) * params.inW + u32(iw)) * params.inC + c] * w[(i * kernelW() + j) * params.outC + k];
      }
    }
  }
  y[o] = activate(ACTIVATION, acc + biasAt(k), params.alpha);
}

@compute @workgroup_size(WG)
fn depthwiseConv2dForwardTiled(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let tiles = (params.outW + TILE_W - 1u) / TILE_W;
  let k = o % params.outC;
  let rest = o / params.outC;
  let ow0 = (rest % tiles) * TILE_W;
  let row = rest / tiles;
  let oh = row % params.outH;
  let n = row / params.outH;
  let c = k / params.multiplier;
  var acc = array<f32, TILE_W>();
  for (var i = 0u; i < kernelH(); i++) {
    let ih = inputRow(oh, i);
    if (!insideRow(ih)) {
      continue;
    }
    let rowBase = (n * params.inH + u32(ih)) * params.inW;
    for (var j = 0u; j < kernelW(); j++) {
      let wv = w[(i * kernelW() + j) * params.outC + k];
      for (var t = 0u; t < TILE_W; t++) {
        let iw = inputCol(ow0 + t, j);
        if (insideCol(iw)) {
          acc[t] += x[(rowBase + u32(iw)) * params.inC + c] * wv;
        }
      }
    }
  }
  let bk = biasAt(k);
  for (var t = 0u; t < TILE_W; t++) {
    if (ow0 + t < params.outW) {
      y[((row * params.outW) + ow0 + t) * params.outC + k] = activate(ACTIVATION, acc[t] + bk, params.alpha);
    }
  }
}
