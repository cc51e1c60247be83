// softmax-cross-entropy/forward-one-hot.wgsl — rowLoss[b] = −Σ_c targets[b,c] · log softmax(logits[b])_c
// = Σ_c targets[b,c] · (logsumexp(logits[b]) − logits[b,c]), for one-hot or probability targets
// (Keras CategoricalCrossentropy(from_logits=True), PyTorch F.cross_entropy with class probabilities).
// Bindings: g0 b0 logits · b1 targets · b2 rowLoss · g1 b0 params.
// Entry: softmaxCrossEntropyOneHotForward. Dispatch as softmaxCrossEntropyForward.

@group(0) @binding(0) var<storage, read_write> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> rowLoss: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn softmaxCrossEntropyOneHotForward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = rowSlot(lid, wid, nwg);
  let m = rowMax(s);
  let lse = log(expSum(s, m)) + m;
  let base = s.row * params.classes;
  var acc = 0.0;
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    let t = targets[base + c];
    // Skipping zero targets keeps −∞ logits of impossible classes from turning 0·∞ into NaN.
    if (t != 0.0) {
      acc += t * (lse - logits[base + c]);
    }
  }
  let loss = segmentSum(s, vec2<f32>(acc, 0.0)).x;
  if (s.valid && s.lane == 0u) {
    rowLoss[s.row] = loss;
  }
}
