// f16/matmul-forward-io.wgsl — bindings of the dtype-generic matmul without bias.
// Bindings: g0 b0 a · b1 b · b2 c · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> a: array<scalar>;
@group(0) @binding(1) var<storage, read_write> b: array<scalar>;
@group(0) @binding(2) var<storage, read_write> c: array<scalar>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue(col: u32, v: f32) -> f32 {
  return activate(ACTIVATION, v, params.alpha);
}
