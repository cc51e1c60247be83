// grad-norm/partials.wgsl — first pass of the global gradient L2 norm (clip_grad_norm_): workgroup w
// writes Σ grads[i]² over its chunk i ∈ [w·CHUNK, (w+1)·CHUNK), CHUNK = WG·ITEMS, to
// partials[params.partialOffset + w]. Several gradient pages write side by side into one partials
// buffer; gradNormFinalize then sums them all. No float atomics, no readback.
// Bindings: g0 b0 grads · b1 partials · g1 b0 params. Entry: gradNormPartials.
// Dispatch: grid1d(ceil(count / CHUNK)).

struct Params {
  count: u32,
  partialOffset: u32,
}

override WG: u32 = 128;
override ITEMS: u32 = 16;

@group(0) @binding(0) var<storage, read_write> grads: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

var<workgroup> sums: array<f32, WG>;

@compute @workgroup_size(WG, 1, 1)
fn gradNormPartials(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = linearWorkgroup(wid, nwg);
  let start = w * WG * ITEMS;
  var acc = 0.0;
  // Consecutive invocations read consecutive elements (coalesced on GPUs).
  for (var k = 0u; k < ITEMS; k++) {
    let i = start + k * WG + lid;
    if (i < params.count) {
      let g = grads[i];
      acc += g * g;
    }
  }
  sums[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      sums[lid] += sums[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u && start < params.count) {
    partials[params.partialOffset + w] = sums[0];
  }
}
