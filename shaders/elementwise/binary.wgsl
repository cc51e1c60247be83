// elementwise/binary.wgsl — y[i] = op(a[offA(i)], b[offB(i)]) with NumPy broadcasting, op by OP
// (binary-common.wgsl).
// Layouts: y contiguous over outShape (row-major, `rank` ≤ 8 dims after the host merged the dims
// every operand walks alike); a and b are addressed through their own strides per output dim,
// 0 on a dim they are broadcast along. Mapping as elementwise/unary.wgsl (1-D, WG·ELEMS elements
// per workgroup, 2-D grid of workgroups).
// Bindings: g0 b0 a · b1 b · b2 y · g1 b0 params. Entry: binaryForward.

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn binaryForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      let off = operandOffsets(i);
      y[i] = applyOp(a[off.x], b[off.y]);
    }
  }
}
