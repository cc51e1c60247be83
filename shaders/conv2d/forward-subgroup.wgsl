// conv2d/forward-subgroup.wgsl — conv2dForwardSubgroup: the forward pass for CPU adapters with
// subgroups of at least 8 lanes (lavapipe: one subgroup = one 8-wide SIMD register).
// Each invocation computes 4 output pixels × 16 output channels (4 × 4 vec4 accumulators); the
// invocations of a workgroup share the 16 channels and differ in pixels. The 16 × 4 filter values
// of one 4-input-channel step are the same for every lane, so instead of each lane loading all 16
// vec4 (on a CPU every storage load with a computed offset is a per-lane gather), lane l loads two
// of them and `subgroupBroadcast` hands them to the others: a broadcast is one register shuffle.
// Per step a lane does 2 filter loads + 4 input loads for 64 vec4 multiply-adds, against 8 loads
// per 16 in conv2dForwardVec4. Needs coutG a multiple of 4; a last channel block narrower than 16
// reads clamped filter columns and skips their stores. Input channels go 4 at a time through the
// input bindings' `inputBase` and `loadInput4`: forward-x4.wgsl reads x as vec4 (cinG a multiple
// of 4), forward-x1.wgsl reads 4 scalars and zeroes those past cinG (RGB stems: cinG 3), whose
// filter rows are clamped. Outputs: forward-out.wgsl or forward-out-bias.wgsl (w, y, epilogue4). No early
// return: every lane takes part in the broadcasts (pixels past the end compute a clamped pixel
// and do not store it).
// Dispatch: x over ceil(batch·outH·outW / (4·WG_X)), y over ceil(coutG / 16), z over groups.

// Pixel p of invocation `lane` in workgroup `block`: the 4 pixels of a lane are WG_X apart, so
// neighbouring lanes read neighbouring pixels.
fn subgroupPixel(block: u32, p: u32, lane: u32) -> u32 {
  return (block * 4u + p) * WG_X + lane;
}

@compute @workgroup_size(WG_X, 1, 1)
fn conv2dForwardSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                         @builtin(subgroup_invocation_id) sgLane: u32) {
  let pixels = params.batch * params.outH * params.outW;
  let g = wid.z;
  let outC4 = params.outC / 4u;
  let group4 = g * params.coutG / 4u;            // first vec4 column of this group's filters
  let last4 = group4 + params.coutG / 4u - 1u;   // last one
  let col4 = group4 + wid.y * 4u;                // first of the 4 vec4 columns of this workgroup
  let cin4 = (params.cinG + 3u) / 4u;

  // The filter values lane l loads per step: rows (input channels) l / 4 and l / 4 + 2 of the
  // step's 4, column l % 4 (lanes past 8 repeat lanes 0–7, so wider subgroups work too).
  let l8 = sgLane % 8u;
  let rowA = l8 / 4u;
  let colL = min(col4 + l8 % 4u, last4);
  let lastRow = params.cinG - 1u;

  var at: array<vec3<u32>, 4>;  // (n, oh, ow) of each pixel
  for (var p = 0u; p < 4u; p++) {
    at[p] = planeCoords(min(subgroupPixel(wid.x, p, lane), pixels - 1u), params.outH, params.outW);
  }
  var acc: array<array<vec4<f32>, 4>, 4>;  // [pixel][vec4 column]
  for (var i = 0u; i < params.kh; i++) {
    for (var j = 0u; j < params.kw; j++) {
      var base: array<u32, 4>;
      var inside: array<bool, 4>;
      for (var p = 0u; p < 4u; p++) {
        let h = inRow(at[p].y, i);
        let c = inCol(at[p].z, j);
        inside[p] = insideInput(h, c);
        base[p] = select(0u, inputBase(at[p].x, u32(h), u32(c), g), inside[p]);
      }
      let tap = (i * params.kw + j) * params.cinG;
      for (var c4 = 0u; c4 < cin4; c4++) {
        let wA = w[(tap + min(c4 * 4u + rowA, lastRow)) * outC4 + colL];
        let wB = w[(tap + min(c4 * 4u + rowA + 2u, lastRow)) * outC4 + colL];
        var xs: array<vec4<f32>, 4>;
        for (var p = 0u; p < 4u; p++) {
          xs[p] = select(vec4<f32>(), loadInput4(base[p], c4), inside[p]);
        }
        // Column q's rows 0..3 live in lanes q and 4 + q of wA (rows 0, 1) and of wB (rows 2, 3).
        accumulateColumn(&acc, 0u, xs, subgroupBroadcast(wA, 0u), subgroupBroadcast(wA, 4u), subgroupBroadcast(wB, 0u), subgroupBroadcast(wB, 4u));
        accumulateColumn(&acc, 1u, xs, subgroupBroadcast(wA, 1u), subgroupBroadcast(wA, 5u), subgroupBroadcast(wB, 1u), subgroupBroadcast(wB, 5u));
        accumulateColumn(&acc, 2u, xs, subgroupBroadcast(wA, 2u), subgroupBroadcast(wA, 6u), subgroupBroadcast(wB, 2u), subgroupBroadcast(wB, 6u));
        accumulateColumn(&acc, 3u, xs, subgroupBroadcast(wA, 3u), subgroupBroadcast(wA, 7u), subgroupBroadcast(wB, 3u), subgroupBroadcast(wB, 7u));
      }
    }
  }
  for (var p = 0u; p < 4u; p++) {
    let m = subgroupPixel(wid.x, p, lane);
    for (var q = 0u; q < 4u; q++) {
      if (m < pixels && col4 + q <= last4) {
        y[m * outC4 + col4 + q] = epilogue4(col4 + q, acc[p][q]);
      }
    }
  }
}

// acc[p][q] += x_p · W where W's rows w0..w3 are the 4 input channels of output columns q.
fn accumulateColumn(acc: ptr<function, array<array<vec4<f32>, 4>, 4>>, q: u32, xs: array<vec4<f32>, 4>,
                    w0: vec4<f32>, w1: vec4<f32>, w2: vec4<f32>, w3: vec4<f32>) {
  for (var p = 0u; p < 4u; p++) {
    (*acc)[p][q] += xs[p].x * w0 + xs[p].y * w1 + xs[p].z * w2 + xs[p].w * w3;
  }
}
