// conv2d/forward-out-bias.wgsl — as forward-out.wgsl with a fused bias: g0 b1 w · b2 b · b3 y ·
// g1 b0 params, and `epilogue4` (bias, then the activation).

@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  return activate4(ACTIVATION, v + b[col4], params.alpha);
}
