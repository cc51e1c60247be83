// softmax-cross-entropy/forward.wgsl — rowLoss[b] = logsumexp(logits[b,:]) − logits[b, labels[b]]
// with sparse integer labels (Keras SparseCategoricalCrossentropy(from_logits=True), PyTorch
// F.cross_entropy(reduction='none')). Stable: the row max is subtracted before exp. A label ≥ C
// gives NaN for its row, so the trainer's non-finite check stops the step; it is never read.
// Bindings: g0 b0 logits · b1 labels · b2 rowLoss · g1 b0 params. Entry: softmaxCrossEntropyForward.
// Dispatch: grid1d(ceil(rows / (WG / ROW_THREADS))).

@group(0) @binding(0) var<storage, read_write> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> rowLoss: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn softmaxCrossEntropyForward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = rowSlot(lid, wid, nwg);
  let m = rowMax(s);
  let sum = expSum(s, m);
  if (!s.valid || s.lane != 0u) {
    return;
  }
  let label = labels[s.row];
  let picked = logits[s.row * params.classes + min(label, params.classes - 1u)];
  rowLoss[s.row] = select(log(sum) + m - picked, nanFrom(label), label >= params.classes);
}
