// augment/augment.wgsl — random data augmentation of a gathered NHWC batch, one dispatch:
//   y[b] = cutout(noise(saturation(contrast(brightness(crop(affine(x[b])))))))
// with each sample's parameters drawn from random.wgsl keyed by (step.seed, step.index, b).
// affine: inverse mapping p_in = F·S⁻¹·Sh⁻¹·R(−θ)·(p_out − T) about the image centre, bilinear
//   taps outside the image read fillValue (FILL_NEAREST: the nearest edge pixel);
// crop: y[oy, ox] reads the affine result at (oy + cy, ox + cx), cy, cx uniform integers in
//   [−cropPadding, cropPadding], zero outside (CIFAR's "pad with zeros, then crop at random");
// brightness: + δ; contrast: (v − mean_c)·f + mean_c over the sample's pixels, per channel;
// saturation (3 channels): gray + (v − gray)·f, gray = 0.2989 r + 0.587 g + 0.114 b;
// noise: + noiseStd·N(0, 1) per value; cutout: a cutout×cutout square at a random centre set to
//   cutoutValue. Values are not clamped (inputs may be standardised).
// Stages are override flags; their ranges are uniforms. Mapping: workgroup (g, b) handles pixels
// [g·pixelsPerGroup, (g+1)·pixelsPerGroup) of sample b, all channels; with CONTRAST one group
// owns the whole sample (the per-channel mean is a workgroup reduction), and every pass gives an
// invocation the same pixels, so the passes over y need no storage barrier.
// Bindings: g0 b0 x · b1 y · g1 b0 params · b1 step. Entry: augment. Dispatch: (groups, batch, 1).

struct Params {
  batch: u32,
  height: u32,
  width: u32,
  channels: u32,
  pixelsPerGroup: u32,
  cropPadding: u32,
  cutout: u32,
  rotation: f32,
  zoomMin: f32,
  zoomMax: f32,
  widthShift: f32,
  heightShift: f32,
  shear: f32,
  fillValue: f32,
  brightness: f32,
  contrast: f32,
  saturation: f32,
  noiseStd: f32,
  cutoutValue: f32,
}

override WG: u32 = 128;
override ROTATE: bool = false;
override ZOOM: bool = false;
override SHIFT: bool = false;
override SHEAR: bool = false;
override HORIZONTAL_FLIP: bool = false;
override VERTICAL_FLIP: bool = false;
override FILL_NEAREST: bool = false;
override CROP: bool = false;
override BRIGHTNESS: bool = false;
override CONTRAST: bool = false;
override SATURATION: bool = false;
override NOISE: bool = false;
override CUTOUT: bool = false;

// Counters of the per-sample draws; noise uses NOISE_COUNTER + 2·(pixel·channels + c) (+1).
const ROTATE_COUNTER: u32 = 0u;
const ZOOM_COUNTER: u32 = 1u;
const SHIFT_X_COUNTER: u32 = 2u;
const SHIFT_Y_COUNTER: u32 = 3u;
const SHEAR_COUNTER: u32 = 4u;
const HORIZONTAL_FLIP_COUNTER: u32 = 5u;
const VERTICAL_FLIP_COUNTER: u32 = 6u;
const CROP_X_COUNTER: u32 = 7u;
const CROP_Y_COUNTER: u32 = 8u;
const BRIGHTNESS_COUNTER: u32 = 9u;
const CONTRAST_COUNTER: u32 = 10u;
const SATURATION_COUNTER: u32 = 11u;
const CUTOUT_Y_COUNTER: u32 = 12u;
const CUTOUT_X_COUNTER: u32 = 13u;
const NOISE_COUNTER: u32 = 16u;
const DEGREES: f32 = 0.017453292519943295;
const LUMA: vec3<f32> = vec3<f32>(0.2989, 0.587, 0.114);

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

// Partial sums of the contrast reduction (vec4: four channels at once); WG is a multiple of PARTIALS.
const PARTIALS: u32 = 16u;
var<workgroup> partial: array<vec4<f32>, WG>;

struct Sample {
  key: u32,
  // Inverse affine map, centred coordinates: p_in = inverse · p_out + offset.
  inverse: mat2x2<f32>,
  offset: vec2<f32>,
  crop: vec2<i32>,
  brightness: f32,
  contrast: f32,
  saturation: f32,
  // Top-left corner (x, y) of the cutout square.
  cutout: vec2<i32>,
}

// Integer uniform in [lo, lo + count), count ≤ 65536, in integer arithmetic (exact everywhere).
fn integerIn(key: u32, counter: u32, lo: i32, count: u32) -> i32 {
  return lo + i32(((randomBits(key, counter) >> 16u) * count) >> 16u);
}

// Row-major 2×2 (WGSL matrices are column-major).
fn rows2(a: f32, b: f32, c: f32, d: f32) -> mat2x2<f32> {
  return mat2x2<f32>(a, c, b, d);
}

fn drawSample(b: u32) -> Sample {
  var s: Sample;
  s.key = sampleKey(step.seed, step.index, b);
  var theta = 0.0;
  var scale = 1.0;
  var shift = vec2<f32>(0.0, 0.0);
  var shearTan = 0.0;
  var flip = vec2<f32>(1.0, 1.0);
  if (ROTATE) { theta = DEGREES * uniformIn(s.key, ROTATE_COUNTER, -params.rotation, params.rotation); }
  if (ZOOM) { scale = uniformIn(s.key, ZOOM_COUNTER, params.zoomMin, params.zoomMax); }
  if (SHIFT) {
    shift = vec2<f32>(uniformIn(s.key, SHIFT_X_COUNTER, -params.widthShift, params.widthShift),
                      uniformIn(s.key, SHIFT_Y_COUNTER, -params.heightShift, params.heightShift));
  }
  if (SHEAR) { shearTan = tan(DEGREES * uniformIn(s.key, SHEAR_COUNTER, -params.shear, params.shear)); }
  if (HORIZONTAL_FLIP && uniform01(s.key, HORIZONTAL_FLIP_COUNTER) < 0.5) { flip.x = -1.0; }
  if (VERTICAL_FLIP && uniform01(s.key, VERTICAL_FLIP_COUNTER) < 0.5) { flip.y = -1.0; }
  let c = cos(theta);
  let sn = sin(theta);
  let rotateBack = rows2(c, sn, -sn, c);
  let shearBack = rows2(1.0, -shearTan, 0.0, 1.0);
  let flipScale = rows2(flip.x / scale, 0.0, 0.0, flip.y / scale);
  s.inverse = flipScale * (shearBack * rotateBack);
  s.offset = -(s.inverse * shift);
  s.crop = vec2<i32>(0, 0);
  if (CROP) {
    let pad = i32(params.cropPadding);
    let count = 2u * params.cropPadding + 1u;
    s.crop = vec2<i32>(integerIn(s.key, CROP_X_COUNTER, -pad, count), integerIn(s.key, CROP_Y_COUNTER, -pad, count));
  }
  s.brightness = 0.0;
  if (BRIGHTNESS) { s.brightness = uniformIn(s.key, BRIGHTNESS_COUNTER, -params.brightness, params.brightness); }
  s.contrast = 1.0;
  if (CONTRAST) { s.contrast = uniformIn(s.key, CONTRAST_COUNTER, max(0.0, 1.0 - params.contrast), 1.0 + params.contrast); }
  s.saturation = 1.0;
  if (SATURATION) { s.saturation = uniformIn(s.key, SATURATION_COUNTER, max(0.0, 1.0 - params.saturation), 1.0 + params.saturation); }
  s.cutout = vec2<i32>(0, 0);
  if (CUTOUT) {
    let half = i32(params.cutout / 2u);
    s.cutout = vec2<i32>(integerIn(s.key, CUTOUT_X_COUNTER, 0, params.width) - half, integerIn(s.key, CUTOUT_Y_COUNTER, 0, params.height) - half);
  }
  return s;
}

// Bilinear source position of an output pixel: top-left tap and fractions, or inside = false when
// the crop moved it off the image.
struct Source {
  tap: vec2<i32>,
  fraction: vec2<f32>,
  inside: bool,
}

fn sourceOf(s: Sample, p: u32) -> Source {
  var src: Source;
  let size = vec2<i32>(i32(params.width), i32(params.height));
  let at = vec2<i32>(i32(p % params.width), i32(p / params.width)) + s.crop;
  src.inside = all(at >= vec2<i32>(0, 0)) && all(at < size);
  src.tap = at;
  src.fraction = vec2<f32>(0.0, 0.0);
  if (ROTATE || ZOOM || SHIFT || SHEAR || HORIZONTAL_FLIP || VERTICAL_FLIP) {
    let centre = 0.5 * vec2<f32>(size);
    let q = vec2<f32>(at) + 0.5 - centre;
    let pos = s.inverse * q + s.offset + centre - 0.5;
    let top = floor(pos);
    src.tap = vec2<i32>(top);
    src.fraction = pos - top;
  }
  return src;
}

fn texel(base: u32, at: vec2<i32>, c: u32) -> f32 {
  let size = vec2<i32>(i32(params.width), i32(params.height));
  var pos = at;
  if (FILL_NEAREST) {
    pos = clamp(at, vec2<i32>(0, 0), size - 1);
  } else if (any(at < vec2<i32>(0, 0)) || any(at >= size)) {
    return params.fillValue;
  }
  return x[base + (u32(pos.y) * params.width + u32(pos.x)) * params.channels + c];
}

// Geometry and brightness: the stages before the per-sample contrast mean.
fn early(s: Sample, src: Source, base: u32, c: u32) -> f32 {
  if (!src.inside) {
    return s.brightness;
  }
  let t = src.tap;
  let f = src.fraction;
  let top = mix(texel(base, t, c), texel(base, t + vec2<i32>(1, 0), c), f.x);
  let bottom = mix(texel(base, t + vec2<i32>(0, 1), c), texel(base, t + vec2<i32>(1, 1), c), f.x);
  return mix(top, bottom, f.y) + s.brightness;
}

fn late(s: Sample, p: u32, c: u32, value: f32) -> f32 {
  var v = value;
  if (NOISE) { v += params.noiseStd * gaussian(s.key, NOISE_COUNTER + 2u * (p * params.channels + c)); }
  if (CUTOUT) {
    let d = vec2<i32>(i32(p % params.width), i32(p / params.width)) - s.cutout;
    if (all(d >= vec2<i32>(0, 0)) && all(d < vec2<i32>(i32(params.cutout)))) { v = params.cutoutValue; }
  }
  return v;
}

// Contrast about the mean of each channel of the sample (its whole image is this group's). Four
// channels per reduction, in two levels (16 partial sums, then every invocation adds those):
// few barriers, which CPU adapters pay for per invocation.
fn applyContrast(s: Sample, lid: u32, base: u32, first: u32, end: u32) {
  let pixels = params.height * params.width;
  let channels = params.channels;
  for (var c0 = 0u; c0 < channels; c0 += 4u) {
    var sum = vec4<f32>(0.0);
    for (var p = first + lid; p < end; p += WG) {
      for (var k = 0u; k < 4u && c0 + k < channels; k++) { sum[k] += y[base + p * channels + c0 + k]; }
    }
    partial[lid] = sum;
    workgroupBarrier();
    if (lid < PARTIALS) {
      var total = partial[lid];
      for (var i = lid + PARTIALS; i < WG; i += PARTIALS) { total += partial[i]; }
      partial[lid] = total;
    }
    workgroupBarrier();
    var mean = vec4<f32>(0.0);
    for (var i = 0u; i < PARTIALS; i++) { mean += partial[i]; }
    mean /= f32(pixels);
    workgroupBarrier();
    for (var p = first + lid; p < end; p += WG) {
      for (var k = 0u; k < 4u && c0 + k < channels; k++) {
        let i = base + p * channels + c0 + k;
        y[i] = (y[i] - mean[k]) * s.contrast + mean[k];
      }
    }
  }
}

@compute @workgroup_size(WG, 1, 1)
fn augment(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let b = wid.y;
  let pixels = params.height * params.width;
  let first = wid.x * params.pixelsPerGroup;
  let end = min(first + params.pixelsPerGroup, pixels);
  let s = drawSample(b);
  let base = b * pixels * params.channels;
  if (CONTRAST) {
    for (var p = first + lid; p < end; p += WG) {
      let src = sourceOf(s, p);
      for (var c = 0u; c < params.channels; c++) { y[base + p * params.channels + c] = early(s, src, base, c); }
    }
    applyContrast(s, lid, base, first, end);
  }
  for (var p = first + lid; p < end; p += WG) {
    let src = sourceOf(s, p);
    let at = base + p * params.channels;
    if (SATURATION) {
      var v: vec3<f32>;
      for (var c = 0u; c < 3u; c++) {
        if (CONTRAST) { v[c] = y[at + c]; } else { v[c] = early(s, src, base, c); }
      }
      v = dot(v, LUMA) + (v - dot(v, LUMA)) * s.saturation;
      for (var c = 0u; c < 3u; c++) { y[at + c] = late(s, p, c, v[c]); }
    } else {
      for (var c = 0u; c < params.channels; c++) {
        var v: f32;
        if (CONTRAST) { v = y[at + c]; } else { v = early(s, src, base, c); }
        y[at + c] = late(s, p, c, v);
      }
    }
  }
}
