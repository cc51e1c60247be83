// depthwise-conv2d/forward-vec4.wgsl — the forward pass for multiplier 1 and inC a multiple of 4:
// each invocation computes 4 neighbouring channels (one vec4) of a 2-row × TILE_W-column block,
// with the taps specialised by constants (KERNEL_*, STRIDE_*, DILATION_*) so the loops unroll and
// input columns shared by neighbouring outputs are loaded once. Channels are fastest across
// invocations, so neighbours read neighbouring 16-byte words.
// Dispatch: grid1d over ceil(count / WG), count = N·ceil(outH/2)·ceil(outW/TILE_W)·outC/4. Expects
// forward-vec4-bindings.wgsl or forward-vec4-bias-bindings.wgsl. Entry: depthwiseConv2dForwardVec4.

@compute @workgroup_size(WG)
fn depthwiseConv2dForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c4 = params.outC / 4u;
  let tiles = (params.outW + TILE_W - 1u) / TILE_W;
  let rowTiles = (params.outH + 1u) / 2u;
  let k = o % c4;
  let rest = o / c4;
  let ow0 = (rest % tiles) * TILE_W;
  let oh0 = ((rest / tiles) % rowTiles) * 2u;
  let n = rest / (tiles * rowTiles);
  // 2 rows × 4 columns of accumulators (TILE_W = 4), kept in registers.
  var a00 = vec4<f32>();
  var a01 = vec4<f32>();
  var a02 = vec4<f32>();
  var a03 = vec4<f32>();
  var a10 = vec4<f32>();
  var a11 = vec4<f32>();
  var a12 = vec4<f32>();
  var a13 = vec4<f32>();
  for (var i = 0u; i < kernelH(); i++) {
    // Rows outside the image read a clamped row with a zero weight, which keeps the loop branch-free.
    let ihA = inputRow(oh0, i);
    let ihB = inputRow(oh0 + 1u, i);
    let baseA = (n * params.inH + u32(clamp(ihA, 0, i32(params.inH) - 1))) * params.inW;
    let baseB = (n * params.inH + u32(clamp(ihB, 0, i32(params.inH) - 1))) * params.inW;
    for (var j = 0u; j < kernelW(); j++) {
      let wv = w[(i * kernelW() + j) * c4 + k];
      let wA = select(vec4<f32>(), wv, insideRow(ihA));
      let wB = select(vec4<f32>(), wv, insideRow(ihB));
      a00 += loadX(baseA, inputCol(ow0, j), c4, k) * wA;
      a01 += loadX(baseA, inputCol(ow0 + 1u, j), c4, k) * wA;
      a02 += loadX(baseA, inputCol(ow0 + 2u, j), c4, k) * wA;
      a03 += loadX(baseA, inputCol(ow0 + 3u, j), c4, k) * wA;
      a10 += loadX(baseB, inputCol(ow0, j), c4, k) * wB;
      a11 += loadX(baseB, inputCol(ow0 + 1u, j), c4, k) * wB;
      a12 += loadX(baseB, inputCol(ow0 + 2u, j), c4, k) * wB;
      a13 += loadX(baseB, inputCol(ow0 + 3u, j), c4, k) * wB;
    }
  }
  let bk = biasAt4(k);
  let rowA = n * params.outH + oh0;
  storeY(rowA, ow0, c4, k, array<vec4<f32>, TILE_W>(a00, a01, a02, a03), bk);
  if (oh0 + 1u < params.outH) {
    storeY(rowA + 1u, ow0, c4, k, array<vec4<f32>, TILE_W>(a10, a11, a12, a13), bk);
  }
}

// x at (row, column iw) or zero in the padding; the clamped index keeps the read inside x.
fn loadX(rowBase: u32, iw: i32, c4: u32, k: u32) -> vec4<f32> {
  let v = x[(rowBase + u32(clamp(iw, 0, i32(params.inW) - 1))) * c4 + k];
  return select(vec4<f32>(), v, insideCol(iw));
}

// Writes act(acc + bias) for the TILE_W columns from ow0 that exist.
fn storeY(row: u32, ow0: u32, c4: u32, k: u32, acc: array<vec4<f32>, TILE_W>, bk: vec4<f32>) {
  for (var t = 0u; t < TILE_W; t++) {
    if (ow0 + t < params.outW) {
      let v = acc[t] + bk;
      y[(row * params.outW + ow0 + t) * c4 + k] = vec4<f32>(
        activate(ACTIVATION, v.x, params.alpha), activate(ACTIVATION, v.y, params.alpha),
        activate(ACTIVATION, v.z, params.alpha), activate(ACTIVATION, v.w, params.alpha));
    }
  }
}
