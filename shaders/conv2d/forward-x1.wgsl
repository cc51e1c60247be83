// conv2d/forward-x1.wgsl — the input binding of conv2dForwardSubgroup for any cinG (RGB and grey
// stems): x read as scalars, 4 channels at a time, zero past cinG. Pair it with forward-out.wgsl
// or forward-out-bias.wgsl. Bindings: g0 b0 x.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;

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
