// batch-norm/unstack-rows.wgsl — a[i] = y[row + 0, i], b[i] = y[row + 1, i] for i < count: splits
// two rows off a [k, count] table (the gamma and beta gradients of a normalization).
// Mapping: one invocation per i. Bindings: g0 b0 y · b1 a · b2 b · g1 b0 params. Entry: unstackRows.

struct Params {
  count: u32,
  row: u32,
}

@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn unstackRows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i < params.count) {
    a[i] = y[params.row * params.count + i];
    b[i] = y[(params.row + 1u) * params.count + i];
  }
}
