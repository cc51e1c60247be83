// batch-norm/stack-rows.wgsl — y[row + 0, i] = a[i], y[row + 1, i] = b[i] for i < count: writes two
// rows of a [k, count] table (gamma and beta into a normalization's per-channel table, or the
// moving mean and variance). Rows outside row, row + 1 are left as they are.
// Mapping: one invocation per i. Bindings: g0 b0 a · b1 b · b2 y · g1 b0 params. Entry: stackRows.

struct Params {
  count: u32,
  row: u32,
}

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn stackRows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i < params.count) {
    y[params.row * params.count + i] = a[i];
    y[(params.row + 1u) * params.count + i] = b[i];
  }
}
