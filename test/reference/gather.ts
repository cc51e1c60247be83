/** batch[b·rowWords + j] = source[indices[batchStart + b]·rowWords + j] for valid rows with in-range indices, else 0. */
export function gatherRef(
  source: Uint32Array, indices: Uint32Array, batchRows: number, rowWords: number, sourceRows: number,
  step: { batchStart: number; validRows: number },
): Uint32Array {
  const out = new Uint32Array(batchRows * rowWords);
  for (let b = 0; b < Math.min(batchRows, step.validRows); b++) {
    const at = step.batchStart + b;
    if (at >= indices.length) continue;
    const row = indices[at];
    if (row >= sourceRows) continue;
    for (let j = 0; j < rowWords; j++) out[b * rowWords + j] = source[row * rowWords + j];
  }
  return out;
}

/** batch[b, j] = byte j of source row indices[batchStart + b] · scale + offset (rows padded to words), 0 past validRows or for bad indices. */
export function gatherBytesRef(source: Uint8Array, rowLength: number, indices: ArrayLike<number>, batchRows: number, sourceRows: number,
  step: { batchStart: number; validRows: number }, scale: number, offset: number): Float32Array {
  const stride = Math.ceil(rowLength / 4) * 4;
  const out = new Float32Array(batchRows * rowLength);
  for (let b = 0; b < batchRows && b < step.validRows; b++) {
    const at = step.batchStart + b;
    if (at >= indices.length || indices[at] >= sourceRows) continue;
    for (let j = 0; j < rowLength; j++) out[b * rowLength + j] = Math.fround(Math.fround(source[indices[at] * stride + j] * Math.fround(scale)) + Math.fround(offset));
  }
  return out;
}
