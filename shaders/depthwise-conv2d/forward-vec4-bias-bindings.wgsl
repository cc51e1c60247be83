// depthwise-conv2d/forward-vec4-bias-bindings.wgsl — vec4 forward with a fused bias (b [outC]).
// Bindings: g0 b0 x · b1 w · b2 b · b3 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn biasAt4(k: u32) -> vec4<f32> {
  return b[k];
}
