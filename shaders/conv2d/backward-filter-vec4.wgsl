// conv2d/backward-filter-vec4.wgsl — conv2dBackwardFilterVec4: the filter gradient
//   gw[i,j,c,g·coutG+k] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · gy[n,oh,ow,g·coutG+k]
// with each invocation owning a block of one tap (i, j) × 4 input channels × 8 output channels
// and reducing over the batch and the output plane (only the positions whose tap lands inside
// the input: outRange) through vec4 views: per position one load of x (4 input channels) and two
// of gy (8 output channels) feed 32 multiply-adds, against the blocked variant's 8 loads per 16.
// When coutG / 4 is odd the last block's second half is clamped: computed, never stored. Needs
// cinG and coutG to be multiples of 4.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Dispatch: a 1-D grid over the
// kh·kw·(cinG / 4)·ceil(coutG / 8) blocks in workgroups of WG_X·WG_Y (x), z over groups.

@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gw: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2dBackwardFilterVec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let coutG4 = params.coutG / 4u;
  let kBlocks = (coutG4 + 1u) / 2u;
  let cBlocks = params.cinG / 4u;
  let t = wid.x * WG_X * WG_Y + li;
  let g = wid.z;
  if (t >= params.kh * params.kw * cBlocks * kBlocks) {
    return;
  }
  let ka = (t % kBlocks) * 2u;
  let kb = min(ka + 1u, coutG4 - 1u);
  let row = t / kBlocks;
  let cb = row % cBlocks;
  let ij = row / cBlocks;
  let i = ij / params.kw;
  let j = ij % params.kw;
  let inC4 = params.inC / 4u;
  let outC4 = params.outC / 4u;
  let xc = g * params.cinG / 4u + cb;
  let gka = g * coutG4 + ka;
  let gkb = g * coutG4 + kb;
  let rh = outRange(i, params.dilationH, params.padTop, params.strideH, params.inH, params.outH);
  let rw = outRange(j, params.dilationW, params.padLeft, params.strideW, params.inW, params.outW);
  let xStep = params.strideW * inC4;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var b0 = vec4<f32>(0.0);
  var b1 = vec4<f32>(0.0);
  var b2 = vec4<f32>(0.0);
  var b3 = vec4<f32>(0.0);
  if (rw.x < rw.y) {
    let iw0 = u32(inCol(rw.x, j));
    for (var n = 0u; n < params.batch; n++) {
      for (var oh = rh.x; oh < rh.y; oh++) {
        var xo = ((n * params.inH + u32(inRow(oh, i))) * params.inW + iw0) * inC4 + xc;
        var go = ((n * params.outH + oh) * params.outW + rw.x) * outC4;
        for (var ow = rw.x; ow < rw.y; ow++) {
          let xv = x[xo];
          let ga = gy[go + gka];
          let gb = gy[go + gkb];
          a0 += xv.x * ga;
          a1 += xv.y * ga;
          a2 += xv.z * ga;
          a3 += xv.w * ga;
          b0 += xv.x * gb;
          b1 += xv.y * gb;
          b2 += xv.z * gb;
          b3 += xv.w * gb;
          xo += xStep;
          go += outC4;
        }
      }
    }
  }
  let base = (ij * params.cinG + cb * 4u) * outC4 + g * coutG4 + ka;
  gw[base] = a0;
  gw[base + outC4] = a1;
  gw[base + 2u * outC4] = a2;
  gw[base + 3u * outC4] = a3;
  if (ka + 1u < coutG4) {
    gw[base + 1u] = b0;
    gw[base + outC4 + 1u] = b1;
    gw[base + 2u * outC4 + 1u] = b2;
    gw[base + 3u * outC4 + 1u] = b3;
  }
}
