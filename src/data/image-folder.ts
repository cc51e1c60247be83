import { FormatError, ShapeError, ValueError } from '../errors.js';
import { fromArrays, type Dataset } from './dataset.js';
import { checkImageOptions, writeSample, type ImageOptions, type RgbaImage } from './images.js';
import { importNode } from './node.js';

type Fs = typeof import('node:fs/promises');
type PngModule = typeof import('pngjs');
interface JpegModule { decode(data: Uint8Array, options: Record<string, unknown>): RgbaImage }

const EXTENSIONS = /\.(png|jpe?g)$/i;

/** Decodes a PNG or JPEG by its signature (not its name). */
function decode(bytes: Uint8Array, file: string, png: PngModule, jpeg: JpegModule): RgbaImage {
  const isPng = bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) throw new FormatError(file, 'is neither a PNG nor a JPEG (unknown signature)');
  let image: RgbaImage;
  try {
    image = isPng
      ? png.PNG.sync.read(bytes as Buffer) // fs.readFile's Buffer
      // Bounds on what a hostile header may make the decoder allocate.
      : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 1024 });
  } catch (e) {
    throw new FormatError(file, `is not a decodable ${isPng ? 'PNG' : 'JPEG'} (${(e as Error).message})`);
  }
  if (!(image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) {
    throw new FormatError(file, `decoded to ${image.width}×${image.height} with ${image.data.length} bytes (expected ${image.width * image.height * 4})`);
  }
  return image;
}

async function listDir(fs: Fs, dir: string, where: string) {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw new ValueError(where, `cannot read folder ${dir} (${(e as Error).message})`);
  }
}

/**
 * Loads a folder of images laid out one subfolder per class (`path/<class>/<image>`), as
 * Keras's `image_dataset_from_directory` and torchvision's `ImageFolder`: classes are the
 * subfolder names in sorted order (label i = `classNames[i]`), images are every `.png`, `.jpg`
 * and `.jpeg` file in them (other files are ignored), decoded by their signature with the pure-JS
 * `pngjs` and `jpeg-js`, as [height, width, channels] in [0, 1]. With `size` every image is
 * resized (bilinear); without it all images must share one size. Node only.
 *
 * @throws {ValueError} for a folder without class subfolders or a class without images.
 * @throws {FormatError} naming the file for an image that does not decode.
 * @throws {ShapeError} for images of mixed sizes when `size` is not given.
 */
export async function imageFolder(path: string, options: ImageOptions = {}): Promise<Dataset & { readonly classNames: readonly string[] }> {
  const where = `datasets.imageFolder (${path})`;
  const { channels, size } = checkImageOptions(where, options);
  const fs = await importNode<Fs>('node:fs/promises', where);
  const png = await importNode<PngModule>('pngjs', where);
  const jpeg = await importNode<JpegModule>('jpeg-js', where);
  const classNames = (await listDir(fs, path, where)).filter((e) => e.isDirectory()).map((e) => e.name);
  if (classNames.length === 0) throw new ValueError(where, 'has no class subfolders', 'lay images out as <path>/<class name>/<image>.png');
  const files: { file: string; label: number }[] = [];
  for (const [label, name] of classNames.entries()) {
    const images = (await listDir(fs, `${path}/${name}`, where)).filter((e) => e.isFile() && EXTENSIONS.test(e.name));
    if (images.length === 0) throw new ValueError(where, `class folder '${name}' holds no .png, .jpg or .jpeg images`);
    for (const e of images) files.push({ file: `${path}/${name}/${e.name}`, label });
  }
  let shape: [number, number] | null = size ? [size[0], size[1]] : null;
  let first = '';
  let x = new Float32Array(0);
  for (const [i, { file }] of files.entries()) {
    const image = decode(await fs.readFile(file), file, png, jpeg);
    if (!shape) {
      shape = [image.height, image.width];
      first = file;
    } else if (!size && (image.height !== shape[0] || image.width !== shape[1])) {
      throw new ShapeError(where, `${file} is ${image.width}×${image.height} but ${first} is ${shape[1]}×${shape[0]}`, 'pass size: [height, width] to resize every image');
    }
    const per = shape[0] * shape[1] * channels;
    if (i === 0) x = new Float32Array(files.length * per);
    writeSample(image, shape[0], shape[1], channels, x, i * per);
  }
  const data = fromArrays(x, files.map((f) => f.label), [shape![0], shape![1], channels], classNames.length);
  return { ...data, classNames };
}
