// common/step.wgsl — the per-step uniform, written once before each submit (never by rebuilding
// pipelines): step counter, the batch's first row in the shuffled index list, how many rows of
// the batch are real (the last evaluation batch may be partial), the RNG seed and the learning
// rate from the schedule. Mirrored by STEP_FIELDS in src/kernels/step.ts.
struct Step {
  index: u32,
  batchStart: u32,
  validRows: u32,
  seed: u32,
  lr: f32,
  lrScale: f32,
}
@group(1) @binding(1) var<uniform> step: Step;
