// reduce/forward.wgsl — y[o] = scale · Σ_r x[o's kept coordinates, r's reduced coordinates]: sum
// (scale 1) and mean (scale 1/redCount) over any set of axes of a tensor of rank ≤ 6, keepdims
// layout (see reduce/core.wgsl for how the host canonicalises the shape).
// Variants, simple to fast:
//   reduceForward             one output per invocation, a serial loop over the reduced extent:
//                             the readable specification, and the fastest when there are many
//                             outputs (neighbouring invocations read neighbouring inner elements);
//   reduceCooperativeForward  one output per workgroup: WG invocations stride over the reduced
//                             extent, then a tree sum in workgroup memory (WG floats) — for few
//                             outputs with a long reduced extent (a bias gradient [8192,10] over
//                             axis 0, a whole tensor to a scalar). WG must be a power of two.
// Dispatch: grid1d over ceil(outCount / WG) workgroups (per-output) or outCount (cooperative).
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entries: reduceForward, reduceCooperativeForward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn reduceForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = linearWorkgroup(wid, nwg) * WG + lid;
  if (o >= params.outCount) {
    return;
  }
  let base = keptOffset(o);
  var acc = 0.0;
  if (params.redRank <= 1u) {
    let stride = params.redStrides[0].x;
    for (var r = 0u; r < params.redCount; r++) {
      acc += x[base + r * stride];
    }
  } else {
    for (var r = 0u; r < params.redCount; r++) {
      acc += x[base + reducedOffset(r)];
    }
  }
  y[o] = acc * params.scale;
}

@compute @workgroup_size(WG)
fn reduceCooperativeForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  // o is the same for the whole workgroup, so this return keeps the barriers below uniform.
  let o = linearWorkgroup(wid, nwg);
  if (o >= params.outCount) {
    return;
  }
  let base = keptOffset(o);
  var acc = 0.0;
  for (var r = lid; r < params.redCount; r += WG) {
    acc += x[base + reducedOffset(r)];
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      partial[lid] += partial[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    y[o] = partial[0] * params.scale;
  }
}
