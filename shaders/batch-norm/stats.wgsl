// batch-norm/stats.wgsl — per-channel batch moments of x [rows, channels] (NHWC flattened, rows =
// N·H·W): mean[c] = Σ_r x[r,c] / rows and the biased var[c] = Σ_r (x[r,c] − mean[c])² / rows.
// Corrected two-pass algorithm (Chan, Golub & LeVeque): pass 1 gives a first mean m₁; pass 2 sums
// d = x − m₁ and d², then mean = m₁ + Σd/rows and var = Σd²/rows − (Σd/rows)². The rounding error
// of m₁ is removed by the correction, and the deviations are small, so the variance stays accurate
// when |mean| ≫ std (1e3 ± 1), unlike the one-pass E[x²] − E[x]². No atomics: one workgroup owns
// chLanes adjacent channels (neighbouring invocations read neighbouring addresses) and its
// WG / chLanes row lanes stride over the rows (lane-sum.wgsl).
// Output: rows 0 (mean) and 1 (var) of the per-channel table t [4, channels]; rows 2 and 3 (gamma,
// beta) are written by stackRows.
// Bindings: g0 b0 x · b1 t · g1 b0 params. Entry: batchNormStats.

struct Params {
  rows: u32,
  channels: u32,
  chLanes: u32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> t: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn batchNormStats(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let chLanes = params.chLanes;
  let rowLanes = WG / chLanes;
  let rowLane = lid / chLanes;
  let c = linearWorkgroup(wid, nwg) * chLanes + lid % chLanes;
  let valid = c < params.channels;
  let n = f32(params.rows);
  var s = 0.0;
  if (valid) {
    for (var r = rowLane; r < params.rows; r += rowLanes) {
      s += x[r * params.channels + c];
    }
  }
  let m1 = laneSum2(lid, chLanes, s, 0.0).x / n;
  var d1 = 0.0;
  var d2 = 0.0;
  if (valid) {
    for (var r = rowLane; r < params.rows; r += rowLanes) {
      let d = x[r * params.channels + c] - m1;
      d1 += d;
      d2 += d * d;
    }
  }
  let sums = laneSum2(lid, chLanes, d1, d2);
  let shift = sums.x / n;
  if (valid && rowLane == 0u) {
    t[c] = m1 + shift;
    t[params.channels + c] = max(sums.y / n - shift * shift, 0.0);
  }
}
