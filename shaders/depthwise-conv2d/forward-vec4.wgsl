// depthwise-conv2d/forward-vec4.wgsl — the forward pass for multiplier 1 and inC a multiple of 4:
// each invocation computes 4 neighbouring channels (one vec4) of TILE_W neighbouring output columns,
// with the taps specialised by constants (KERNEL_*, STRIDE_*, DILATION_*) so the loops unroll and
// input columns shared by neighbouring outputs are loaded once. Channels are fastest across
// invocations, so neighbours read neighbouring 16-byte words.
// Dispatch: grid1d over ceil(count / WG), count = N·outH·ceil(outW/TILE_W)·outC/4. Expects
// forward-vec4-bindings.wgsl or forward-vec4-bias-bindings.wgsl. Entry: depthwiseConv2dForwardVec4.

@compute @workgroup_size(WG)
fn depthwiseConv2dForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c4 = params.outC / 4u;
  let tiles = (params.outW + TILE_W - 1u) / TILE_W;
  let k = o % c4;
  let rest = o / c4;
  let ow0 = (rest % tiles) * TILE_W;
  let row = rest / tiles;
  let oh = row % params.outH;
  let n = row / params.outH;
  var acc = array<vec4<f32>, TILE_W>();
  for (var i = 0u; i < kernelH(); i++) {
    let ih = inputRow(oh, i);
    if (!insideRow(ih)) {
      continue;
    }
    let rowBase = (n * params.inH + u32(ih)) * params.inW;
    for (var j = 0u; j < kernelW(); j++) {
      let wv = w[(i * kernelW() + j) * c4 + k];
      for (var t = 0u; t < TILE_W; t++) {
        let iw = inputCol(ow0 + t, j);
        if (insideCol(iw)) {
          acc[t] += x[(rowBase + u32(iw)) * c4 + k] * wv;
        }
      }
    }
  }
  let bk = biasAt4(k);
  for (var t = 0u; t < TILE_W; t++) {
    if (ow0 + t < params.outW) {
      let v = acc[t] + bk;
      y[(row * params.outW + ow0 + t) * c4 + k] = vec4<f32>(
        activate(ACTIVATION, v.x, params.alpha), activate(ACTIVATION, v.y, params.alpha),
        activate(ACTIVATION, v.z, params.alpha), activate(ACTIVATION, v.w, params.alpha));
    }
  }
}
