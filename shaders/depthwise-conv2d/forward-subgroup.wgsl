// depthwise-conv2d/forward-subgroup.wgsl — the 3×3 forward pass for CPU adapters with subgroups
// of at least 8 lanes (multiplier 1, inC a multiple of 4, dilation 1, stride 1 or 2 given by the
// STRIDE_* constants). Each group of 8 lanes owns 8 neighbouring output columns of one vec4 of
// channels and walks down a strip of output rows (`params.rowsPerChunk` of them), keeping the 3 input rows of the window in
// registers and loading one (stride 1) or two (stride 2) new rows per output row. A lane loads
// only its own input column(s) of a row; the columns left and right of it come from its
// neighbours through `subgroupShuffleUp/Down` (register shuffles), and only the lanes at the ends
// of the 8 load theirs. The 9 taps are the same for every lane: lane l loads tap l and
// `subgroupBroadcast` hands it to the others. About 1.25 input loads per output (stride 1)
// instead of 3 in depthwiseConv2dForwardVec4. All array indices are constants after unrolling:
// on CPU adapters a dynamically indexed local array is a per-lane gather too.
// No early return: every lane takes part in the shuffles (strips past the end compute a clamped
// strip and do not store it).
// Bindings: forward-vec4-bindings.wgsl or forward-vec4-bias-bindings.wgsl; window rows from
// subgroup-window.wgsl.
// Dispatch: x over outC / 4, y over ceil(strips / (WG / 8)), strips = N·ceil(outH /
// rowsPerChunk)·ceil(outW / 8): channels vary fastest between workgroups, so the workgroups that
// read the same input pixels (one 64-byte line holds 4 vec4s of channels) run close together.
// `params.count` holds the strip count. The strip length is a uniform, not a
// constant, so the row loop stays a loop (unrolled, short strips ran slower).

@compute @workgroup_size(WG)
fn depthwiseConv2dForwardSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                                  @builtin(subgroup_invocation_id) sgLane: u32) {
  let c4 = params.outC / 4u;
  let k = wid.x;
  let l8 = sgLane % 8u;  // position among the 8 lanes of a strip (subgroups are multiples of 8 lanes)
  let stripRows = params.rowsPerChunk;
  let strip = wid.y * (WG / 8u) + lane / 8u;
  let at = subgroupStrip(min(strip, params.count - 1u), l8, params.outH, params.outW, stripRows);
  let n = at.x;
  let oh0 = at.y;
  let ow = at.z;
  let t = subgroupTaps(k, c4, l8);

  let iw0 = inputCol(ow, 0u);
  let bk = biasAt4(k);
  var top = windowRow(n, inputRow(oh0, 0u), iw0, l8, k);
  var mid = windowRow(n, inputRow(oh0, 1u), iw0, l8, k);
  for (var r = 0u; r < stripRows; r++) {
    let oh = oh0 + r;
    let bottom = windowRow(n, inputRow(oh, 2u), iw0, l8, k);
    let v = top[0] * t[0] + top[1] * t[1] + top[2] * t[2] + mid[0] * t[3] + mid[1] * t[4] + mid[2] * t[5]
      + bottom[0] * t[6] + bottom[1] * t[7] + bottom[2] * t[8] + bk;
    if (strip < params.count && oh < params.outH && ow < params.outW) {
      y[((n * params.outH + oh) * params.outW + ow) * c4 + k] = activate4(ACTIVATION, v, params.alpha);
    }
    // The next output row's window starts strideH rows further down.
    if (strideH() == 1u) {
      top = mid;
      mid = bottom;
    } else {
      top = bottom;
      mid = windowRow(n, inputRow(oh + 1u, 1u), iw0, l8, k);
    }
  }
}

// The window's source for subgroup-window.wgsl: x at (n, ih, iw), channels 4k…4k+3, or zero in
// the padding (the clamped index stays inside x).
fn windowSource(n: u32, ih: i32, iw: i32, k: u32) -> vec4<f32> {
  let h = u32(clamp(ih, 0, i32(params.inH) - 1));
  let w = u32(clamp(iw, 0, i32(params.inW) - 1));
  let v = x[((n * params.inH + h) * params.inW + w) * (params.outC / 4u) + k];
  return select(vec4<f32>(), v, insideRow(ih) && insideCol(iw));
}
