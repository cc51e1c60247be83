// f16/depthwise-forward-bias-bindings.wgsl — dtype-generic depthwise forward with a fused bias
// (b [outC] stored as `scalar`, added in f32). Bindings: g0 b0 x · b1 w · b2 b · b3 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<scalar>;
@group(0) @binding(1) var<storage, read_write> w: array<scalar>;
@group(0) @binding(2) var<storage, read_write> b: array<scalar>;
@group(0) @binding(3) var<storage, read_write> y: array<scalar>;
@group(1) @binding(0) var<uniform> params: Params;

fn biasAt(k: u32) -> f32 {
  return f32(b[k]);
}
