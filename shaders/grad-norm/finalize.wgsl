// grad-norm/finalize.wgsl — second pass of the global gradient norm, one workgroup: norm =
// sqrt(Σ partials[0..count)), stats.gradNorm = norm and the clip factor stats.gradScale =
// min(1, maxNorm / (norm + 1e-6)) (PyTorch clip_grad_norm_), or 1 when maxNorm ≤ 0 (no clipping).
// A non-finite norm sets gradScale = 0 and, if no earlier step was bad, firstBad = step.index + 1,
// so the optimizer skips the step.
// Bindings: g0 b0 partials · b1 stats · g1 b0 params · b1 step. Entry: gradNormFinalize.
// Dispatch: one workgroup.

struct Params {
  count: u32,
  maxNorm: f32,
}

override WG: u32 = 128;

@group(0) @binding(0) var<storage, read_write> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats: Stats;
@group(1) @binding(0) var<uniform> params: Params;

var<workgroup> sums: array<f32, WG>;

@compute @workgroup_size(WG, 1, 1)
fn gradNormFinalize(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < params.count; i += WG) {
    acc += partials[i];
  }
  sums[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      sums[lid] += sums[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid != 0u) {
    return;
  }
  let norm = sqrt(sums[0]);
  stats.gradNorm = norm;
  if (isNonFinite(norm)) {
    stats.gradScale = 0.0;
    if (stats.firstBad == 0u) {
      stats.firstBad = step.index + 1u;
    }
  } else if (params.maxNorm > 0.0) {
    stats.gradScale = min(1.0, params.maxNorm / (norm + 1e-6));
  } else {
    stats.gradScale = 1.0;
  }
}
