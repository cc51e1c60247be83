// group-norm/backward-params.wgsl — the gamma and beta gradients of group (and layer)
// normalization over gy, x [R, C] with R = N·P rows (NHWC flattened), reading the forward's
// statistics s [N·G, 2] = (mean, σ⁻¹):
//   dgamma[c] = Σ_r gy[r,c] · (x[r,c] − mean[n,g]) · σ⁻¹[n,g],   dbeta[c] = Σ_r gy[r,c],
// n = r / P, g = c / Cg. Output d [2, C] = (dgamma, dbeta): the gradient of the gb table.
// Mapping as batch-norm/stats.wgsl: params.chLanes channels per workgroup, row lanes summed in
// workgroup memory (batch-norm/lane-sum.wgsl).
// Bindings: g0 b0 gy · b1 x · b2 s · b3 d · g1 b0 params. Entry: groupNormBackwardParams.

struct Params {
  rows: u32,
  positions: u32,
  channels: u32,
  groupChannels: u32,
  groups: u32,
  chLanes: u32,
}

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> s: array<f32>;
@group(0) @binding(3) var<storage, read_write> d: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn groupNormBackwardParams(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chLanes = params.chLanes;
  let rowLanes = WG / chLanes;
  let rowLane = lid / chLanes;
  let ch = params.channels;
  let c = linearWorkgroup(wid, nwg) * chLanes + lid % chLanes;
  let valid = c < ch;
  var sgx = 0.0;
  var sg = 0.0;
  if (valid) {
    let g = c / params.groupChannels;
    for (var r = rowLane; r < params.rows; r += rowLanes) {
      let stat = 2u * ((r / params.positions) * params.groups + g);
      let gv = gy[r * ch + c];
      sg += gv;
      sgx += gv * (x[r * ch + c] - s[stat]) * s[stat + 1u];
    }
  }
  let sums = laneSum2(lid, chLanes, sgx, sg);
  if (valid && rowLane == 0u) {
    d[c] = sums.x;
    d[ch + c] = sums.y;
  }
}
