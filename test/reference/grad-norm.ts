/** Float64 reference of the two grad-norm passes. */

/** Σ g² of each `chunk`-element slice of `grads` (gradNormPartials' output). */
export function gradNormPartialsRef(grads: ArrayLike<number>, chunk: number): Float64Array {
  const out = new Float64Array(Math.max(1, Math.ceil(grads.length / chunk)));
  for (let i = 0; i < grads.length; i++) out[Math.floor(i / chunk)] += grads[i] * grads[i];
  return out;
}

/** norm = √Σ g² over all pages; scale = min(1, maxNorm / (norm + 1e-6)), 1 without clipping, 0 when non-finite. */
export function gradNormRef(pages: readonly ArrayLike<number>[], maxNorm: number): { norm: number; scale: number; finite: boolean } {
  let sum = 0;
  for (const page of pages) for (let i = 0; i < page.length; i++) sum += page[i] * page[i];
  const norm = Math.sqrt(sum);
  const finite = Number.isFinite(norm);
  const scale = !finite ? 0 : maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  return { norm, scale, finite };
}
