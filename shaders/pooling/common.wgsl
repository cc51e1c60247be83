// pooling/common.wgsl — the window geometry shared by the pooling kernels (Keras/TF semantics).
// Output (oh, ow) pools rows oh·strideH − padTop + [0, poolH) and columns ow·strideW − padLeft +
// [0, poolW) of the input; cells outside the input are skipped: never a max, never counted in an
// average ('same' padding as tf.nn.max_pool / tf.nn.avg_pool). Layouts NHWC, row-major, so a 1-D
// index has the channel fastest and neighbouring invocations read neighbouring channels.
// Expects the including file to declare the tensor bindings.

struct Params {
  count: u32,
  channels: u32,
  inH: u32,
  inW: u32,
  outH: u32,
  outW: u32,
  poolH: u32,
  poolW: u32,
  strideH: u32,
  strideW: u32,
  padTop: u32,
  padLeft: u32,
}

@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

// A half-open rectangle [h0, h1) × [w0, w1) of rows and columns.
struct Span2d {
  h0: u32,
  h1: u32,
  w0: u32,
  w1: u32,
}

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

// The input cells of output (oh, ow)'s window, clamped to the input. Never empty: the host
// validates that every window overlaps the input.
fn poolWindow(oh: u32, ow: u32) -> Span2d {
  let hs = i32(oh * params.strideH) - i32(params.padTop);
  let ws = i32(ow * params.strideW) - i32(params.padLeft);
  return Span2d(
    u32(max(hs, 0)), u32(min(hs + i32(params.poolH), i32(params.inH))),
    u32(max(ws, 0)), u32(min(ws + i32(params.poolW), i32(params.inW))),
  );
}

// The outputs whose window covers input (ih, iw): oh·sh − pt ≤ ih < oh·sh − pt + ph, i.e.
// (ih + pt − ph) / sh < oh ≤ (ih + pt) / sh, clamped to the output. May be empty (stride > pool).
fn coveringOutputs(ih: u32, iw: u32) -> Span2d {
  let h = ih + params.padTop;
  let w = iw + params.padLeft;
  return Span2d(
    select(0u, (h - params.poolH) / params.strideH + 1u, h >= params.poolH), min(h / params.strideH + 1u, params.outH),
    select(0u, (w - params.poolW) / params.strideW + 1u, w >= params.poolW), min(w / params.strideW + 1u, params.outW),
  );
}
