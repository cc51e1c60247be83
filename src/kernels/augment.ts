import hashWgsl from '../../shaders/common/hash.wgsl';
import augmentWgsl from '../../shaders/augment/augment.wgsl';
import randomWgsl from '../../shaders/augment/random.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError, ValueError } from '../errors.js';
import { checkGrid, defineKernel, workgroupInvocations, type Plan } from './kernel.js';
import type { Shape } from './shape.js';

/**
 * Random augmentation of a training batch, in the words of Keras's `ImageDataGenerator` and
 * preprocessing layers (`RandomRotation`, `RandomZoom`, `RandomTranslation`, `RandomFlip`,
 * `RandomBrightness`, `RandomContrast`) and torchvision's `RandomAffine`, `RandomCrop(padding)`,
 * `ColorJitter` and Cutout (DeVries & Taylor, 2017). Every stage is off unless its option is set;
 * each sample draws its own parameters on the GPU from (seed, step, row in the batch), so a step
 * is reproducible and nothing but the per-step uniform is uploaded.
 *
 * Order: affine (flip, zoom, shear, rotation, shift, about the image centre, bilinear) → crop →
 * brightness → contrast → saturation → noise → cutout. Values are not clamped, so standardised
 * inputs work (choose fillValue and cutoutValue to suit them).
 */
export interface AugmentOptions {
  /** Rotation angle in degrees, uniform in [−rotation, rotation] (Keras `rotation_range`). */
  rotation?: number;
  /**
   * Scale of the content: uniform in [1 − zoom, 1 + zoom], or in [min, max]; above 1 enlarges
   * (torchvision `RandomAffine(scale=...)`; Keras's `zoom_range` uses the reciprocal).
   */
  zoom?: number | readonly [number, number];
  /** Horizontal shift as a fraction of the width, uniform in [−widthShift, widthShift] (Keras `width_shift_range`). */
  widthShift?: number;
  /** Vertical shift as a fraction of the height (Keras `height_shift_range`). */
  heightShift?: number;
  /** Shear angle in degrees along x, uniform in [−shear, shear] (Keras `shear_range`). */
  shear?: number;
  /** Mirror left–right with probability ½ (Keras `horizontal_flip`). */
  horizontalFlip?: boolean;
  /** Mirror top–bottom with probability ½ (Keras `vertical_flip`). */
  verticalFlip?: boolean;
  /** What the affine transform samples outside the image: `fillValue`, or the nearest edge pixel (Keras `fill_mode`). */
  fillMode?: 'constant' | 'nearest';
  /** The value outside the image for `fillMode: 'constant'` (Keras `cval`); default 0. */
  fillValue?: number;
  /** Pad with zeros by this many pixels on every side, then crop the original size at random (torchvision `RandomCrop(size, padding)`). */
  cropPadding?: number;
  /** Adds δ uniform in [−brightness, brightness] to every value (TF `random_brightness(max_delta)`). */
  brightness?: number;
  /** Scales each channel's deviation from its mean over the image by f in [1 − contrast, 1 + contrast] (Keras `RandomContrast`). */
  contrast?: number;
  /** Blends RGB with its grayscale by f in [1 − saturation, 1 + saturation] (torchvision `ColorJitter(saturation)`); 3 channels only. */
  saturation?: number;
  /** Adds Gaussian noise of this standard deviation to every value (Keras `GaussianNoise(stddev)`). */
  noiseStd?: number;
  /** Side in pixels of a square, centred at a random pixel and clipped by the border, set to `cutoutValue` (Cutout). */
  cutout?: number;
  /** The value of the cutout square; default 0 (the mean of standardised inputs). */
  cutoutValue?: number;
}

const AUGMENT_PARAMS = {
  batch: 'u32', height: 'u32', width: 'u32', channels: 'u32', pixelsPerGroup: 'u32', cropPadding: 'u32', cutout: 'u32',
  rotation: 'f32', zoomMin: 'f32', zoomMax: 'f32', widthShift: 'f32', heightShift: 'f32', shear: 'f32', fillValue: 'f32',
  brightness: 'f32', contrast: 'f32', saturation: 'f32', noiseStd: 'f32', cutoutValue: 'f32',
} as const;

/** Which stages are compiled in (override flags) and the workgroup size. */
export interface AugmentConstants extends Record<string, number | boolean> {
  WG: number;
  ROTATE: boolean;
  ZOOM: boolean;
  SHIFT: boolean;
  SHEAR: boolean;
  HORIZONTAL_FLIP: boolean;
  VERTICAL_FLIP: boolean;
  FILL_NEAREST: boolean;
  CROP: boolean;
  BRIGHTNESS: boolean;
  CONTRAST: boolean;
  SATURATION: boolean;
  NOISE: boolean;
  CUTOUT: boolean;
}

/**
 * Augments a batch: x f32 [B, H, W, C] NHWC → y f32 [B, H, W, C], one dispatch, parameters per
 * sample from the counter-based RNG of shaders/augment/random.wgsl keyed by (step.seed,
 * step.index, b). Per-step uniform: yes (seed, index). x and y must be different ranges.
 */
export const augment = defineKernel<AugmentConstants, typeof AUGMENT_PARAMS>({
  label: 'augment.batch', wgsl: [stepWgsl, hashWgsl, randomWgsl, augmentWgsl], entryPoint: 'augment',
  inputs: ['x'], outputs: ['y'], params: AUGMENT_PARAMS, step: true,
});

/** Pixels an invocation handles when a sample is split over several workgroups. */
const PIXELS_PER_INVOCATION = 4;

function nonNegative(where: string, name: string, value: number | undefined, max = Infinity): number {
  const v = value ?? 0;
  if (!(Number.isFinite(v) && v >= 0 && v <= max)) throw new ValueError(where, `${name} must be in [0, ${max}] (got ${value})`);
  return v;
}

function zoomRange(where: string, zoom: AugmentOptions['zoom']): [number, number] {
  if (zoom === undefined) return [1, 1];
  const [lo, hi] = typeof zoom === 'number' ? [1 - zoom, 1 + zoom] : zoom;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0 && lo <= hi)) {
    throw new ValueError(where, `zoom must give a scale range 0 < min ≤ max (got [${lo}, ${hi}])`, 'a number z means [1 − z, 1 + z], so z < 1');
  }
  return [lo, hi];
}

/**
 * Plans the augmentation of a batch of `shape` [B, H, W, C]. Validates the options (ValueError
 * for a range outside its domain, ShapeError for saturation without 3 channels). Stages whose
 * option is unset or zero are compiled out; with every stage off the kernel copies x to y.
 */
export function planAugment(shape: Shape, options: AugmentOptions, caps: DeviceCaps): Plan<AugmentConstants, typeof AUGMENT_PARAMS> {
  const where = 'augment';
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(where, `expected an NHWC batch [batch, height, width, channels] (got [${shape}])`, 'augmentation applies to image inputs');
  }
  const [batch, height, width, channels] = shape;
  if (height > 65535 || width > 65535) throw new ShapeError(where, `images up to 65535 pixels a side (got ${height}×${width})`);
  if (batch * height * width * channels * 4 > 2 ** 32 - 4) throw new ShapeError(where, `the batch [${shape}] exceeds 32-bit word offsets`);
  const o = options;
  const rotation = nonNegative(where, 'rotation', o.rotation, 180);
  const [zoomMin, zoomMax] = zoomRange(where, o.zoom);
  const widthShift = nonNegative(where, 'widthShift', o.widthShift, 1);
  const heightShift = nonNegative(where, 'heightShift', o.heightShift, 1);
  const shear = nonNegative(where, 'shear', o.shear, 89);
  const cropPadding = nonNegative(where, 'cropPadding', o.cropPadding, 32767);
  const cutout = nonNegative(where, 'cutout', o.cutout, Math.max(height, width));
  if (!Number.isInteger(cropPadding) || !Number.isInteger(cutout)) throw new ValueError(where, `cropPadding and cutout are whole pixels (got ${cropPadding}, ${cutout})`);
  const brightness = nonNegative(where, 'brightness', o.brightness);
  const contrast = nonNegative(where, 'contrast', o.contrast);
  const saturation = nonNegative(where, 'saturation', o.saturation);
  const noiseStd = nonNegative(where, 'noiseStd', o.noiseStd);
  if (saturation > 0 && channels !== 3) throw new ShapeError(where, `saturation needs RGB images (expected 3 channels, got ${channels})`);
  const fillMode = o.fillMode ?? 'constant';
  if (fillMode !== 'constant' && fillMode !== 'nearest') throw new ValueError(where, `fillMode must be 'constant' or 'nearest' (got '${String(fillMode)}')`);
  const fillValue = o.fillValue ?? 0;
  const cutoutValue = o.cutoutValue ?? 0;
  if (!Number.isFinite(fillValue) || !Number.isFinite(cutoutValue)) throw new ValueError(where, `fillValue and cutoutValue must be finite (got ${fillValue}, ${cutoutValue})`);

  const wg = workgroupInvocations(caps);
  const pixels = height * width;
  const CONTRAST = contrast > 0;
  // Contrast needs the whole sample in one workgroup (its per-channel mean is a reduction).
  const pixelsPerGroup = CONTRAST ? pixels : wg * PIXELS_PER_INVOCATION;
  const workgroups: [number, number, number] = [Math.ceil(pixels / pixelsPerGroup), batch, 1];
  checkGrid(workgroups, caps, where);
  return {
    constants: {
      WG: wg, ROTATE: rotation > 0, ZOOM: zoomMin !== 1 || zoomMax !== 1, SHIFT: widthShift > 0 || heightShift > 0, SHEAR: shear > 0,
      HORIZONTAL_FLIP: o.horizontalFlip === true, VERTICAL_FLIP: o.verticalFlip === true, FILL_NEAREST: fillMode === 'nearest',
      CROP: cropPadding > 0, BRIGHTNESS: brightness > 0, CONTRAST, SATURATION: saturation > 0, NOISE: noiseStd > 0, CUTOUT: cutout > 0,
    },
    params: {
      batch, height, width, channels, pixelsPerGroup, cropPadding, cutout, rotation, zoomMin, zoomMax,
      widthShift: widthShift * width, heightShift: heightShift * height, shear, fillValue, brightness, contrast, saturation, noiseStd, cutoutValue,
    },
    workgroups,
  };
}
