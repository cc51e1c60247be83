// common/activation.wgsl — activation functions shared by the elementwise kernels and the
// epilogues of matmul and convolution. `kind` is a pipeline constant; `alpha` is leakyRelu's slope.
// Codes (mirrored by ACTIVATIONS in src/kernels/activation.ts):
//   0 linear · 1 relu · 2 relu6 · 3 leakyRelu · 4 sigmoid · 5 tanh · 6 gelu (erf) · 7 silu
// Backward: activationGrad(kind, t, alpha) is dy/dx as a function of the output y for kinds 1–5
// and of the input x for kinds 6–7 (activationGradFromOutput says which).

fn erfApprox(x: f32) -> f32 {
  // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
  let s = sign(x);
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1.0 - poly * exp(-a * a));
}

fn sigmoidStable(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn tanhStable(x: f32) -> f32 {
  // WGSL's tanh overflows to NaN for large |x| on some drivers; clamp where it is ±1 in f32.
  return tanh(clamp(x, -15.0, 15.0));
}

fn activate(kind: u32, x: f32, alpha: f32) -> f32 {
  switch kind {
    case 1u: { return max(x, 0.0); }
    case 2u: { return clamp(x, 0.0, 6.0); }
    case 3u: { return select(alpha * x, x, x > 0.0); }
    case 4u: { return sigmoidStable(x); }
    case 5u: { return tanhStable(x); }
    case 6u: { return 0.5 * x * (1.0 + erfApprox(x * 0.7071067811865476)); }
    case 7u: { return x * sigmoidStable(x); }
    default: { return x; }
  }
}

// `activate` on each of 4 channels (the vec4 epilogues).
fn activate4(kind: u32, v: vec4<f32>, alpha: f32) -> vec4<f32> {
  return vec4<f32>(activate(kind, v.x, alpha), activate(kind, v.y, alpha), activate(kind, v.z, alpha), activate(kind, v.w, alpha));
}

fn activationGradFromOutput(kind: u32) -> bool {
  return kind <= 5u;
}

fn activationGrad(kind: u32, t: f32, alpha: f32) -> f32 {
  switch kind {
    case 1u: { return select(0.0, 1.0, t > 0.0); }
    case 2u: { return select(0.0, 1.0, t > 0.0 && t < 6.0); }
    case 3u: { return select(alpha, 1.0, t > 0.0); }
    case 4u: { return t * (1.0 - t); }
    case 5u: { return 1.0 - t * t; }
    case 6u: {
      let cdf = 0.5 * (1.0 + erfApprox(t * 0.7071067811865476));
      let pdf = 0.3989422804014327 * exp(-0.5 * t * t);
      return cdf + t * pdf;
    }
    case 7u: {
      let s = sigmoidStable(t);
      return s * (1.0 + t * (1.0 - s));
    }
    default: { return 1.0; }
  }
}
