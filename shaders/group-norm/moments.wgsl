// group-norm/moments.wgsl — helpers of the per-group kernels. A group (n, g) of x [N, P, C] (NHWC
// flattened: P = H·W positions, C channels in G groups of Cg = C / G) holds the K = P·Cg elements
// x[n, p, g·Cg + j]; layer norm is the case P = 1, G = 1 (a row of D = C features).
// groupMoments returns (mean, 1/√(var + ε)) of one group with the corrected two-pass algorithm
// (see batch-norm/stats.wgsl), the WG invocations of the workgroup striding over its elements.
// The including file declares `x` and `params` (positions, channels, groups, groupChannels,
// epsilon). Must be called in uniform control flow.

/** The offset in x of element e of group (n, g). */
fn groupOffset(n: u32, g: u32, e: u32) -> u32 {
  let p = e / params.groupChannels;
  let j = e - p * params.groupChannels;
  return (n * params.positions + p) * params.channels + g * params.groupChannels + j;
}

fn groupMoments(lid: u32, n: u32, g: u32) -> vec2<f32> {
  let k = params.positions * params.groupChannels;
  let count = f32(k);
  var total = 0.0;
  for (var e = lid; e < k; e += WG) {
    total += x[groupOffset(n, g, e)];
  }
  let m1 = laneSum2(lid, 1u, total, 0.0).x / count;
  var d1 = 0.0;
  var d2 = 0.0;
  for (var e = lid; e < k; e += WG) {
    let d = x[groupOffset(n, g, e)] - m1;
    d1 += d;
    d2 += d * d;
  }
  let sums = laneSum2(lid, 1u, d1, d2);
  let shift = sums.x / count;
  let variance = max(sums.y / count - shift * shift, 0.0);
  return vec2<f32>(m1 + shift, inverseSqrt(variance + params.epsilon));
}
