// batch-norm/backward-inference.wgsl — gx[r,c] = gy[r,c] · gamma[c] / √(var[c] + ε): the input
// gradient of inference-mode BatchNorm (fixed moving statistics, e.g. a frozen layer), whose
// per-channel table t [4, channels] = (mean, var, gamma, beta) does not depend on x.
// Mapping: 1-D elementwise, WG·ELEMS elements per workgroup.
// Bindings: g0 b0 gy · b1 t · b2 gx · g1 b0 params. Entry: batchNormBackwardInference.

struct Params {
  count: u32,
  channels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> t: array<f32>;
@group(0) @binding(2) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;

@compute @workgroup_size(WG)
fn batchNormBackwardInference(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  let ch = params.channels;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let c = i % ch;
      gx[i] = gy[i] * t[2u * ch + c] * inverseSqrt(t[ch + c] + params.epsilon);
    }
  }
}
