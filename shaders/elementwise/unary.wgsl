// elementwise/unary.wgsl — y[i] = activate(ACTIVATION, x[i], alpha) (unaryForward) and
// y[i] = x[i] · alpha (scaleForward), for i < count.
// Layouts: x, y contiguous, any shape, `count` elements. Mapping: 1-D; workgroup w owns the block
// of WG·ELEMS elements starting at w·WG·ELEMS and invocation l its elements l, l+WG, … in it, so
// neighbouring invocations touch neighbouring elements. The workgroups are spread over a 2-D grid
// (common/grid.wgsl) so more than 65,535 of them can be dispatched.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entries: unaryForward, scaleForward.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn unaryForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = activate(ACTIVATION, x[i], params.alpha);
    }
  }
}

@compute @workgroup_size(WG)
fn scaleForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = x[i] * params.alpha;
    }
  }
}
