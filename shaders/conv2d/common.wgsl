// conv2d/common.wgsl — shared declarations of the conv2d kernels (forward, backward-input,
// backward-filter; conv2dTranspose reuses them). The convolution they all describe is
//   y[n,oh,ow,g·coutG+k] = Σ_{i,j,c} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · w[i,j,c,g·coutG+k]
// Layouts: x NHWC [batch,inH,inW,inC], w HWIO [kh,kw,cinG,outC], y NHWC [batch,outH,outW,outC];
// g indexes the `groups` channel groups (cinG = inC / groups, coutG = outC / groups). Padding
// below/right of the input (pb, pr) needs no field: positions past inH/inW read as zero.
// Every kernel dispatches z over the groups.

struct Params {
  batch: u32,
  inH: u32,
  inW: u32,
  inC: u32,
  outH: u32,
  outW: u32,
  outC: u32,
  groups: u32,
  kh: u32,
  kw: u32,
  strideH: u32,
  strideW: u32,
  dilationH: u32,
  dilationW: u32,
  padTop: u32,
  padLeft: u32,
  cinG: u32,
  coutG: u32,
  alpha: f32,
}

override WG_X: u32 = 16;
override WG_Y: u32 = 8;
override ACTIVATION: u32 = 0;

// Input row/column read by output row oh (column ow) through filter tap i (j); negative in the padding.
fn inRow(oh: u32, i: u32) -> i32 {
  return i32(oh * params.strideH + i * params.dilationH) - i32(params.padTop);
}

fn inCol(ow: u32, j: u32) -> i32 {
  return i32(ow * params.strideW + j * params.dilationW) - i32(params.padLeft);
}

fn insideInput(h: i32, w: i32) -> bool {
  return h >= 0 && h < i32(params.inH) && w >= 0 && w < i32(params.inW);
}

// Offset of pixel (n, h, w) in x, or −1 when it lies in the padding.
fn inputPixel(n: u32, h: i32, w: i32) -> i32 {
  if (!insideInput(h, w)) {
    return -1;
  }
  return i32(((n * params.inH + u32(h)) * params.inW + u32(w)) * params.inC);
}

// Pixel m of a [batch, rows, cols] plane as (n, row, col).
fn planeCoords(m: u32, rows: u32, cols: u32) -> vec3<u32> {
  return vec3<u32>(m / (rows * cols), (m / cols) % rows, m % cols);
}

// Offset in x of the input pixel that output pixel m reads through tap (i, j), or −1.
fn tapPixel(m: u32, i: u32, j: u32) -> i32 {
  let ow = m % params.outW;
  let oh = (m / params.outW) % params.outH;
  let n = m / (params.outW * params.outH);
  return inputPixel(n, inRow(oh, i), inCol(ow, j));
}

// Output pixel (n, oh, ow) that reads input (h, w) through tap (i, j), as an offset into y, or
// −1 when none does (the tap falls between strides or outside the output).
fn outputPixel(n: u32, h: u32, w: u32, i: u32, j: u32) -> i32 {
  let th = i32(h + params.padTop) - i32(i * params.dilationH);
  let tw = i32(w + params.padLeft) - i32(j * params.dilationW);
  if (th < 0 || tw < 0) {
    return -1;
  }
  let oh = u32(th) / params.strideH;
  let ow = u32(tw) / params.strideW;
  if (oh * params.strideH != u32(th) || ow * params.strideW != u32(tw) || oh >= params.outH || ow >= params.outW) {
    return -1;
  }
  return i32(((n * params.outH + oh) * params.outW + ow) * params.outC);
}

// First and one-past-last output row (column) whose tap i (j) lands inside the input.
fn outRange(tap: u32, dilation: u32, pad: u32, stride: u32, inSize: u32, outSize: u32) -> vec2<u32> {
  let off = i32(tap * dilation) - i32(pad);  // input index of output 0
  var lo = 0;
  if (off < 0) {
    lo = (-off + i32(stride) - 1) / i32(stride);
  }
  let last = i32(inSize) - 1 - off;           // oh·stride ≤ last
  var hi = 0;
  if (last >= 0) {
    hi = min(last / i32(stride) + 1, i32(outSize));
  }
  return vec2<u32>(u32(lo), u32(max(hi, lo)));
}
