// elementwise/binary-common.wgsl — what binary.wgsl (any broadcast) and binary-vec4.wgsl (its
// common shapes through vec4 views) share: the uniform block, the constants and the op:
//   0 add a+b · 1 sub a−b · 2 mul a·b · 3 div a/b · 4 squaredDifference (a−b)²

struct Params {
  count: u32,
  rank: u32,
  outShape: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

override WG: u32 = 128;
override ELEMS: u32 = 4;
override OP: u32 = 0;

// Offsets of output element i in a and b (in elements of the kernel's views): rank 1 (same
// shapes) and rank 2 (one operand repeated per row: a bias) directly, higher ranks by peeling
// coordinates from the innermost dim outwards (the outermost is what remains).
fn operandOffsets(i: u32) -> vec2<u32> {
  let outer = vec2<u32>(params.aStrides[0].x, params.bStrides[0].x);
  if (params.rank == 1u) {
    return i * outer;
  }
  if (params.rank == 2u) {
    let cols = params.outShape[0].y;
    let row = i / cols;
    return row * outer + (i - row * cols) * vec2<u32>(params.aStrides[0].y, params.bStrides[0].y);
  }
  var rest = i;
  var off = vec2<u32>(0u, 0u);
  for (var d = params.rank - 1u; d > 0u && d < 8u; d--) {
    let extent = params.outShape[d / 4u][d % 4u];
    let coord = rest % extent;
    rest /= extent;
    off += coord * vec2<u32>(params.aStrides[d / 4u][d % 4u], params.bStrides[d / 4u][d % 4u]);
  }
  return off + rest * outer;
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

fn applyOp4(u: vec4<f32>, v: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(applyOp(u.x, v.x), applyOp(u.y, v.y), applyOp(u.z, v.z), applyOp(u.w, v.w));
}
