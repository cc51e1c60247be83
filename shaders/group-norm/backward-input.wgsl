// group-norm/backward-input.wgsl — the input gradient of group (and layer) normalization. With
// ĝ = gy · gamma[c] and x̂ = (x − mean)·σ⁻¹ over a group of K elements:
//   gx = σ⁻¹ · (ĝ − Σĝ/K − x̂ · Σ(ĝ·x̂)/K).
// The group's mean and σ⁻¹ are recomputed from x with the forward's code (bit-identical), which
// keeps the kernel at four bindings (gy, x, gb, gx).
// Mapping: one workgroup per group (n, g), as forward.wgsl.
// Bindings: g0 b0 gy · b1 x · b2 gb · b3 gx · g1 b0 params. Entry: groupNormBackwardInput.

struct Params {
  positions: u32,
  channels: u32,
  groups: u32,
  groupChannels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> gb: array<f32>;
@group(0) @binding(3) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn groupNormBackwardInput(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = linearWorkgroup(wid, nwg);
  let n = w / params.groups;
  let g = w - n * params.groups;
  let stats = groupMoments(lid, n, g);
  let k = params.positions * params.groupChannels;
  var sg = 0.0;
  var sgx = 0.0;
  for (var e = lid; e < k; e += WG) {
    let i = groupOffset(n, g, e);
    let gh = gy[i] * gb[i % params.channels];
    sg += gh;
    sgx += gh * (x[i] - stats.x) * stats.y;
  }
  let sums = laneSum2(lid, 1u, sg, sgx) / f32(k);
  for (var e = lid; e < k; e += WG) {
    let i = groupOffset(n, g, e);
    let gh = gy[i] * gb[i % params.channels];
    let xhat = (x[i] - stats.x) * stats.y;
    gx[i] = stats.y * (gh - sums.x - xhat * sums.y);
  }
}
