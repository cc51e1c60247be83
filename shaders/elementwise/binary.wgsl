// elementwise/binary.wgsl — y[i] = op(a[offA(i)], b[offB(i)]) with NumPy broadcasting, op by OP:
//   0 add a+b · 1 sub a−b · 2 mul a·b · 3 div a/b · 4 squaredDifference (a−b)²
// Layouts: y contiguous over outShape (row-major, `rank` ≤ 8 dims after the host merged the dims
// every operand walks alike); a and b are addressed through their own strides per output dim,
// 0 on a dim they are broadcast along. Mapping as elementwise/unary.wgsl (1-D, WG·ELEMS elements
// per workgroup, 2-D grid of workgroups).
// Bindings: g0 b0 a · b1 b · b2 y · g1 b0 params. Entry: binaryForward.

struct Params {
  count: u32,
  rank: u32,
  outShape: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;
override OP: u32 = 0;

// Offsets of output element i in a and b: peel coordinates from the innermost dim outwards; the
// outermost coordinate is what remains, so rank 1 (the common same-shape case) needs no division.
fn operandOffsets(i: u32) -> vec2<u32> {
  var rest = i;
  var off = vec2<u32>(0u, 0u);
  for (var d = params.rank - 1u; d > 0u && d < 8u; d--) {
    let extent = params.outShape[d / 4u][d % 4u];
    let coord = rest % extent;
    rest /= extent;
    off += coord * vec2<u32>(params.aStrides[d / 4u][d % 4u], params.bStrides[d / 4u][d % 4u]);
  }
  return off + rest * vec2<u32>(params.aStrides[0].x, params.bStrides[0].x);
}

fn applyOp(u: f32, v: f32) -> f32 {
  switch OP {
    case 1u: { return u - v; }
    case 2u: { return u * v; }
    case 3u: { return u / v; }
    case 4u: { let d = u - v; return d * d; }
    default: { return u + v; }
  }
}

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
