// elementwise/broadcast-to.wgsl — y[i] = x[offX(i)]: copies x into a larger shape with NumPy
// broadcasting (the backward of a reduction, or materialising a broadcast operand).
// Layouts: y contiguous over outShape (row-major, `rank` ≤ 8 dims after the host merged adjacent
// dims x walks alike); x addressed through xStrides, 0 on broadcast dims. Mapping as
// elementwise/unary.wgsl (1-D, WG·ELEMS elements per workgroup, 2-D grid of workgroups).
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: broadcastToForward.

struct Params {
  count: u32,
  rank: u32,
  outShape: array<vec4<u32>, 2>,
  xStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;

// As operandOffsets in elementwise/binary.wgsl, for one operand.
fn sourceOffset(i: u32) -> u32 {
  var rest = i;
  var off = 0u;
  for (var d = params.rank - 1u; d > 0u && d < 8u; d--) {
    let extent = params.outShape[d / 4u][d % 4u];
    off += (rest % extent) * params.xStrides[d / 4u][d % 4u];
    rest /= extent;
  }
  return off + rest * params.xStrides[0].x;
}

@compute @workgroup_size(WG)
fn broadcastToForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = x[sourceOffset(i)];
    }
  }
}
