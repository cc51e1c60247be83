// depthwise-conv2d/backward-input-subgroup.wgsl — the 3×3 stride-1 input gradient for CPU adapters
// with subgroups of at least 8 lanes (multiplier 1, inC a multiple of 4, dilation 1). At stride 1
//   gx[n,h,w,c] = Σ_{i,j} gy[n, h + pt − i, w + pl − j, c] · w[i,j,c]
// is the forward pass over gy with the filter turned by 180°, so this is forward-subgroup.wgsl's
// walk: groups of 8 lanes own 8 neighbouring input columns of one vec4 of channels and go down a
// strip of `params.rowsPerChunk` input rows, the 3 gy rows of the window in registers, one new
// row per input row, neighbour columns through subgroup shuffles, the 9 taps by broadcast.
// No early return: every lane takes part in the shuffles.
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params; window rows from subgroup-window.wgsl.
// Dispatch: x over inC / 4, y over ceil(strips / (WG / 8)), strips = N·ceil(inH /
// rowsPerChunk)·ceil(inW / 8); `params.count` holds the strip count.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gx: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardInputSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                                        @builtin(subgroup_invocation_id) sgLane: u32) {
  let c4 = params.inC / 4u;
  let k = wid.x;
  let l8 = sgLane % 8u;
  let stripRows = params.rowsPerChunk;
  let strip = wid.y * (WG / 8u) + lane / 8u;
  let at = subgroupStrip(min(strip, params.count - 1u), l8, params.inH, params.inW, stripRows);
  let n = at.x;
  let ih0 = at.y;
  let iw = at.z;
  let t = subgroupTaps(k, c4, l8);

  // Window rows h + pt − 2 … h + pt (taps i = 2, 1, 0), columns w + pl − 2 … w + pl (j = 2, 1, 0).
  let col0 = i32(iw + params.padLeft) - 2;
  let row0 = i32(ih0 + params.padTop) - 2;
  var top = windowRow(n, row0, col0, l8, k);
  var mid = windowRow(n, row0 + 1, col0, l8, k);
  for (var r = 0u; r < stripRows; r++) {
    let h = ih0 + r;
    let bottom = windowRow(n, row0 + i32(r) + 2, col0, l8, k);
    let v = top[0] * t[8] + top[1] * t[7] + top[2] * t[6] + mid[0] * t[5] + mid[1] * t[4] + mid[2] * t[3]
      + bottom[0] * t[2] + bottom[1] * t[1] + bottom[2] * t[0];
    if (strip < params.count && h < params.inH && iw < params.inW) {
      gx[((n * params.inH + h) * params.inW + iw) * c4 + k] = v;
    }
    top = mid;
    mid = bottom;
  }
}

// The window's source for subgroup-window.wgsl: gy at (n, oh, ow), zero outside it.
fn windowSource(n: u32, oh: i32, ow: i32, k: u32) -> vec4<f32> {
  let h = u32(clamp(oh, 0, i32(params.outH) - 1));
  let w = u32(clamp(ow, 0, i32(params.outW) - 1));
  let v = gy[((n * params.outH + h) * params.outW + w) * (params.inC / 4u) + k];
  return select(vec4<f32>(), v, oh >= 0 && oh < i32(params.outH) && ow >= 0 && ow < i32(params.outW));
}
