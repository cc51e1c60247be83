// depthwise-conv2d/backward-filter.wgsl — partial filter gradients without float atomics:
// gwPart[chunk, i, j, k] = Σ_{rows r of the chunk} Σ_ow x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl,
// k / M] · gy[n, oh, ow, k], rows r = n·outH + oh split into chunks of rowsPerChunk. The graph sums
// the chunks with the reduce kernel, so gw = Σ_chunk gwPart is exactly the gradient of
// Keras' depthwise kernel [kh, kw, inC, M].
// Variant: depthwiseConv2dBackwardFilterDirect, one partial per invocation, loop bounds from the
// uniform: the readable specification, for any channel count and multiplier.
// Dispatch: grid1d over ceil(count / WG), count = chunks·kh·kw·outC, channel fastest.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Entry: depthwiseConv2dBackwardFilterDirect.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gy: array<f32>;
@group(0) @binding(2) var<storage, read_write> gw: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn depthwiseConv2dBackwardFilterDirect(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.count) {
    return;
  }
  let k = o % params.outC;
  let tap = (o / params.outC) % (kernelH() * kernelW());
  let chunk = o / (params.outC * kernelH() * kernelW());
  let i = tap / kernelW();
  let j = tap % kernelW();
  let c = k / params.multiplier;
  let rows = params.batch * params.outH;
  let r0 = chunk * params.rowsPerChunk;
  let r1 = min(r0 + params.rowsPerChunk, rows);
  var acc = 0.0;
  for (var r = r0; r < r1; r++) {
    let n = r / params.outH;
    let ih = inputRow(r % params.outH, i);
    if (!insideRow(ih)) {
      continue;
    }
    for (var ow = 0u; ow < params.outW; ow++) {
      let iw = inputCol(ow, j);
      if (insideCol(iw)) {
        acc += x[((n * params.inH + u32(ih)) * params.inW + u32(iw)) * params.inC + c] * gy[(r * params.outW + ow) * params.outC + k];
      }
    }
  }
  gw[o] = acc;
}
