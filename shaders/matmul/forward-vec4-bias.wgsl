// matmul/forward-vec4-bias.wgsl — bindings of matmulVec4 with a fused bias (broadcast along rows):
// vec4 views. Bindings: g0 b0 a · b1 b · b2 bias · b3 c · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  let t = v + bias[col4];
  let s = params.alpha;
  return vec4<f32>(activate(ACTIVATION, t.x, s), activate(ACTIVATION, t.y, s), activate(ACTIVATION, t.z, s), activate(ACTIVATION, t.w, s));
}
