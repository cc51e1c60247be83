// softmax-cross-entropy/common.wgsl — shared by the four softmax cross-entropy kernels.
// Mapping: ROW_THREADS invocations (a power of two dividing WG) share one row of `logits`
// [rows, classes]; each strides over the classes and the segment combines its partials with a
// tree in workgroup memory. ROW_THREADS = 1 is one row per invocation (small C, no tree);
// ROW_THREADS = WG is a workgroup per row (large C). Every invocation reaches every barrier:
// rows past the end compute on a clamped row and skip their stores.
// Expects the including file to declare `logits` (storage) and `params` (uniform Params).

struct Params {
  rows: u32,
  classes: u32,
}

override WG: u32 = 128;
override ROW_THREADS: u32 = 1;

var<workgroup> scratch: array<vec2<f32>, WG>;

struct RowSlot {
  row: u32,     // clamped to rows - 1, safe to read
  lane: u32,    // position in the row's segment, 0..ROW_THREADS-1
  lid: u32,
  valid: bool,  // row < rows: store results
}

fn rowSlot(lid: u32, wid: vec3<u32>, nwg: vec3<u32>) -> RowSlot {
  let row = linearWorkgroup(wid, nwg) * (WG / ROW_THREADS) + lid / ROW_THREADS;
  return RowSlot(min(row, params.rows - 1u), lid % ROW_THREADS, lid, row < params.rows);
}

// Sum over the segment of both components (the result is the same in every lane).
fn segmentSum(s: RowSlot, v: vec2<f32>) -> vec2<f32> {
  scratch[s.lid] = v;
  workgroupBarrier();
  for (var stride = ROW_THREADS / 2u; stride > 0u; stride /= 2u) {
    if (s.lane < stride) {
      scratch[s.lid] += scratch[s.lid + stride];
    }
    workgroupBarrier();
  }
  let total = scratch[s.lid - s.lane];
  workgroupBarrier();
  return total;
}

fn segmentMax(s: RowSlot, v: f32) -> f32 {
  scratch[s.lid].x = v;
  workgroupBarrier();
  for (var stride = ROW_THREADS / 2u; stride > 0u; stride /= 2u) {
    if (s.lane < stride) {
      scratch[s.lid].x = max(scratch[s.lid].x, scratch[s.lid + stride].x);
    }
    workgroupBarrier();
  }
  let best = scratch[s.lid - s.lane].x;
  workgroupBarrier();
  return best;
}

fn rowMax(s: RowSlot) -> f32 {
  let base = s.row * params.classes;
  var m = -3.402823466e38;
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    m = max(m, logits[base + c]);
  }
  return segmentMax(s, m);
}

// Σ_c exp(x_c − m) over the row: the softmax denominator.
fn expSum(s: RowSlot, m: f32) -> f32 {
  let base = s.row * params.classes;
  var acc = 0.0;
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    acc += exp(logits[base + c] - m);
  }
  return segmentSum(s, vec2<f32>(acc, 0.0)).x;
}

// A NaN built from a runtime value, so no compiler can treat it as a constant: any bits under an
// all-ones exponent with the quiet bit set are a NaN.
fn nanFrom(bits: u32) -> f32 {
  return bitcast<f32>(0x7fc00000u | bits);
}
