// f16/depthwise-forward-bindings.wgsl — dtype-generic depthwise forward without bias: tensors
// stored as `scalar` (f16 or f32, set by the dtype prelude). Bindings: g0 b0 x · b1 w · b2 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<scalar>;
@group(0) @binding(1) var<storage, read_write> w: array<scalar>;
@group(0) @binding(2) var<storage, read_write> y: array<scalar>;
@group(1) @binding(0) var<uniform> params: Params;

fn biasAt(k: u32) -> f32 {
  return 0.0;
}
