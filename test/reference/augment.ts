// Float64 reference of shaders/augment: the same counter-based RNG (bit for bit: 32-bit integer
// hashing with Math.imul, uniforms from the top 24 bits) and the same stages in plain loops.
import type { AugmentOptions } from '../../src/kernels/augment.js';

export function hashU32(value: number): number {
  let x = value >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

const STREAM = 0x41554721;
export const sampleKey = (seed: number, step: number, sample: number): number => hashU32((hashU32((hashU32((STREAM ^ seed) >>> 0) ^ step) >>> 0) ^ sample) >>> 0);
const bits = (key: number, counter: number): number => hashU32(hashU32((key ^ counter) >>> 0));
export const uniform01 = (key: number, counter: number): number => (bits(key, counter) >>> 8) / 16777216;
const uniformIn = (key: number, counter: number, lo: number, hi: number): number => lo + (hi - lo) * uniform01(key, counter);
const integerIn = (key: number, counter: number, lo: number, count: number): number => lo + Math.floor(((bits(key, counter) >>> 16) * count) / 65536);
export function gaussian(key: number, counter: number): number {
  const u1 = ((bits(key, counter) >>> 8) + 1) / 16777216;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * uniform01(key, counter + 1));
}

const C = { rotate: 0, zoom: 1, shiftX: 2, shiftY: 3, shear: 4, hflip: 5, vflip: 6, cropX: 7, cropY: 8, brightness: 9, contrast: 10, saturation: 11, cutoutY: 12, cutoutX: 13, noise: 16 };
const DEG = Math.PI / 180;

/** A sample's drawn parameters: the inverse affine map (row-major 2×2 plus offset), crop, colour factors, cutout corner. */
export interface SampleParams {
  key: number;
  theta: number;
  scale: number;
  shift: [number, number];
  shearTan: number;
  flip: [number, number];
  inverse: [number, number, number, number];
  offset: [number, number];
  crop: [number, number];
  brightness: number;
  contrast: number;
  saturation: number;
  cutout: [number, number];
}

/** The parameters sample `b` of step (seed, step) draws, as the shader does. */
export function drawSample(o: AugmentOptions, height: number, width: number, seed: number, step: number, b: number): SampleParams {
  const key = sampleKey(seed, step, b);
  const zoom: readonly [number, number] = o.zoom === undefined ? [1, 1] : typeof o.zoom === 'number' ? [1 - o.zoom, 1 + o.zoom] : o.zoom;
  const theta = o.rotation ? DEG * uniformIn(key, C.rotate, -o.rotation, o.rotation) : 0;
  const scale = zoom[0] !== 1 || zoom[1] !== 1 ? uniformIn(key, C.zoom, zoom[0], zoom[1]) : 1;
  const shifting = (o.widthShift ?? 0) > 0 || (o.heightShift ?? 0) > 0;
  const ws = (o.widthShift ?? 0) * width;
  const hs = (o.heightShift ?? 0) * height;
  const shift: [number, number] = shifting ? [uniformIn(key, C.shiftX, -ws, ws), uniformIn(key, C.shiftY, -hs, hs)] : [0, 0];
  const shearTan = o.shear ? Math.tan(DEG * uniformIn(key, C.shear, -o.shear, o.shear)) : 0;
  const flip: [number, number] = [o.horizontalFlip && uniform01(key, C.hflip) < 0.5 ? -1 : 1, o.verticalFlip && uniform01(key, C.vflip) < 0.5 ? -1 : 1];
  // inverse = diag(flip / scale) · [[1, −tan],[0, 1]] · R(−θ), R(−θ) = [[cos, sin],[−sin, cos]].
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const sb = [c - shearTan * -s, s - shearTan * c, -s, c];
  const inverse: [number, number, number, number] = [(flip[0] / scale) * sb[0], (flip[0] / scale) * sb[1], (flip[1] / scale) * sb[2], (flip[1] / scale) * sb[3]];
  const offset: [number, number] = [-(inverse[0] * shift[0] + inverse[1] * shift[1]), -(inverse[2] * shift[0] + inverse[3] * shift[1])];
  const pad = o.cropPadding ?? 0;
  const crop: [number, number] = pad > 0 ? [integerIn(key, C.cropX, -pad, 2 * pad + 1), integerIn(key, C.cropY, -pad, 2 * pad + 1)] : [0, 0];
  const brightness = o.brightness ? uniformIn(key, C.brightness, -o.brightness, o.brightness) : 0;
  const contrast = o.contrast ? uniformIn(key, C.contrast, Math.max(0, 1 - o.contrast), 1 + o.contrast) : 1;
  const saturation = o.saturation ? uniformIn(key, C.saturation, Math.max(0, 1 - o.saturation), 1 + o.saturation) : 1;
  const half = Math.floor((o.cutout ?? 0) / 2);
  const cutout: [number, number] = o.cutout ? [integerIn(key, C.cutoutX, 0, width) - half, integerIn(key, C.cutoutY, 0, height) - half] : [0, 0];
  return { key, theta, scale, shift, shearTan, flip, inverse, offset, crop, brightness, contrast, saturation, cutout };
}

/** y = augment(x) for an NHWC batch [B, H, W, C], in float64. */
export function augmentRef(x: ArrayLike<number>, shape: readonly number[], o: AugmentOptions, seed: number, step: number): Float64Array {
  const [batch, height, width, channels] = shape;
  const y = new Float64Array(batch * height * width * channels);
  const affine = Boolean(o.rotation || o.zoom !== undefined || o.widthShift || o.heightShift || o.shear || o.horizontalFlip || o.verticalFlip);
  const nearest = o.fillMode === 'nearest';
  const fill = o.fillValue ?? 0;
  for (let b = 0; b < batch; b++) {
    const s = drawSample(o, height, width, seed, step, b);
    const base = b * height * width * channels;
    const texel = (ty: number, tx: number, c: number): number => {
      if (nearest) {
        ty = Math.min(Math.max(ty, 0), height - 1);
        tx = Math.min(Math.max(tx, 0), width - 1);
      } else if (ty < 0 || ty >= height || tx < 0 || tx >= width) return fill;
      return x[base + (ty * width + tx) * channels + c];
    };
    const idx = (py: number, px: number, c: number) => base + (py * width + px) * channels + c;
    // Geometry, crop and brightness.
    for (let py = 0; py < height; py++) {
      for (let px = 0; px < width; px++) {
        const ay = py + s.crop[1];
        const ax = px + s.crop[0];
        const inside = ay >= 0 && ay < height && ax >= 0 && ax < width;
        let sx = ax;
        let sy = ay;
        if (affine) {
          const qx = ax + 0.5 - width / 2;
          const qy = ay + 0.5 - height / 2;
          sx = s.inverse[0] * qx + s.inverse[1] * qy + s.offset[0] + width / 2 - 0.5;
          sy = s.inverse[2] * qx + s.inverse[3] * qy + s.offset[1] + height / 2 - 0.5;
        }
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        for (let c = 0; c < channels; c++) {
          const v = !inside ? 0
            : (1 - fy) * ((1 - fx) * texel(y0, x0, c) + fx * texel(y0, x0 + 1, c)) + fy * ((1 - fx) * texel(y0 + 1, x0, c) + fx * texel(y0 + 1, x0 + 1, c));
          y[idx(py, px, c)] = v + s.brightness;
        }
      }
    }
    if (o.contrast) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let p = 0; p < height * width; p++) sum += y[base + p * channels + c];
        const mean = sum / (height * width);
        for (let p = 0; p < height * width; p++) y[base + p * channels + c] = (y[base + p * channels + c] - mean) * s.contrast + mean;
      }
    }
    for (let p = 0; p < height * width; p++) {
      const at = base + p * channels;
      if (o.saturation) {
        const gray = 0.2989 * y[at] + 0.587 * y[at + 1] + 0.114 * y[at + 2];
        for (let c = 0; c < 3; c++) y[at + c] = gray + (y[at + c] - gray) * s.saturation;
      }
      for (let c = 0; c < channels; c++) {
        if (o.noiseStd) y[at + c] += o.noiseStd * gaussian(s.key, C.noise + 2 * (p * channels + c));
        const dx = (p % width) - s.cutout[0];
        const dy = Math.floor(p / width) - s.cutout[1];
        if (o.cutout && dx >= 0 && dy >= 0 && dx < o.cutout && dy < o.cutout) y[at + c] = o.cutoutValue ?? 0;
      }
    }
  }
  return y;
}
