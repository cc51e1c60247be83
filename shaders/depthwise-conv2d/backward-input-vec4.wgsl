// depthwise-conv2d/backward-input-vec4.wgsl — the input gradient for multiplier 1 and inC a
// multiple of 4 (see backward-input.wgsl for the formula): each invocation computes one vec4 of
// channels for a block of 2 input rows × TILE_W input columns, the taps and strides specialised by constants so
// the loops unroll and the stride tests fold away at stride 1. Tiles start at multiples of TILE_W,
// so at stride 2 every invocation takes the same branches.
// Dispatch: grid1d over ceil(count / WG), count = N·ceil(inH/2)·ceil(inW/TILE_W)·inC/4, channels fastest.
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Entry: depthwiseConv2dBackwardInputVec4.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gx: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardInputVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c4 = params.inC / 4u;
  let tiles = (params.inW + TILE_W - 1u) / TILE_W;
  let rowTiles = (params.inH + 1u) / 2u;
  let k = o % c4;
  let rest = o / c4;
  let col0 = (rest % tiles) * TILE_W;
  let h0 = ((rest / tiles) % rowTiles) * 2u;
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
    // Rows no output reads (-1) use row 0 with a zero weight, which keeps the loop branch-free.
    let ohA = outputRow(h0, i);
    let ohB = outputRow(h0 + 1u, i);
    let baseA = (n * params.outH + u32(max(ohA, 0))) * params.outW;
    let baseB = (n * params.outH + u32(max(ohB, 0))) * params.outW;
    for (var j = 0u; j < kernelW(); j++) {
      let wv = w[(i * kernelW() + j) * c4 + k];
      let wA = select(vec4<f32>(), wv, ohA >= 0);
      let wB = select(vec4<f32>(), wv, ohB >= 0);
      a00 += loadGy(baseA, outputCol(col0, j), c4, k) * wA;
      a01 += loadGy(baseA, outputCol(col0 + 1u, j), c4, k) * wA;
      a02 += loadGy(baseA, outputCol(col0 + 2u, j), c4, k) * wA;
      a03 += loadGy(baseA, outputCol(col0 + 3u, j), c4, k) * wA;
      a10 += loadGy(baseB, outputCol(col0, j), c4, k) * wB;
      a11 += loadGy(baseB, outputCol(col0 + 1u, j), c4, k) * wB;
      a12 += loadGy(baseB, outputCol(col0 + 2u, j), c4, k) * wB;
      a13 += loadGy(baseB, outputCol(col0 + 3u, j), c4, k) * wB;
    }
  }
  let rowA = n * params.inH + h0;
  storeGx(rowA, col0, c4, k, array<vec4<f32>, TILE_W>(a00, a01, a02, a03));
  if (h0 + 1u < params.inH) {
    storeGx(rowA + 1u, col0, c4, k, array<vec4<f32>, TILE_W>(a10, a11, a12, a13));
  }
}

// gy at (row, column ow), or zero where no output column reads this input (ow = -1).
fn loadGy(rowBase: u32, ow: i32, c4: u32, k: u32) -> vec4<f32> {
  let v = gy[(rowBase + u32(max(ow, 0))) * c4 + k];
  return select(vec4<f32>(), v, ow >= 0);
}

// Writes the TILE_W columns from col0 that exist.
fn storeGx(row: u32, col0: u32, c4: u32, k: u32, acc: array<vec4<f32>, TILE_W>) {
  for (var t = 0u; t < TILE_W; t++) {
    if (col0 + t < params.inW) {
      gx[(row * params.inW + col0 + t) * c4 + k] = acc[t];
    }
  }
}
