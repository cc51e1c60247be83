// elementwise/unary-backward.wgsl — gx[i] = gy[i] · activationGrad(ACTIVATION, t[i], alpha), where
// t is the forward output y for activations whose derivative is a function of the output (relu …
// tanh) and the forward input x otherwise (gelu, silu); common/activation.wgsl says which.
// Layouts: gy, t, gx contiguous, `count` elements. Mapping as elementwise/unary.wgsl (1-D, WG·ELEMS
// elements per workgroup, 2-D grid of workgroups).
// Bindings: g0 b0 gy · b1 t · b2 gx · g1 b0 params. Entry: unaryBackward.

@group(0) @binding(0) var<storage, read_write> gy: array<f32>;
@group(0) @binding(1) var<storage, read_write> t: array<f32>;
@group(0) @binding(2) var<storage, read_write> gx: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn unaryBackward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      gx[i] = gy[i] * activationGrad(ACTIVATION, t[i], params.alpha);
    }
  }
}
