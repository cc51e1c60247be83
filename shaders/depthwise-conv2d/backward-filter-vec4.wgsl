// depthwise-conv2d/backward-filter-vec4.wgsl — partial filter gradients (see backward-filter.wgsl)
// for multiplier 1 and inC a multiple of 4: one vec4 of channels of one tap per invocation. The
// range of output columns whose input column is inside the image is computed once per tap, so the
// inner loop is two loads and a multiply-add with no bounds tests; strides come from constants.
// Dispatch: grid1d over ceil(count / WG), count = chunks·kh·kw·outC/4, channels fastest.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Entry: depthwiseConv2dBackwardFilterVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gw: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardFilterVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let c4 = params.outC / 4u;
  let k = o % c4;
  let tap = (o / c4) % (kernelH() * kernelW());
  let chunk = o / (c4 * kernelH() * kernelW());
  let i = tap / kernelW();
  let j = tap % kernelW();
  // Output columns ow in [owLo, owHi) read input columns inside [0, inW).
  let sw = i32(strideW());
  let first = i32(params.padLeft) - i32(j * dilationW());
  let owLo = u32(max(0, (first + sw - 1) / sw));
  let last = i32(params.inW) - 1 + first;
  let owHi = select(0u, min(params.outW, u32(last / sw) + 1u), last >= 0);
  let rows = params.batch * params.outH;
  let r0 = chunk * params.rowsPerChunk;
  let r1 = min(r0 + params.rowsPerChunk, rows);
  var acc = vec4<f32>();
  for (var r = r0; r < r1; r++) {
    let n = r / params.outH;
    let ih = inputRow(r % params.outH, i);
    if (!insideRow(ih)) {
      continue;
    }
    let xRow = (n * params.inH + u32(ih)) * params.inW;
    let gyRow = r * params.outW;
    for (var ow = owLo; ow < owHi; ow++) {
      let iw = u32(inputCol(ow, j));
      acc += x[(xRow + iw) * c4 + k] * gy[(gyRow + ow) * c4 + k];
    }
  }
  gw[o] = acc;
}
