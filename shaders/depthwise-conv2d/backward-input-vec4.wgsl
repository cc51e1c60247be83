// depthwise-conv2d/backward-input-vec4.wgsl — the input gradient for multiplier 1 and inC a
// multiple of 4 (see backward-input.wgsl for the formula): each invocation computes one vec4 of
// channels for TILE_W neighbouring input columns, the taps and strides specialised by constants so
// the loops unroll and the stride tests fold away at stride 1. Tiles start at multiples of TILE_W,
// so at stride 2 every invocation takes the same branches.
// Dispatch: grid1d over ceil(count / WG), count = N·inH·ceil(inW/TILE_W)·inC/4, channels fastest.
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
  let k = o % c4;
  let rest = o / c4;
  let col0 = (rest % tiles) * TILE_W;
  let row = rest / tiles;
  let h = row % params.inH;
  let n = row / params.inH;
  var acc = array<vec4<f32>, TILE_W>();
  for (var i = 0u; i < kernelH(); i++) {
    let oh = outputRow(h, i);
    if (oh < 0) {
      continue;
    }
    let rowBase = (n * params.outH + u32(oh)) * params.outW;
    for (var j = 0u; j < kernelW(); j++) {
      let wv = w[(i * kernelW() + j) * c4 + k];
      for (var t = 0u; t < TILE_W; t++) {
        let ow = outputCol(col0 + t, j);
        if (ow >= 0) {
          acc[t] += gy[(rowBase + u32(ow)) * c4 + k] * wv;
        }
      }
    }
  }
  for (var t = 0u; t < TILE_W; t++) {
    if (col0 + t < params.inW) {
      gx[(row * params.inW + col0 + t) * c4 + k] = acc[t];
    }
  }
}
