// conv2d/backward-input-subgroup.wgsl — conv2dBackwardInputSubgroup: the input gradient for CPU
// adapters with subgroups of at least 8 lanes,
//   gx[n,h,w,g·cinG+c] = Σ_{i,j,k} gy[n,oh,ow,g·coutG+k] · w[i,j,c,g·coutG+k]
// over the (oh, ow) with oh·sh + i·dh − pt = h and ow·sw + j·dw − pl = w (none when the tap falls
// between strides). Each invocation computes 4 input pixels × 16 input channels; the invocations
// of a workgroup share the 16 channels and differ in pixels, so the 16 filter rows of a step of 4
// output channels (w[i,j,c..c+15,k..k+3]) are the same for every lane: lane l loads rows l and
// l + 8 and `subgroupBroadcast` (a register shuffle) hands them to the others. Per step a lane
// does 2 filter loads and up to 4 loads of gy (only for pixels the tap reaches: a stride skips
// the rest) for 64 dot products, against 12 loads per 32 in conv2dBackwardInputVec4. Needs cinG
// and coutG multiples of 4; a last channel block narrower than 16 reads clamped filter rows and
// skips their stores. With strides, the input pixels are split into sh·sw classes by (h mod sh,
// w mod sw) and a workgroup takes pixels of one class only: a tap reaches either every pixel of
// a class or none, so the taps a class skips are skipped for the whole workgroup (a uniform
// `continue`), instead of computing them with zeros for 3 pixels in 4 at stride 2. No early
// return and no per-lane `continue`: every lane takes part in the broadcasts.
// Bindings: g0 b0 gy · b1 w · b2 gx · g1 b0 params. Dispatch: x over
// ceil(batch·ceil(inH/sh)·ceil(inW/sw) / (4·WG_X)), y over ceil(cinG / 16), z over groups·sh·sw.

@group(0) @binding(0) var<storage, read_write> gy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gx: array<vec4<f32>>;
@group(1) @binding(0) var<uniform> params: Params;

// Input pixel p of invocation `lane` in workgroup `block`: the 4 pixels of a lane are WG_X apart.
fn subgroupInputPixel(block: u32, p: u32, lane: u32) -> u32 {
  return (block * 4u + p) * WG_X + lane;
}

@compute @workgroup_size(WG_X, 1, 1)
fn conv2dBackwardInputSubgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32,
                               @builtin(subgroup_invocation_id) sgLane: u32) {
  // The stride class (ph, pw) of this workgroup and its pixels h = hh·sh + ph, w = ww·sw + pw.
  let classes = params.strideH * params.strideW;
  let g = wid.z / classes;
  let ph = (wid.z % classes) / params.strideW;
  let pw = wid.z % params.strideW;
  let classH = (params.inH + params.strideH - 1u - ph) / params.strideH;
  let classW = (params.inW + params.strideW - 1u - pw) / params.strideW;
  let pixels = params.batch * classH * classW;
  let outC4 = params.outC / 4u;
  let kBase4 = g * params.coutG / 4u;
  let kCount4 = params.coutG / 4u;
  let c0 = wid.y * 16u;  // first of the 16 input channels (within the group)
  // The filter rows lane l loads per step: input channels c0 + l and c0 + l + 8 (lanes past 8
  // repeat lanes 0–7), clamped to the group's last channel.
  let l8 = sgLane % 8u;
  let rowA = min(c0 + l8, params.cinG - 1u);
  let rowB = min(c0 + l8 + 8u, params.cinG - 1u);

  var at: array<vec3<u32>, 4>;  // (n, ih, iw) of each pixel
  for (var p = 0u; p < 4u; p++) {
    let c = planeCoords(min(subgroupInputPixel(wid.x, p, lane), max(pixels, 1u) - 1u), classH, classW);
    at[p] = vec3<u32>(c.x, c.y * params.strideH + ph, c.z * params.strideW + pw);
  }
  var acc: array<array<vec4<f32>, 4>, 4>;  // [pixel][vec4 of input channels]
  for (var i = 0u; i < params.kh; i++) {
    // Tap i reaches this class's rows only when ph + pt − i·dh is a multiple of sh (uniform).
    if ((ph + params.padTop + params.kh * params.dilationH * params.strideH - i * params.dilationH) % params.strideH != 0u) {
      continue;
    }
    for (var j = 0u; j < params.kw; j++) {
      if ((pw + params.padLeft + params.kw * params.dilationW * params.strideW - j * params.dilationW) % params.strideW != 0u) {
        continue;
      }
      var src: array<i32, 4>;
      for (var p = 0u; p < 4u; p++) {
        src[p] = outputPixel(at[p].x, at[p].y, at[p].z, i, j);
      }
      let tapRow = (i * params.kw + j) * params.cinG;
      let wA = (tapRow + rowA) * outC4 + kBase4;
      let wB = (tapRow + rowB) * outC4 + kBase4;
      for (var k4 = 0u; k4 < kCount4; k4++) {
        let fa = w[wA + k4];
        let fb = w[wB + k4];
        var gs: array<vec4<f32>, 4>;
        for (var p = 0u; p < 4u; p++) {
          // Loaded under a branch, so lanes whose pixel the tap skips do no gather. (Assigning
          // gs[p] inside the branch instead gave wrong sums on lavapipe: keep the temporary.)
          var v = vec4<f32>();
          if (src[p] >= 0) {
            v = gy[u32(src[p]) / 4u + kBase4 + k4];
          }
          gs[p] = v;
        }
        // Channel quad q's rows c0 + 4q … 4q + 3 live in lanes 4q … 4q + 3 of fa (q < 2) or fb.
        accumulateDots(&acc, 0u, gs, subgroupBroadcast(fa, 0u), subgroupBroadcast(fa, 1u), subgroupBroadcast(fa, 2u), subgroupBroadcast(fa, 3u));
        accumulateDots(&acc, 1u, gs, subgroupBroadcast(fa, 4u), subgroupBroadcast(fa, 5u), subgroupBroadcast(fa, 6u), subgroupBroadcast(fa, 7u));
        accumulateDots(&acc, 2u, gs, subgroupBroadcast(fb, 0u), subgroupBroadcast(fb, 1u), subgroupBroadcast(fb, 2u), subgroupBroadcast(fb, 3u));
        accumulateDots(&acc, 3u, gs, subgroupBroadcast(fb, 4u), subgroupBroadcast(fb, 5u), subgroupBroadcast(fb, 6u), subgroupBroadcast(fb, 7u));
      }
    }
  }
  let inC4 = params.inC / 4u;
  let col4 = (g * params.cinG + c0) / 4u;
  for (var p = 0u; p < 4u; p++) {
    let m = subgroupInputPixel(wid.x, p, lane);
    let pixel = (at[p].x * params.inH + at[p].y) * params.inW + at[p].z;
    for (var q = 0u; q < 4u; q++) {
      if (m < pixels && c0 + 4u * q < params.cinG) {
        gx[pixel * inC4 + col4 + q] = acc[p][q];
      }
    }
  }
}

// acc[p][q] += (gy_p · w_c) for the 4 input channels c of quad q, whose filter rows (over the
// step's 4 output channels) are w0..w3.
fn accumulateDots(acc: ptr<function, array<array<vec4<f32>, 4>, 4>>, q: u32, gs: array<vec4<f32>, 4>,
                  w0: vec4<f32>, w1: vec4<f32>, w2: vec4<f32>, w3: vec4<f32>) {
  for (var p = 0u; p < 4u; p++) {
    (*acc)[p][q] += vec4<f32>(dot(gs[p], w0), dot(gs[p], w1), dot(gs[p], w2), dot(gs[p], w3));
  }
}
