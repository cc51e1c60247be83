// conv2d/forward-x4.wgsl — the input binding of the vec4 forward kernels (conv2dForwardVec4,
// conv2dForwardSubgroup): x as a vec4 view over channels (cinG a multiple of 4). Pair it with
// forward-out.wgsl or forward-out-bias.wgsl. Bindings: g0 b0 x.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;

// For conv2dForwardSubgroup: where pixel (n, h, w)'s channels of group g start (in vec4s), and
// input channels 4·c4 … 4·c4 + 3 from there.
fn inputBase(n: u32, h: u32, w: u32, g: u32) -> u32 {
  return ((n * params.inH + h) * params.inW + w) * params.inC / 4u + g * params.cinG / 4u;
}

fn loadInput4(base: u32, c4: u32) -> vec4<f32> {
  return x[base + c4];
}
