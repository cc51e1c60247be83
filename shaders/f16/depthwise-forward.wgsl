// f16/depthwise-forward.wgsl — y[n,oh,ow,k] = act(b[k] + Σ_{i,j} x[n, oh·sh + i·dh − pt,
// ow·sw + j·dw − pl, k / M] · w[i, j, k / M, k % M]) with `scalar` storage and f32 accumulation
// (indexing and specialisation constants from depthwise-conv2d/common.wgsl, shared with the f32
// kernels). Loads convert to f32; the store is the only conversion back, so an out-of-range
// result is ±Inf, never NaN. With the f32 prelude this is the f32 kernel.
// Variants, simple to fast:
//   depthwiseConv2dForwardDirect  one output element per invocation, loop bounds from the uniform;
//   depthwiseConv2dForwardTiled   TILE_W neighbouring output columns of one channel per invocation,
//                                 taps specialised by constants so the loops unroll.
// Dispatch: grid1d over ceil(count / WG), count = outputs (direct) or N·outH·ceil(outW/TILE_W)·outC
// (tiled), channel fastest. Expects depthwise-forward-bindings.wgsl or
// depthwise-forward-bias-bindings.wgsl (x, w, [b,] y and biasAt).

fn readX(i: u32) -> f32 {
  return f32(x[i]);
}

fn readW(i: u32) -> f32 {
  return f32(w[i]);
}

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
        acc += readX(((n * params.inH + u32(ih)) * params.inW + u32(iw)) * params.inC + c) * readW((i * kernelW() + j) * params.outC + k);
      }
    }
  }
  y[o] = scalar(activate(ACTIVATION, acc + biasAt(k), params.alpha));
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
      let wv = readW((i * kernelW() + j) * params.outC + k);
      for (var t = 0u; t < TILE_W; t++) {
        let iw = inputCol(ow0 + t, j);
        if (insideCol(iw)) {
          acc[t] += readX((rowBase + u32(iw)) * params.inC + c) * wv;
        }
      }
    }
  }
  let bk = biasAt(k);
  for (var t = 0u; t < TILE_W; t++) {
    if (ow0 + t < params.outW) {
      y[((row * params.outW) + ow0 + t) * params.outC + k] = scalar(activate(ACTIVATION, acc[t] + bk, params.alpha));
    }
  }
}
