// batch-norm/apply.wgsl — y[r,c] = (x[r,c] − mean[c]) · gamma[c] / √(var[c] + ε) + beta[c] over
// x [rows, channels] (NHWC flattened), reading the per-channel table t [4, channels] = (mean, var,
// gamma, beta): batch moments in training, the moving averages in inference. Subtracting the mean
// before scaling keeps 1e3 ± 1 inputs exact where x·a + b would cancel.
// Mapping: 1-D elementwise, WG·ELEMS elements per workgroup (as elementwise/unary.wgsl).
// Bindings: g0 b0 x · b1 t · b2 y · g1 b0 params. Entry: batchNormApply.

struct Params {
  count: u32,
  channels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> t: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;

@compute @workgroup_size(WG)
fn batchNormApply(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  let ch = params.channels;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let c = i % ch;
      let scale = t[2u * ch + c] * inverseSqrt(t[ch + c] + params.epsilon);
      y[i] = (x[i] - t[c]) * scale + t[3u * ch + c];
    }
  }
}
