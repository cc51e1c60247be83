// conv2d/backward-filter-vec4.wgsl — conv2dBackwardFilterVec4: the filter gradient
//   gw[i,j,c,g·coutG+k] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · gy[n,oh,ow,g·coutG+k]
// with each invocation owning a block of one tap (i, j) × 8 input channels × 8 output channels
// and reducing over the batch and the output plane (only the positions whose tap lands inside
// the input: outRange) through vec4 views: per position two loads of x (8 input channels) and
// two of gy (8 output channels) feed 64 multiply-adds, against the blocked variant's 8 loads per
// 16 (on CPU adapters a load costs about the same whatever its width; 4 × 8 blocks, 3 loads per
// 32, measured ~25% slower on lavapipe). No atomics and no second pass: the reduction stays in
// the invocation. When cinG / 4 or coutG / 4 is odd the last block's second half is clamped:
// computed, never stored. Needs cinG and coutG to be multiples of 4.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Dispatch: a 1-D grid over the
// kh·kw·ceil(cinG / 8)·ceil(coutG / 8) blocks in workgroups of WG_X·WG_Y (x), z over groups.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gw: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardFilterVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let coutG4 = params.coutG / 4u;
  let cinG4 = params.cinG / 4u;
  let kBlocks = (coutG4 + 1u) / 2u;
  let cBlocks = (cinG4 + 1u) / 2u;
  let t = wid.x * WG_X * WG_Y + li;
  let g = wid.z;
  if (t >= params.kh * params.kw * cBlocks * kBlocks) {
    return;
  }
  let ka = (t % kBlocks) * 2u;
  let kb = min(ka + 1u, coutG4 - 1u);
  let row = t / kBlocks;
  let ca = (row % cBlocks) * 2u;
  let cb = min(ca + 1u, cinG4 - 1u);
  let ij = row / cBlocks;
  let i = ij / params.kw;
  let j = ij % params.kw;
  let inC4 = params.inC / 4u;
  let outC4 = params.outC / 4u;
  let xca = g * cinG4 + ca;
  let xcb = g * cinG4 + cb;
  let gka = g * coutG4 + ka;
  let gkb = g * coutG4 + kb;
  let rh = outRange(i, params.dilationH, params.padTop, params.strideH, params.inH, params.outH);
  let rw = outRange(j, params.dilationW, params.padLeft, params.strideW, params.inW, params.outW);
  let xStep = params.strideW * inC4;
  var acc: array<vec4<f32>, 16>;
  if (rw.x < rw.y) {
    let iw0 = u32(inCol(rw.x, j));
    for (var n = 0u; n < params.batch; n++) {
      for (var oh = rh.x; oh < rh.y; oh++) {
        var xo = ((n * params.inH + u32(inRow(oh, i))) * params.inW + iw0) * inC4;
        var go = ((n * params.outH + oh) * params.outW + rw.x) * outC4;
        for (var ow = rw.x; ow < rw.y; ow++) {
          let xa = x[xo + xca];
          let xb = x[xo + xcb];
          let ga = gy[go + gka];
          let gb = gy[go + gkb];
          acc[0] += xa.x * ga;
          acc[1] += xa.y * ga;
          acc[2] += xa.z * ga;
          acc[3] += xa.w * ga;
          acc[4] += xb.x * ga;
          acc[5] += xb.y * ga;
          acc[6] += xb.z * ga;
          acc[7] += xb.w * ga;
          acc[8] += xa.x * gb;
          acc[9] += xa.y * gb;
          acc[10] += xa.z * gb;
          acc[11] += xa.w * gb;
          acc[12] += xb.x * gb;
          acc[13] += xb.y * gb;
          acc[14] += xb.z * gb;
          acc[15] += xb.w * gb;
          xo += xStep;
          go += outC4;
        }
      }
    }
  }
  // Rows c of the tap (ij) hold outC values; the block's rows ca·4.. and its columns ka·4.. (group offset added).
  let base = (ij * params.cinG + ca * 4u) * outC4 + g * coutG4 + ka;
  let secondC = ca + 1u < cinG4;
  let secondK = ka + 1u < coutG4;
  for (var r = 0u; r < 4u; r++) {
    gw[base + r * outC4] = acc[r];
    if (secondC) {
      gw[base + (r + 4u) * outC4] = acc[4u + r];
    }
    if (secondK) {
      gw[base + r * outC4 + 1u] = acc[8u + r];
      if (secondC) {
        gw[base + (r + 4u) * outC4 + 1u] = acc[12u + r];
      }
    }
  }
}
