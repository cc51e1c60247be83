// batch-norm/fold.wgsl — folds an inference BatchNorm into the convolution or dense layer before it:
//   scale[c] = gamma[c] / √(var[c] + ε),   shift[c] = beta[c] + (bias[c] − mean[c]) · scale[c]
// so that BN(conv(x, w) + bias) = conv(x, w · scale) + shift (w's last axis is the output channel).
// Table t [4, C] = (mean, var, gamma, beta) as stackRows writes it; output f [2, C] = (scale, shift).
// Entries: batchNormFold (no bias: bias ≡ 0) — g0 b0 t · b1 f; batchNormFoldBias — g0 b0 t ·
// b1 bias · b2 fb. g1 b0 params. One invocation per channel.

struct Params {
  channels: u32,
  epsilon: f32,
}

override WG: u32 = 128;

@group(0) @binding(0) var<storage, read_write> t: array<f32>;
@group(0) @binding(1) var<storage, read_write> f: array<f32>;
// batchNormFoldBias's bindings 1 and 2 (each entry point uses only its own variables).
@group(0) @binding(1) var<storage, read_write> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> fb: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

fn foldScale(c: u32) -> f32 {
  let n = params.channels;
  return t[2u * n + c] / sqrt(t[n + c] + params.epsilon);
}

@compute @workgroup_size(WG)
fn batchNormFold(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = linearWorkgroup(wid, nwg) * WG + lid;
  let n = params.channels;
  if (c < n) {
    let s = foldScale(c);
    f[c] = s;
    f[n + c] = t[3u * n + c] - t[c] * s;
  }
}

@compute @workgroup_size(WG)
fn batchNormFoldBias(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = linearWorkgroup(wid, nwg) * WG + lid;
  let n = params.channels;
  if (c < n) {
    let s = foldScale(c);
    fb[c] = s;
    fb[n + c] = t[3u * n + c] + (bias[c] - t[c]) * s;
  }
}
