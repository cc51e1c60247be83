// batch-norm/backward-input.wgsl — the input gradient of training-mode BatchNorm (batch
// statistics, so the mean and variance depend on x), with M = rows = N·H·W:
//   gx[r,c] = gamma·σ⁻¹ · (gy − dbeta/M − x̂ · dgamma/M),   x̂ = (x − mean)·σ⁻¹,
// reading the table b [5, channels] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹) of backward-reduce.wgsl.
// Mapping: 1-D elementwise, WG·ELEMS elements per workgroup.
// Bindings: g0 b0 gy · b1 x · b2 b · b3 gx · g1 b0 params. Entry: batchNormBackwardInput.

struct Params {
  count: u32,
  channels: u32,
  rows: u32,
}

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;

@compute @workgroup_size(WG)
fn batchNormBackwardInput(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  let ch = params.channels;
  let invM = 1.0 / f32(params.rows);
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let c = i % ch;
      let xhat = (x[i] - b[2u * ch + c]) * b[3u * ch + c];
      gx[i] = b[4u * ch + c] * (gy[i] - b[ch + c] * invM - xhat * b[c] * invM);
    }
  }
}
