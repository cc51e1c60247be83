// conv2d/forward-vec4-io.wgsl — bindings of conv2dForwardVec4 without bias: vec4 views over
// channels (cinG and coutG multiples of 4). Bindings: g0 b0 x · b1 w · b2 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  let a = params.alpha;
  return vec4<f32>(activate(ACTIVATION, v.x, a), activate(ACTIVATION, v.y, a), activate(ACTIVATION, v.z, a), activate(ACTIVATION, v.w, a));
}

// For conv2dForwardSubgroup: where pixel (n, h, w)'s channels of group g start (in vec4s), and
// input channels 4·c4 … 4·c4 + 3 from there.
fn inputBase(n: u32, h: u32, w: u32, g: u32) -> u32 {
  return ((n * params.inH + h) * params.inW + w) * params.inC / 4u + g * params.cinG / 4u;
}

fn loadInput4(base: u32, c4: u32) -> vec4<f32> {
  return x[base + c4];
}
