// batch-norm/update.wgsl — the moving averages of training-mode BatchNorm, updated in place
// (Keras semantics): moving ← moving · momentum + batch · (1 − momentum), with the batch mean and
// the biased batch variance from rows 0–1 of the table t [4, channels]. PyTorch's `momentum` is
// 1 − Keras's and PyTorch feeds the unbiased variance into running_var; this follows Keras.
// A channel whose batch mean or variance is Inf/NaN keeps its moving statistics: that step's loss
// is non-finite too, so the trainer skips its update and stops, and inference must still work.
// Mapping: one invocation per channel.
// Bindings: g0 b0 t · b1 movingMean · b2 movingVariance (both written) · g1 b0 params.
// Entry: batchNormUpdate.

struct Params {
  channels: u32,
  momentum: f32,
}

@group(0) @binding(0) var<storage, read_write> t: array<f32>;
@group(0) @binding(1) var<storage, read_write> movingMean: array<f32>;
@group(0) @binding(2) var<storage, read_write> movingVariance: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn batchNormUpdate(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = linearWorkgroup(wid, nwg) * WG + lid;
  if (c < params.channels) {
    let mean = t[c];
    let variance = t[params.channels + c];
    // Tested on the bits (exponent all ones), which a fast-math compiler cannot fold away.
    let bad = (bitcast<u32>(mean) & 0x7f800000u) == 0x7f800000u || (bitcast<u32>(variance) & 0x7f800000u) == 0x7f800000u;
    if (!bad) {
      let keep = 1.0 - params.momentum;
      movingMean[c] -= (movingMean[c] - mean) * keep;
      movingVariance[c] -= (movingVariance[c] - variance) * keep;
    }
  }
}
