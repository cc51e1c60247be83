// batch-norm/lane-sum.wgsl — the workgroup reduction shared by the normalization kernels: the
// WG invocations form a (WG / chLanes) × chLanes grid (invocation l is channel lane l % chLanes,
// row lane l / chLanes); laneSum2 adds two running sums over the row lanes of each channel lane
// with a tree in workgroup memory and returns the totals of the caller's channel lane to every
// row lane. With chLanes = 1 it is a plain whole-workgroup sum (group and layer norm: one group
// per workgroup). WG and chLanes are powers of two; chLanes is a uniform value rather than an
// override so every channel count shares one pipeline. Call in uniform control flow.

override WG: u32 = 128;

var<workgroup> laneA: array<f32, WG>;
var<workgroup> laneB: array<f32, WG>;

fn laneSum2(lid: u32, chLanes: u32, a: f32, b: f32) -> vec2<f32> {
  laneA[lid] = a;
  laneB[lid] = b;
  workgroupBarrier();
  for (var s = WG / chLanes / 2u; s > 0u; s = s / 2u) {
    if (lid / chLanes < s) {
      laneA[lid] += laneA[lid + s * chLanes];
      laneB[lid] += laneB[lid + s * chLanes];
    }
    workgroupBarrier();
  }
  let total = vec2<f32>(laneA[lid % chLanes], laneB[lid % chLanes]);
  // Every lane has read its total before the arrays are reused by the next call.
  workgroupBarrier();
  return total;
}
