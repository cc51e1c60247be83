// reduce/core.wgsl — the shared part of the reduce kernels: y[o] = scale · Σ_r x[keptOffset(o) +
// reducedOffset(r)] (scale = 1 for sum, 1/count for mean).
// The host canonicalises the input shape: it drops size-1 dims and merges adjacent dims that are
// both kept or both reduced, so reducing contiguous axes is [outer, reduced, inner] (kept
// [outer, inner], reduced [reduced]) and any other set of axes alternates at most three kept
// and three reduced groups. keptShape/keptStrides and redShape/redStrides hold each group's
// extent and input stride in elements, outermost first; the output is row-major over the kept
// groups, which is the keepdims layout. Expects the including file to declare `x` and `params`.

struct Params {
  outCount: u32,
  redCount: u32,
  keptRank: u32,
  redRank: u32,
  scale: f32,
  keptShape: array<vec4<u32>, 2>,
  keptStrides: array<vec4<u32>, 2>,
  redShape: array<vec4<u32>, 2>,
  redStrides: array<vec4<u32>, 2>,
}

override WG: u32 = 128;

// Input offset of output element o: its coordinates over the kept groups, innermost first; the
// outermost coordinate is what remains.
fn keptOffset(o: u32) -> u32 {
  if (params.keptRank == 0u) {
    return 0u;
  }
  var rest = o;
  var off = 0u;
  for (var d = params.keptRank - 1u; d > 0u && d < 8u; d--) {
    let extent = params.keptShape[d / 4u][d % 4u];
    off += (rest % extent) * params.keptStrides[d / 4u][d % 4u];
    rest /= extent;
  }
  return off + rest * params.keptStrides[0].x;
}

// Input offset of the r-th reduced element relative to keptOffset; one multiply when the reduced
// axes form one group (the contiguous case).
fn reducedOffset(r: u32) -> u32 {
  var rest = r;
  var off = 0u;
  for (var d = params.redRank - 1u; d > 0u && d < 8u; d--) {
    let extent = params.redShape[d / 4u][d % 4u];
    off += (rest % extent) * params.redStrides[d / 4u][d % 4u];
    rest /= extent;
  }
  return off + rest * params.redStrides[0].x;
}
