// elementwise/unary-vec4.wgsl — unaryForward and scaleForward through vec4 views, for counts that
// are multiples of 4: a quarter of the per-element loads and stores (what bounds CPU adapters).
// Mapping as unary.wgsl over vec4 (`count` in vec4).
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entries: unaryForwardVec4, scaleForwardVec4.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn unaryForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = activate4(ACTIVATION, x[i], params.alpha);
    }
  }
}

@compute @workgroup_size(WG)
fn scaleForwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = x[i] * params.alpha;
    }
  }
}
