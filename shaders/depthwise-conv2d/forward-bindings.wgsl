// depthwise-conv2d/forward-bindings.wgsl — scalar forward without bias.
// Bindings: g0 b0 x · b1 w · b2 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

fn biasAt(k: u32) -> f32 {
  return 0.0;
}
