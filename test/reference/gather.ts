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
