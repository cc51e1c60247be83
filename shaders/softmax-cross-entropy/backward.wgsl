// softmax-cross-entropy/backward.wgsl — gLogits[b,c] = (softmax(logits[b])_c − [c == labels[b]]) · gRows[b],
// the gradient of softmaxCrossEntropyForward. A label ≥ C makes its row NaN (as the forward does).
// Bindings: g0 b0 logits · b1 labels · b2 gRows · b3 gLogits · g1 b0 params.
// Entry: softmaxCrossEntropyBackward. Dispatch as the forward.

@group(0) @binding(0) var<storage, read_write> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> gRows: array<f32>;
@group(0) @binding(3) var<storage, read_write> gLogits: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn softmaxCrossEntropyBackward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = rowSlot(lid, wid, nwg);
  let m = rowMax(s);
  let sum = expSum(s, m);
  if (!s.valid) {
    return;
  }
  let label = labels[s.row];
  let g = gRows[s.row];
  let scale = select(g / sum, nanFrom(label), label >= params.classes);
  let base = s.row * params.classes;
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    gLogits[base + c] = exp(logits[base + c] - m) * scale - select(0.0, g, c == label);
  }
}
