// optimizer.wgsl — one dispatch updates a whole contiguous page of parameters in place, with
// PyTorch's update rules (torch.optim.SGD, Adam, AdamW, RMSprop; dampening 0, not amsgrad, not
// centered). Per element i:
//   skip everything when stats.firstBad != 0 (never train on a non-finite loss or gradient);
//   (after the weight decay below) g += l1·sign(p) for an L1 penalty, every optimizer;
//   g = grads[i] · stats.gradScale (global-norm clipping), clamped to ±clipValue when clipValue > 0;
//   lr = step.lr · params.lrMult;  t = step.index + 1;
//   OPTIMIZER 0 SGD      g += wd·p; v = μ·v + g; p −= lr·(NESTEROV ? g + μ·v : v)   (state: v; none if μ = 0)
//   OPTIMIZER 1 Adam     g += wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
//                        p −= lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + eps)               (state: m, v interleaved)
//   OPTIMIZER 2 AdamW    p −= lr·wd·p, then Adam without the coupled decay
//   OPTIMIZER 3 RMSprop  g += wd·p; s = α·s + (1−α)·g²; p −= lr·g / (√s + eps), α = params.beta2  (state: s)
// The parameter tensor is bound as `weights` (the uniform is `params`).
// Bindings: g0 b0 grads · b1 stats · b2 weights · b3 state · g1 b0 params · b1 step.
// Entry: optimizerStep. Dispatch: grid1d(ceil(count / WG)).

struct Params {
  count: u32,
  lrMult: f32,
  momentum: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  clipValue: f32,
  l1: f32,
}

override WG: u32 = 128;
override OPTIMIZER: u32 = 0;
override NESTEROV: bool = false;

@group(0) @binding(0) var<storage, read_write> grads: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats: Stats;
@group(0) @binding(2) var<storage, read_write> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

fn sgdUpdate(i: u32, g: f32) -> f32 {
  if (params.momentum == 0.0) {
    return g;
  }
  let v = params.momentum * state[i] + g;
  state[i] = v;
  return select(v, g + params.momentum * v, NESTEROV);
}

// Adam's bias correction 1 − βᵗ to a few f32 ulps. The obvious 1.0 − pow(β, t) cancels: near t = 1
// it loses 1e-4 of 1 − β2 = 1e-3 to rounding, and GPUs' log2 (absolute error 2⁻²¹) makes it worse.
// So: ln β = 2·atanh(−z), z = δ / (2 − δ), δ = 1 − β (exact in f32 for β ∈ [0.5, 1]), z ≤ 1/3, by
// its series; then 1 − e^(t·ln β) by the Taylor series of expm1 while |t·ln β| ≤ 0.5. Below β = 0.5,
// βᵗ ≤ 0.5 and plain repeated squaring is accurate enough (and defined at β = 0, unlike pow).
fn lnNearOne(beta: f32) -> f32 {
  let d = 1.0 - beta;
  let z = d / (2.0 - d);
  let z2 = z * z;
  var term = z;
  var sum = 0.0;
  for (var k = 1u; k < 24u; k += 2u) {
    sum += term / f32(k);
    term *= z2;
  }
  return -2.0 * sum;
}

fn oneMinusExp(y: f32) -> f32 {
  if (y < -0.5) {
    return 1.0 - exp(y);
  }
  var term = y;
  var sum = 0.0;
  for (var k = 1u; k <= 10u; k++) {
    sum += term;
    term *= y / f32(k + 1u);
  }
  return -sum;
}

fn oneMinusPow(beta: f32, t: u32) -> f32 {
  if (beta >= 0.5) {
    return oneMinusExp(f32(t) * lnNearOne(beta));
  }
  var p = 1.0;
  var b = beta;
  for (var e = t; e > 0u; e >>= 1u) {
    if ((e & 1u) != 0u) {
      p *= b;
    }
    b *= b;
  }
  return 1.0 - p;
}

fn adamUpdate(i: u32, g: f32, t: u32) -> f32 {
  let m = params.beta1 * state[2u * i] + (1.0 - params.beta1) * g;
  let v = params.beta2 * state[2u * i + 1u] + (1.0 - params.beta2) * g * g;
  state[2u * i] = m;
  state[2u * i + 1u] = v;
  let bc1 = oneMinusPow(params.beta1, t);
  let bc2 = oneMinusPow(params.beta2, t);
  return (m / bc1) / (sqrt(v) / sqrt(bc2) + params.eps);
}

fn rmspropUpdate(i: u32, g: f32) -> f32 {
  let s = params.beta2 * state[i] + (1.0 - params.beta2) * g * g;
  state[i] = s;
  return g / (sqrt(s) + params.eps);
}

@compute @workgroup_size(WG, 1, 1)
fn optimizerStep(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count || stats.firstBad != 0u) {
    return;
  }
  var g = grads[i] * stats.gradScale;
  if (params.clipValue > 0.0) {
    g = clamp(g, -params.clipValue, params.clipValue);
  }
  let lr = step.lr * params.lrMult;
  var p = weights[i];
  if (OPTIMIZER == 2u) {
    p -= lr * params.weightDecay * p;
  } else {
    g += params.weightDecay * p;
  }
  // L1 as a loss term λ·Σ|p|: its subgradient λ·sign(p), with sign(0) = 0.
  g += params.l1 * sign(p);
  var update: f32;
  switch OPTIMIZER {
    case 1u, 2u: { update = adamUpdate(i, g, step.index + 1u); }
    case 3u: { update = rmspropUpdate(i, g); }
    default: { update = sgdUpdate(i, g); }
  }
  weights[i] = p - lr * update;
}
