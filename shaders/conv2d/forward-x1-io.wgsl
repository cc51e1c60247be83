// conv2d/forward-x1-io.wgsl — bindings of conv2dForwardSubgroup for any cinG (RGB or grey stems)
// without bias: x read as scalars, w and y as vec4 views over output channels (coutG a multiple
// of 4). Bindings: g0 b0 x · b1 w · b2 y · g1 b0 params.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

fn epilogue4(col4: u32, v: vec4<f32>) -> vec4<f32> {
  let a = params.alpha;
  return vec4<f32>(activate(ACTIVATION, v.x, a), activate(ACTIVATION, v.y, a), activate(ACTIVATION, v.z, a), activate(ACTIVATION, v.w, a));
}

// Where pixel (n, h, w)'s channels of group g start, and input channels 4·c4 … 4·c4 + 3 from
// there, zero past cinG (the clamped index stays inside the pixel's group).
fn inputBase(n: u32, h: u32, w: u32, g: u32) -> u32 {
  return ((n * params.inH + h) * params.inW + w) * params.inC + g * params.cinG;
}

fn loadInput4(base: u32, c4: u32) -> vec4<f32> {
  let c = c4 * 4u;
  let last = params.cinG - 1u;
  return vec4<f32>(x[base + c], select(0.0, x[base + min(c + 1u, last)], c + 1u <= last),
                   select(0.0, x[base + min(c + 2u, last)], c + 2u <= last), select(0.0, x[base + min(c + 3u, last)], c + 3u <= last));
}
