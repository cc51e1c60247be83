// matmul/forward-vec4.wgsl — bindings of matmulVec4 without bias: vec4 views of A, B and C.
// Bindings: g0 b0 a · b1 b · b2 c · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  let s = params.alpha;
  return vec4<f32>(activate(ACTIVATION, v.x, s), activate(ACTIVATION, v.y, s), activate(ACTIVATION, v.z, s), activate(ACTIVATION, v.w, s));
}
