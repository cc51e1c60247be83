// softmax-cross-entropy/backward-one-hot.wgsl — the gradient of softmaxCrossEntropyOneHotForward:
// gLogits[b,c] = (softmax(logits[b])_c · Σ_k targets[b,k] − targets[b,c]) · gRows[b], which is
// (softmax − targets) · gRows for targets that sum to one (PyTorch's rule for probability targets).
// Bindings: g0 b0 logits · b1 targets · b2 gRows · b3 gLogits · g1 b0 params.
// Entry: softmaxCrossEntropyOneHotBackward. Dispatch as the forward.

@group(0) @binding(0) var<storage, read_write> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> gRows: array<f32>;
@group(0) @binding(3) var<storage, read_write> gLogits: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn softmaxCrossEntropyOneHotBackward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = rowSlot(lid, wid, nwg);
  let m = rowMax(s);
  let base = s.row * params.classes;
  var partial = vec2<f32>(0.0);
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    partial += vec2<f32>(exp(logits[base + c] - m), targets[base + c]);
  }
  let sums = segmentSum(s, partial);
  if (!s.valid) {
    return;
  }
  let g = gRows[s.row];
  let scale = g * sums.y / sums.x;
  for (var c = s.lane; c < params.classes; c += ROW_THREADS) {
    gLogits[base + c] = exp(logits[base + c] - m) * scale - targets[base + c] * g;
  }
}
