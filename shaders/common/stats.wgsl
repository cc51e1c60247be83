// common/stats.wgsl — the training step's shared 32-byte statistics block, accumulated on the GPU
// and read back asynchronously (src/kernels/stats.ts mirrors it): the summed loss, correct
// predictions (top-1 and top-k) and row count of the metrics kernels, the first step (index + 1) whose loss or
// gradient norm was non-finite, and the global gradient norm with the clip scale derived from it.
// Kernels that use it declare `var<storage, read_write> stats: Stats;` at their own binding.
struct Stats {
  lossSum: f32,
  correct: u32,
  count: u32,
  firstBad: u32,
  gradScale: f32,
  gradNorm: f32,
  correctTopK: u32,
  pad0: u32,
}

// Inf or NaN, tested on the bits: the exponent is all ones. (`x != x` may be folded away by a
// compiler that assumes finite math.)
fn isNonFinite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u;
}
