// depthwise-conv2d/backward-filter-vec4.wgsl — partial filter gradients (see backward-filter.wgsl)
// for multiplier 1, inC a multiple of 4 and kernels at most MAX_KW wide: each invocation computes
// one vec4 of channels for a whole row of taps (i, 0..kw−1) of one chunk, so every gy value it
// loads feeds kw multiply-adds. Taps, strides and dilations come from constants, so the tap loop
// unrolls and the accumulators stay in registers.
// Dispatch: grid1d over ceil(count / WG), count = chunks·kh·outC/4, channels fastest.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Entry: depthwiseConv2dBackwardFilterVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gw: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

const MAX_KW: u32 = 7u;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardFilterVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c4 = params.outC / 4u;
  let k = o % c4;
  let i = (o / c4) % kernelH();
  let chunk = o / (c4 * kernelH());
  let rows = params.batch * params.outH;
  let r0 = chunk * params.rowsPerChunk;
  let r1 = min(r0 + params.rowsPerChunk, rows);
  var acc = array<vec4<f32>, MAX_KW>();
  for (var r = r0; r < r1; r++) {
    let n = r / params.outH;
    let ih = inputRow(r % params.outH, i);
    if (!insideRow(ih)) {
      continue;
    }
    let xRow = (n * params.inH + u32(ih)) * params.inW;
    let gyRow = r * params.outW;
    for (var ow = 0u; ow < params.outW; ow++) {
      let g = gy[(gyRow + ow) * c4 + k];
      for (var j = 0u; j < kernelW(); j++) {
        let iw = inputCol(ow, j);
        let xv = x[(xRow + u32(clamp(iw, 0, i32(params.inW) - 1))) * c4 + k];
        acc[j] += select(vec4<f32>(), xv, insideCol(iw)) * g;
      }
    }
  }
  let base = (chunk * kernelH() + i) * kernelW();
  for (var j = 0u; j < kernelW(); j++) {
    gw[(base + j) * c4 + k] = acc[j];
  }
}
