// resample/common.wgsl — shared by the upsampling kernels: the uniform block, NHWC indexing and the
// half-pixel source coordinate of bilinear resizing. Expects the including file to declare the
// tensor bindings.

struct Params {
  count: u32,
  channels: u32,
  inH: u32,
  inW: u32,
  outH: u32,
  outW: u32,
  sizeH: u32,
  sizeW: u32,
}

@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override BILINEAR: bool = false;

// (n, row, col, c) of element i of an NHWC tensor with `rows`×`cols` spatial extent.
fn nhwc(i: u32, rows: u32, cols: u32) -> vec4<u32> {
  let c = i % params.channels;
  let p = i / params.channels;
  let col = p % cols;
  let q = p / cols;
  return vec4<u32>(q / rows, q % rows, col, c);
}

fn inputIndex(n: u32, h: u32, w: u32, c: u32) -> u32 {
  return ((n * params.inH + h) * params.inW + w) * params.channels + c;
}

fn outputIndex(n: u32, h: u32, w: u32, c: u32) -> u32 {
  return ((n * params.outH + h) * params.outW + w) * params.channels + c;
}

// Output coordinate o reads input cells i0 and i1 with weights 1 − t and t.
struct Lerp {
  i0: u32,
  i1: u32,
  t: f32,
}

// Half-pixel centres (align_corners=False): src = (o + 0.5) / size − 0.5, clamped below at 0 as
// PyTorch's area_pixel_compute_source_index (TF clamps the indices instead; the values agree).
fn sourceCoord(o: u32, size: u32, extent: u32) -> Lerp {
  let src = max((f32(o) + 0.5) / f32(size) - 0.5, 0.0);
  let i0 = min(u32(src), extent - 1u);
  return Lerp(i0, min(i0 + 1u, extent - 1u), src - f32(i0));
}
