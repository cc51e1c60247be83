// elementwise/binary-vec4.wgsl — binaryForwardVec4: binaryForward through vec4 views when the
// innermost merged dim is a multiple of 4 and neither operand is broadcast along it (same-shape
// operands, a bias over channels, a per-sample channel scale): a quarter of the per-element loads,
// which bound CPU adapters, and a quarter of the index arithmetic. The host divides the innermost
// extent and every outer stride by 4, so operandOffsets counts in vec4. Mapping as binary.wgsl
// (WG·ELEMS vec4 per workgroup, 2-D grid of workgroups).
// Bindings: g0 b0 a · b1 b · b2 y · g1 b0 params (count in vec4). Entry: binaryForwardVec4.

@group(0) @binding(0) var<storage, read_write> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn binaryForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let off = operandOffsets(i);
      y[i] = applyOp4(a[off.x], b[off.y]);
    }
  }
}
