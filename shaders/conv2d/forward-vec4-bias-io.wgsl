// conv2d/forward-vec4-bias-io.wgsl — bindings of conv2dForwardVec4 with a fused bias: vec4 views
// over channels. Bindings: g0 b0 x · b1 w · b2 b · b3 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  let t = v + b[col4];
  let a = params.alpha;
  return vec4<f32>(activate(ACTIVATION, t.x, a), activate(ACTIVATION, t.y, a), activate(ACTIVATION, t.z, a), activate(ACTIVATION, t.w, a));
}

// For conv2dForwardSubgroup: where pixel (n, h, w)'s channels of group g start (in vec4s), and
// input channels 4·c4 … 4·c4 + 3 from there.
fn inputBase(n: u32, h: u32, w: u32, g: u32) -> u32 {
  return ((n * params.inH + h) * params.inW + w) * params.inC / 4u + g * params.cinG / 4u;
}

fn loadInput4(base: u32, c4: u32) -> vec4<f32> {
  return x[base + c4];
}
