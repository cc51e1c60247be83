import gatherWgsl from '../../shaders/gather.wgsl';
import gatherBytesWgsl from '../../shaders/gather-bytes.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';

const GATHER_PARAMS = { batchRows: 'u32', rowWords: 'u32', sourceRows: 'u32' } as const;

export interface GatherConstants extends Record<string, number | boolean> {
  WG: number;
}

/**
 * Gathers a batch of rows from a GPU-resident data set by shuffled indices: source u32 words
 * [N·rowWords], indices u32 [N] → batch u32 [B·rowWords], batch[b] = source[indices[step.batchStart + b]]
 * for b < step.validRows, zero rows after (the padding of a partial last batch). Words move bit for bit
 * (bind f32 images or u32 labels alike). Indices ≥ sourceRows, and positions past the end of the
 * bound `indices`, give zero rows. Per-step uniform: yes (batchStart, validRows).
 */
export const gather = defineKernel<GatherConstants, typeof GATHER_PARAMS>({
  label: 'gather.rows', wgsl: [gridWgsl, stepWgsl, gatherWgsl], entryPoint: 'gather',
  inputs: ['source', 'indices'], outputs: ['batch'], params: GATHER_PARAMS, step: true,
});

/** Plans a gather of `batchRows` rows of `rowWords` 32-bit words from a source of `sourceRows` rows. */
export function planGather(batchRows: number, rowWords: number, sourceRows: number, caps: DeviceCaps): Plan<GatherConstants, typeof GATHER_PARAMS> {
  if ([batchRows, rowWords, sourceRows].some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ShapeError('gather', `expected batchRows, rowWords and sourceRows ≥ 1 (got ${batchRows}, ${rowWords}, ${sourceRows})`);
  }
  if (batchRows * rowWords > 0xffffffff || sourceRows * rowWords > 0xffffffff) {
    throw new ShapeError('gather', `word offsets exceed 32 bits (batch ${batchRows}×${rowWords}, source ${sourceRows}×${rowWords})`);
  }
  const wg = workgroupInvocations(caps);
  return {
    constants: { WG: wg },
    params: { batchRows, rowWords, sourceRows },
    workgroups: grid1d(Math.ceil((batchRows * rowWords) / wg), caps, 'gather'),
  };
}

const GATHER_BYTES_PARAMS = { batchRows: 'u32', rowLength: 'u32', rowWords: 'u32', sourceRows: 'u32', scale: 'f32', offset: 'f32' } as const;

/**
 * Gathers a batch from a data set stored as bytes (rows padded to whole u32 words) and converts
 * it to f32 as byte · scale + offset: source u32 [N·rowWords], indices u32 [N] → batch f32
 * [B·rowLength]. Data sets of 8-bit images take a quarter of the GPU memory this way. Per-step
 * uniform: yes.
 */
export const gatherBytes = defineKernel<GatherConstants, typeof GATHER_BYTES_PARAMS>({
  label: 'gather.bytes', wgsl: [gridWgsl, stepWgsl, gatherBytesWgsl], entryPoint: 'gatherBytes',
  inputs: ['source', 'indices'], outputs: ['batch'], params: GATHER_BYTES_PARAMS, step: true,
});

/** Plans a byte gather of `batchRows` rows of `rowLength` bytes (stored in ⌈rowLength/4⌉ words each). */
export function planGatherBytes(batchRows: number, rowLength: number, sourceRows: number, scale: number, offset: number, caps: DeviceCaps): Plan<GatherConstants, typeof GATHER_BYTES_PARAMS> {
  if ([batchRows, rowLength, sourceRows].some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ShapeError('gather (bytes)', `expected batchRows, rowLength and sourceRows ≥ 1 (got ${batchRows}, ${rowLength}, ${sourceRows})`);
  }
  const rowWords = Math.ceil(rowLength / 4);
  if (batchRows * rowLength > 0xffffffff || sourceRows * rowWords > 0xffffffff) {
    throw new ShapeError('gather (bytes)', `offsets exceed 32 bits (batch ${batchRows}×${rowLength}, source ${sourceRows}×${rowWords} words)`);
  }
  const wg = workgroupInvocations(caps);
  return {
    constants: { WG: wg },
    params: { batchRows, rowLength, rowWords, sourceRows, scale, offset },
    workgroups: grid1d(Math.ceil((batchRows * rowLength) / wg), caps, 'gather (bytes)'),
  };
}
