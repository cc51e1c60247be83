// group-norm/forward.wgsl — group normalization over x [N, P, C] (NHWC flattened) with G groups
// of Cg = C / G channels, and layer normalization as its case P = 1, G = 1:
//   y[n,p,c] = (x[n,p,c] − mean[n,g]) · σ⁻¹[n,g] · gamma[c] + beta[c],  g = c / Cg,
// mean and the biased variance over the group's K = P·Cg elements, σ⁻¹ = 1/√(var + ε).
// Reads gb [2, C] = (gamma, beta); writes y and the statistics s [N·G, 2] = (mean, σ⁻¹) that the
// parameter gradient (backward-params.wgsl) reads.
// Mapping: one workgroup per group (n, g), n = w / G; its invocations stride over the elements.
// Bindings: g0 b0 x · b1 gb · b2 y · b3 s · g1 b0 params. Entry: groupNormForward.

struct Params {
  positions: u32,
  channels: u32,
  groups: u32,
  groupChannels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gb: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn groupNormForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = linearWorkgroup(wid, nwg);
  let n = w / params.groups;
  let g = w - n * params.groups;
  let stats = groupMoments(lid, n, g);
  let k = params.positions * params.groupChannels;
  for (var e = lid; e < k; e += WG) {
    let i = groupOffset(n, g, e);
    let c = i % params.channels;
    y[i] = (x[i] - stats.x) * stats.y * gb[c] + gb[params.channels + c];
  }
  if (lid == 0u) {
    s[2u * w] = stats.x;
    s[2u * w + 1u] = stats.y;
  }
}
