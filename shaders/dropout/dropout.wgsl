// dropout/dropout.wgsl — inverted dropout: y[i] = x[i] · keep(i) / (1 − rate), where keep(i) is a
// counter-based random bit, so the backward pass (the same kernel applied to gy) regenerates the
// mask instead of storing it. keep(i) = (bits(m) >> 8) ≥ threshold with threshold = round(rate·2²⁴)
// and, for the mask index m (the element, or (sample, channel) for spatial dropout: SPATIAL),
//   key  = h(h(h(layerSeed) ^ step.seed) ^ step.index),   bits(m) = h(h(m ^ key) + key),
// h being the lowbias32 integer hash (Wellons). Same (layerSeed, step.seed, step.index) ⇒ same
// mask; the TS reference (test/reference/dropout.ts) reproduces it bit for bit.
// Layouts: x, y contiguous, `count` elements; spatial dropout reads x as NHWC [N, plane/C, C]
// with plane = H·W·C, and drops whole channels per sample (m = n·C + c).
// Mapping: 1-D elementwise, WG·ELEMS elements per workgroup.
// Bindings: g0 b0 x · b1 y · g1 b0 params · g1 b1 step. Entry: dropoutForward.

struct Params {
  count: u32,
  channels: u32,
  plane: u32,
  threshold: u32,
  scale: f32,
  layerSeed: u32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;
override SPATIAL: bool = false;

@compute @workgroup_size(WG)
fn dropoutForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let key = lowbias32(lowbias32(lowbias32(params.layerSeed) ^ step.seed) ^ step.index);
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      var m = i;
      if (SPATIAL) {
        m = (i / params.plane) * params.channels + i % params.channels;
      }
      let bits = lowbias32(lowbias32(m ^ key) + key);
      y[i] = select(0.0, x[i] * params.scale, (bits >> 8u) >= params.threshold);
    }
  }
}
