// elementwise/unary-backward-vec4.wgsl — unaryBackward through vec4 views (counts that are
// multiples of 4; `count` in vec4). Mapping as unary.wgsl.
// Bindings: g0 b0 gy · b1 t · b2 gx · g1 b0 params. Entry: unaryBackwardVec4.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> t: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gx: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn unaryBackwardVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let tv = t[i];
      let a = params.alpha;
      gx[i] = gy[i] * vec4<f32>(activationGrad(ACTIVATION, tv.x, a), activationGrad(ACTIVATION, tv.y, a),
                                activationGrad(ACTIVATION, tv.z, a), activationGrad(ACTIVATION, tv.w, a));
    }
  }
}
