// batch-norm/backward-reduce.wgsl — the per-channel sums of training-mode BatchNorm's backward
// over x, gy [rows, channels] (NHWC flattened) with the forward's table t [4, channels] = (batch
// mean, biased batch var, gamma, beta):
//   dgamma[c] = Σ_r gy·x̂ with x̂ = (x − mean)·σ⁻¹, σ⁻¹ = 1/√(var + ε),   dbeta[c] = Σ_r gy.
// Output: the table b [5, channels] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹), everything the
// input gradient (backward-input.wgsl) needs in one binding; unstackRows splits off rows 0–1.
// Mapping as stats.wgsl: params.chLanes channels per workgroup, row lanes summed in workgroup memory.
// Bindings: g0 b0 gy · b1 x · b2 t · b3 b · g1 b0 params. Entry: batchNormBackwardReduce.

struct Params {
  rows: u32,
  channels: u32,
  epsilon: f32,
  chLanes: u32,
}

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> t: array<f32>;
@group(0) @binding(3) var<storage, read_write> b: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn batchNormBackwardReduce(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chLanes = params.chLanes;
  let rowLanes = WG / chLanes;
  let rowLane = lid / chLanes;
  let ch = params.channels;
  let c = linearWorkgroup(wid, nwg) * chLanes + lid % chLanes;
  let valid = c < ch;
  var sg = 0.0;
  var sgd = 0.0;
  var mean = 0.0;
  if (valid) {
    mean = t[c];
    for (var r = rowLane; r < params.rows; r += rowLanes) {
      let g = gy[r * ch + c];
      sg += g;
      sgd += g * (x[r * ch + c] - mean);
    }
  }
  let sums = laneSum2(lid, chLanes, sg, sgd);
  if (valid && rowLane == 0u) {
    let inv = inverseSqrt(t[ch + c] + params.epsilon);
    b[c] = sums.y * inv;
    b[ch + c] = sums.x;
    b[2u * ch + c] = mean;
    b[3u * ch + c] = inv;
    b[4u * ch + c] = t[2u * ch + c] * inv;
  }
}
