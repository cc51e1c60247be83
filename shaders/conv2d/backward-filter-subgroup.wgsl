// conv2d/backward-filter-subgroup.wgsl — conv2dBackwardFilterSubgroup: the filter gradient of
// convolutions with few input channels per group (RGB and grey stems, cinG < 4) on CPU adapters
// with subgroups of at least 8 lanes,
//   gw[i,j,c,g·coutG+k] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · gy[n,oh,ow,g·coutG+k].
// Such a filter has few rows (kh·kw·cinG), so one invocation per filter block leaves most lanes
// and cores idle while each runs the whole batch. Here a workgroup owns one tap row i, one input
// channel c and 16 output channels, and its lanes split the output pixels: each lane sums its
// share for the kw taps of the row (kw × 4 vec4 accumulators), loading per pixel 4 vec4 of gy and
// kw scalars of x. The lanes' sums are added by `subgroupAdd`, then across the workgroup's
// subgroups through workgroup memory (one barrier). No atomics. Needs coutG a multiple of 4 and
// kw ≤ MAX_KW; a last channel block narrower than 16 reads clamped gy columns and skips their
// stores. The pixel loop is uniform (its body tests the lane's pixel), so the reductions after
// it run in uniform control flow.
// Bindings: g0 b0 x · b1 gy · b2 gw · g1 b0 params. Dispatch: x over ceil(coutG / 16), y over
// cinG·kh, z over groups.

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gw: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

const MAX_KW: u32 = 7u;

// Per subgroup (at most WG_X / 8 of them), its summed kw × 4 vec4.
var<workgroup> partial: array<array<vec4<f32>, 28>, WG_X / 8u>;

@compute @workgroup_size(WG_X, 1, 1)
fn conv2dBackwardFilterSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                                @builtin(subgroup_invocation_id) sgLane: u32, @builtin(subgroup_size) sgSize: u32) {
  let g = wid.z;
  let c = wid.y % params.cinG;
  let i = wid.y / params.cinG;
  let outC4 = params.outC / 4u;
  let first4 = g * params.coutG / 4u;
  let last4 = first4 + params.coutG / 4u - 1u;
  let col4 = first4 + wid.x * 4u;
  let chan = g * params.cinG + c;
  let pixels = params.batch * params.outH * params.outW;

  // The lane's first pixel, and the step to its next one (WG_X pixels on) as carries per axis.
  var ow = lane % params.outW;
  var oh = (lane / params.outW) % params.outH;
  var n = lane / (params.outW * params.outH);
  let stepW = WG_X % params.outW;
  let stepH = (WG_X / params.outW) % params.outH;
  let stepN = WG_X / (params.outW * params.outH);

  var acc: array<array<vec4<f32>, 4>, MAX_KW>;  // [tap j][vec4 of output channels]
  for (var base = 0u; base < pixels; base += WG_X) {
    let m = base + lane;
    if (m < pixels) {
      var gs: array<vec4<f32>, 4>;
      for (var q = 0u; q < 4u; q++) {
        gs[q] = gy[m * outC4 + min(col4 + q, last4)];
      }
      let h = inRow(oh, i);
      let rowOk = h >= 0 && h < i32(params.inH);
      let rowBase = (n * params.inH + u32(clamp(h, 0, i32(params.inH) - 1))) * params.inW;
      for (var j = 0u; j < MAX_KW; j++) {
        if (j < params.kw) {
          let wc = inCol(ow, j);
          let v = x[(rowBase + u32(clamp(wc, 0, i32(params.inW) - 1))) * params.inC + chan];
          let xv = select(0.0, v, rowOk && wc >= 0 && wc < i32(params.inW));
          for (var q = 0u; q < 4u; q++) {
            acc[j][q] += xv * gs[q];
          }
        }
      }
    }
    ow += stepW;
    if (ow >= params.outW) {
      ow -= params.outW;
      oh += 1u;
    }
    oh += stepH;
    if (oh >= params.outH) {
      oh -= params.outH;
      n += 1u;
    }
    n += stepN;
  }

  for (var j = 0u; j < MAX_KW; j++) {
    for (var q = 0u; q < 4u; q++) {
      let s = subgroupAdd(acc[j][q]);
      if (sgLane == 0u) {
        partial[lane / sgSize][j * 4u + q] = s;
      }
    }
  }
  workgroupBarrier();
  if (lane < params.kw * 4u) {
    let j = lane / 4u;
    let q = lane % 4u;
    var sum = vec4<f32>();
    for (var s = 0u; s < WG_X / sgSize; s++) {
      sum += partial[s][lane];
    }
    if (col4 + q <= last4) {
      gw[((i * params.kw + j) * params.cinG + c) * outC4 + col4 + q] = sum;
    }
  }
}
