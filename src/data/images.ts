import { ShapeError, ValueError } from '../errors.js';
import { fromArrays, type Dataset } from './dataset.js';

/** 8-bit RGBA pixels, row by row (the layout of `ImageData` and of the decoders' output). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** Options of the image loaders. */
export interface ImageOptions {
  /** Output [height, width]; images of another size are resized (bilinear). Default: the first image's size. */
  size?: readonly [number, number];
  /** 1 (luminance), 3 (RGB, the default) or 4 (RGBA). */
  channels?: 1 | 3 | 4;
}

/** What {@link fromImages} accepts: decoded pixels or anything a 2-D canvas can draw. */
export type ImageSource = RgbaImage | ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

export function checkImageOptions(where: string, o: ImageOptions): { channels: 1 | 3 | 4; size?: readonly [number, number] } {
  const channels = o.channels ?? 3;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new ValueError(where, `channels must be 1, 3 or 4 (got ${String(channels)})`);
  if (o.size && !(o.size.length === 2 && o.size.every((d) => Number.isInteger(d) && d > 0))) throw new ValueError(where, `size must be [height, width] in whole pixels (got [${o.size}])`);
  return { channels, size: o.size };
}

/**
 * Writes one image into `out` at `offset` as [height, width, channels] floats in [0, 1], resizing
 * with bilinear interpolation (half-pixel centres, as TF's `resize(..., 'bilinear')` and
 * PyTorch's `align_corners=False`, without antialiasing) when its size differs. Luminance is
 * ITU-R 601 (0.299 R + 0.587 G + 0.114 B, as PIL's 'L'); alpha is dropped unless 4 channels.
 */
export function writeSample(image: RgbaImage, height: number, width: number, channels: 1 | 3 | 4, out: Float32Array, offset: number): void {
  const { width: w, height: h, data } = image;
  const texel = (yy: number, xx: number, c: number) => data[(yy * w + xx) * 4 + c];
  const same = w === width && h === height;
  for (let oy = 0; oy < height; oy++) {
    const sy = Math.min(Math.max(((oy + 0.5) * h) / height - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let ox = 0; ox < width; ox++) {
      const sx = Math.min(Math.max(((ox + 0.5) * w) / width - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const rgba = [0, 1, 2, 3].map((c) => (same ? texel(oy, ox, c)
        : (1 - fy) * ((1 - fx) * texel(y0, x0, c) + fx * texel(y0, x1, c)) + fy * ((1 - fx) * texel(y1, x0, c) + fx * texel(y1, x1, c))) / 255);
      const at = offset + (oy * width + ox) * channels;
      if (channels === 1) out[at] = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2];
      else for (let c = 0; c < channels; c++) out[at + c] = rgba[c];
    }
  }
}

const isRgba = (image: ImageSource): image is RgbaImage => 'data' in image && typeof image.width === 'number';

/** Draws a canvas-drawable image at [height, width] and reads its pixels back. */
function drawn(image: ImageBitmap | HTMLCanvasElement | OffscreenCanvas, height: number, width: number, where: string): RgbaImage {
  const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; document?: Document };
  const canvas = g.OffscreenCanvas ? new g.OffscreenCanvas(width, height) : g.document?.createElement('canvas');
  if (!canvas) throw new ValueError(where, 'needs OffscreenCanvas or a document to draw images', 'pass ImageData-like { width, height, data } objects instead');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new ValueError(where, 'could not get a 2-D canvas context');
  ctx.drawImage(image, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

/**
 * A data set from browser images (`ImageData`, `ImageBitmap`, canvases) with one class index per
 * image, as [height, width, channels] in [0, 1]. Drawables are drawn into an OffscreenCanvas at
 * the output size (the browser resamples); pixel arrays are resized here when needed. Like
 * building a `tf.data` set from `tf.browser.fromPixels`.
 */
export function fromImages(images: readonly ImageSource[], labels: ArrayLike<number>, classes: number, options: ImageOptions = {}): Dataset {
  const where = 'datasets.fromImages';
  const { channels, size } = checkImageOptions(where, options);
  if (images.length === 0) throw new ValueError(where, 'no images');
  if (labels.length !== images.length) throw new ShapeError(where, `got ${images.length} images but ${labels.length} labels`);
  const [height, width] = size ?? [images[0].height, images[0].width];
  const per = height * width * channels;
  const x = new Float32Array(images.length * per);
  images.forEach((image, i) => {
    if (!(image.width > 0 && image.height > 0)) throw new ValueError(where, `image ${i} is empty (${image.width}×${image.height})`);
    if (!size && (image.width !== width || image.height !== height)) {
      throw new ShapeError(where, `image ${i} is ${image.width}×${image.height} but image 0 is ${width}×${height}`, 'pass size: [height, width] to resize every image');
    }
    const rgba = isRgba(image) ? image : drawn(image, height, width, where);
    if (rgba.data.length !== rgba.width * rgba.height * 4) throw new ShapeError(where, `image ${i}: ${rgba.data.length} bytes for ${rgba.width}×${rgba.height} RGBA (expected ${rgba.width * rgba.height * 4})`);
    writeSample(rgba, height, width, channels, x, i * per);
  });
  return fromArrays(x, Array.from(labels), [height, width, channels], classes);
}
