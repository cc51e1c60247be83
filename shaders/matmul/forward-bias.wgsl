// matmul/forward-bias.wgsl — C = activation(A·B + bias[n]): a dense layer with its bias and
// activation fused into the epilogue. Bindings: g0 b0 a · b1 b · b2 bias · b3 c · g1 b0 params.
// Entry: matmulBiasForward (4×4 register block; dispatch as matmulForward).

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn matmulBiasForward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= params.m || col0 >= params.n) {
    return;
  }
  let acc = blockProduct(gid.z, row0, col0);
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + r;
    if (row >= params.m) {
      break;
    }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + j;
      if (col < params.n) {
        c[gid.z * params.strideC + row * params.n + col] = activate(ACTIVATION, acc[r][j] + bias[col], params.alpha);
      }
    }
  }
}
