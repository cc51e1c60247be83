// conv2d/backward-filter.wgsl — gw[i,j,c,g·coutG+k] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · gy[n,oh,ow,g·coutG+k]:
// the gradient of conv2d with respect to its filter (and, with x and gy swapping roles, that of
// conv2dTranspose). An implicit GEMM [kh·kw·cinG] × [coutG] per group whose reduction runs over
// the whole batch and output plane inside each invocation: no atomics, no second pass. Only the
// output rows/columns whose tap lands inside the input are visited (outRange), so the inner loop
// has no bounds checks.
// Variants, simple to fast:
//   conv2dBackwardFilterDirect  one gw element per invocation: the readable specification;
//   conv2dBackwardFilter        4 input channels × 4 output channels of one tap per invocation.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Dispatch: x over coutG / WG_X (blocked:
// / (WG_X·4)), y over kh·kw·cinG / WG_Y (blocked: kh·kw·ceil(cinG / 4) / WG_Y), z over groups.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gy: array<f32>;
@group(0) @binding(2) var<storage, read_write> gw: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardFilterDirect(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let row = gid.y;
  let g = gid.z;
  if (k >= params.coutG || row >= params.kh * params.kw * params.cinG) {
    return;
  }
  let c = row % params.cinG;
  let j = (row / params.cinG) % params.kw;
  let i = row / (params.cinG * params.kw);
  let rh = outRange(i, params.dilationH, params.padTop, params.strideH, params.inH, params.outH);
  let rw = outRange(j, params.dilationW, params.padLeft, params.strideW, params.inW, params.outW);
  let col = g * params.coutG + k;
  var acc = 0.0;
  for (var n = 0u; n < params.batch; n++) {
    for (var oh = rh.x; oh < rh.y; oh++) {
      for (var ow = rw.x; ow < rw.y; ow++) {
        let px = inputPixel(n, inRow(oh, i), inCol(ow, j));
        acc += x[u32(px) + g * params.cinG + c] * gy[((n * params.outH + oh) * params.outW + ow) * params.outC + col];
      }
    }
  }
  gw[row * params.outC + col] = acc;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardFilter(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k0 = gid.x * 4u;
  let cBlocks = (params.cinG + 3u) / 4u;
  let ij = gid.y / cBlocks;
  let c0 = (gid.y % cBlocks) * 4u;
  let g = gid.z;
  if (k0 >= params.coutG || ij >= params.kh * params.kw) {
    return;
  }
  let i = ij / params.kw;
  let j = ij % params.kw;
  let lastC = params.cinG - 1u;
  let lastK = params.coutG - 1u;
  let xc0 = g * params.cinG + min(c0, lastC);
  let xc1 = g * params.cinG + min(c0 + 1u, lastC);
  let xc2 = g * params.cinG + min(c0 + 2u, lastC);
  let xc3 = g * params.cinG + min(c0 + 3u, lastC);
  let gk0 = g * params.coutG + min(k0, lastK);
  let gk1 = g * params.coutG + min(k0 + 1u, lastK);
  let gk2 = g * params.coutG + min(k0 + 2u, lastK);
  let gk3 = g * params.coutG + min(k0 + 3u, lastK);
  let rh = outRange(i, params.dilationH, params.padTop, params.strideH, params.inH, params.outH);
  let rw = outRange(j, params.dilationW, params.padLeft, params.strideW, params.inW, params.outW);
  var acc: array<vec4<f32>, 4>;
  for (var n = 0u; n < params.batch; n++) {
    for (var oh = rh.x; oh < rh.y; oh++) {
      let ih = u32(inRow(oh, i));
      for (var ow = rw.x; ow < rw.y; ow++) {
        let xo = ((n * params.inH + ih) * params.inW + u32(inCol(ow, j))) * params.inC;
        let go = ((n * params.outH + oh) * params.outW + ow) * params.outC;
        let gv = vec4<f32>(gy[go + gk0], gy[go + gk1], gy[go + gk2], gy[go + gk3]);
        acc[0] += x[xo + xc0] * gv;
        acc[1] += x[xo + xc1] * gv;
        acc[2] += x[xo + xc2] * gv;
        acc[3] += x[xo + xc3] * gv;
      }
    }
  }
  for (var r = 0u; r < 4u; r++) {
    if (c0 + r >= params.cinG) {
      break;
    }
    for (var jj = 0u; jj < 4u; jj++) {
      if (k0 + jj < params.coutG) {
        gw[((ij * params.cinG) + c0 + r) * params.outC + g * params.coutG + k0 + jj] = acc[r][jj];
      }
    }
  }
}
