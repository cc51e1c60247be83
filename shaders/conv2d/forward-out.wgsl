// conv2d/forward-out.wgsl — the filter, output and uniform bindings of the vec4 forward kernels
// without bias (coutG a multiple of 4), after forward-x4.wgsl or forward-x1.wgsl:
// g0 b1 w · b2 y · g1 b0 params, and `epilogue4` (the activation).

@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  return activate4(ACTIVATION, v, params.alpha);
}
