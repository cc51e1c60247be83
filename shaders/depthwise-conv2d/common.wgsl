// depthwise-conv2d/common.wgsl — what every depthwise kernel shares: the uniform block, the
// specialisation constants and the index helpers.
// Layouts: x NHWC [batch, inH, inW, inC]; w [kh, kw, inC, multiplier] (Keras DepthwiseConv2D),
// flattened so that w[(i·kw + j)·outC + k] is the tap (i, j) of output channel k = c·multiplier + m;
// y NHWC [batch, outH, outW, outC], outC = inC · multiplier.
// Specialisation: KERNEL_H/KERNEL_W, STRIDE_*, DILATION_* are 0 in the general (direct) variants,
// which then read the uniform; the fast variants set them so the compiler sees constant trip counts
// and constant strides and unrolls the tap loops (3×3 and 5×5 in MobileNets).
// Expects the including files to declare `params` (uniform Params).

struct Params {
  batch: u32,
  inH: u32,
  inW: u32,
  inC: u32,
  outH: u32,
  outW: u32,
  outC: u32,
  multiplier: u32,
  kernelH: u32,
  kernelW: u32,
  strideH: u32,
  strideW: u32,
  dilationH: u32,
  dilationW: u32,
  padTop: u32,
  padLeft: u32,
  rowsPerChunk: u32,
  count: u32,
  alpha: f32,
}

override WG: u32 = 64;
override KERNEL_H: u32 = 0u;
override KERNEL_W: u32 = 0u;
override STRIDE_H: u32 = 0u;
override STRIDE_W: u32 = 0u;
override DILATION_H: u32 = 0u;
override DILATION_W: u32 = 0u;
override ACTIVATION: u32 = 0u;

// Output columns per invocation in the tiled and vec4 variants (a const: it sizes registers).
const TILE_W: u32 = 4u;

fn kernelH() -> u32 { return select(params.kernelH, KERNEL_H, KERNEL_H > 0u); }
fn kernelW() -> u32 { return select(params.kernelW, KERNEL_W, KERNEL_W > 0u); }
fn strideH() -> u32 { return select(params.strideH, STRIDE_H, STRIDE_H > 0u); }
fn strideW() -> u32 { return select(params.strideW, STRIDE_W, STRIDE_W > 0u); }
fn dilationH() -> u32 { return select(params.dilationH, DILATION_H, DILATION_H > 0u); }
fn dilationW() -> u32 { return select(params.dilationW, DILATION_W, DILATION_W > 0u); }

// Input row (column) read by output row oh (column ow) at tap i (j); negative or ≥ inH (inW) is padding.
fn inputRow(oh: u32, i: u32) -> i32 {
  return i32(oh * strideH() + i * dilationH()) - i32(params.padTop);
}
fn inputCol(ow: u32, j: u32) -> i32 {
  return i32(ow * strideW() + j * dilationW()) - i32(params.padLeft);
}
fn insideRow(ih: i32) -> bool { return ih >= 0 && ih < i32(params.inH); }
fn insideCol(iw: i32) -> bool { return iw >= 0 && iw < i32(params.inW); }

// The output row (column) that reads input row h (column w) at tap i (j), or -1 where none does
// (padding, or a stride that skips h).
fn outputRow(h: u32, i: u32) -> i32 {
  let t = i32(h + params.padTop) - i32(i * dilationH());
  let s = i32(strideH());
  let oh = t / s;
  // Branch-free, so identical calls compile to identical expressions the compiler can share.
  return select(-1, oh, t >= 0 && t % s == 0 && oh < i32(params.outH));
}
fn outputCol(w: u32, j: u32) -> i32 {
  let t = i32(w + params.padLeft) - i32(j * dilationW());
  let s = i32(strideW());
  let ow = t / s;
  return select(-1, ow, t >= 0 && t % s == 0 && ow < i32(params.outW));
}
