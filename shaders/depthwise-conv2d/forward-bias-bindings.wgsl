// depthwise-conv2d/forward-bias-bindings.wgsl — scalar forward with a fused bias (b [outC]).
// Bindings: g0 b0 x · b1 w · b2 b · b3 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

fn biasAt(k: u32) -> f32 {
  return b[k];
}
