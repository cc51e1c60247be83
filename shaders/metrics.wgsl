// metrics.wgsl — accumulates a step's loss and accuracy into the shared stats block, one workgroup:
// over rows b < min(rows, step.validRows), stats.lossSum += Σ rowLoss[b], stats.count += their
// number, stats.correct += #(argmax(logits[b]) == labels[b]) (the first maximum wins ties, as in
// NumPy/PyTorch argmax), stats.correctTopK += #(labels[b] among the params.topK largest logits,
// ties broken the same way: the label's rank is the number of logits above it plus the equal ones
// before it), and the first step whose loss is Inf/NaN is recorded as
// stats.firstBad = step.index + 1. Each invocation strides over rows; a tree in workgroup memory
// combines the partials; invocation 0 updates `stats`.
// Entries, with their bindings (group 1: b0 params · b1 step):
//   metricsClassification  g0 b0 rowLoss · b1 logits · b2 labels · b3 stats
//   metricsLoss            g0 b0 rowLoss · b1 lossStats   (regression losses: no accuracy)
// Dispatch: one workgroup.

struct Params {
  rows: u32,
  classes: u32,
  topK: u32,
}

override WG: u32 = 128;

@group(0) @binding(0) var<storage, read_write> rowLoss: array<f32>;
@group(0) @binding(1) var<storage, read_write> logits: array<f32>;
@group(0) @binding(2) var<storage, read_write> labels: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: Stats;
// metricsLoss's stats sits at binding 1, where metricsClassification has logits: each entry point
// uses only its own variables.
@group(0) @binding(1) var<storage, read_write> lossStats: Stats;
@group(1) @binding(0) var<uniform> params: Params;

var<workgroup> lossPartial: array<f32, WG>;
var<workgroup> countPartial: array<vec4<u32>, WG>; // x: correct, y: non-finite rows, z: correct in top k

fn validRows() -> u32 {
  return min(params.rows, step.validRows);
}

// The label's rank among the row's logits (0 = the argmax), first index first among equals; a
// label outside [0, classes) gets rank `classes` (never correct).
fn labelRank(b: u32) -> u32 {
  let label = labels[b];
  if (label >= params.classes) {
    return params.classes;
  }
  let base = b * params.classes;
  let labelLogit = logits[base + label];
  var rank = 0u;
  for (var c = 0u; c < params.classes; c++) {
    let v = logits[base + c];
    rank += select(0u, 1u, v > labelLogit || (v == labelLogit && c < label));
  }
  return rank;
}

fn reducePartials(lid: u32) {
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      lossPartial[lid] += lossPartial[lid + stride];
      countPartial[lid] += countPartial[lid + stride];
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG, 1, 1)
fn metricsClassification(@builtin(local_invocation_index) lid: u32) {
  let n = validRows();
  var loss = 0.0;
  var counts = vec4<u32>(0u);
  for (var b = lid; b < n; b += WG) {
    let l = rowLoss[b];
    loss += l;
    let rank = labelRank(b);
    counts.x += select(0u, 1u, rank == 0u);
    counts.y += select(0u, 1u, isNonFinite(l));
    counts.z += select(0u, 1u, rank < params.topK);
  }
  lossPartial[lid] = loss;
  countPartial[lid] = counts;
  workgroupBarrier();
  reducePartials(lid);
  if (lid == 0u) {
    stats.lossSum += lossPartial[0];
    stats.correct += countPartial[0].x;
    stats.correctTopK += countPartial[0].z;
    stats.count += n;
    if (countPartial[0].y > 0u && stats.firstBad == 0u) {
      stats.firstBad = step.index + 1u;
    }
  }
}

@compute @workgroup_size(WG, 1, 1)
fn metricsLoss(@builtin(local_invocation_index) lid: u32) {
  let n = validRows();
  var loss = 0.0;
  var bad = 0u;
  for (var b = lid; b < n; b += WG) {
    let l = rowLoss[b];
    loss += l;
    bad += select(0u, 1u, isNonFinite(l));
  }
  lossPartial[lid] = loss;
  countPartial[lid] = vec4<u32>(0u, bad, 0u, 0u);
  workgroupBarrier();
  reducePartials(lid);
  if (lid == 0u) {
    lossStats.lossSum += lossPartial[0];
    lossStats.count += n;
    if (countPartial[0].y > 0u && lossStats.firstBad == 0u) {
      lossStats.firstBad = step.index + 1u;
    }
  }
}
