// Float64 references of the group-norm kernels (src/kernels/group-norm.ts): x viewed as
// [batch, positions, channels] with channels in groups; layer norm is positions 1, groups 1.
import type { GroupNormGeometry } from '../../src/kernels/group-norm.js';

function forEachGroup(g: GroupNormGeometry, f: (group: number, offsets: number[]) => void): void {
  for (let n = 0; n < g.batch; n++) {
    for (let k = 0; k < g.groups; k++) {
      const offsets: number[] = [];
      for (let p = 0; p < g.positions; p++) for (let j = 0; j < g.groupChannels; j++) offsets.push((n * g.positions + p) * g.channels + k * g.groupChannels + j);
      f(n * g.groups + k, offsets);
    }
  }
}

/** Per-group (mean, σ⁻¹) as s [N·G, 2]. */
export function groupNormStatsRef(x: ArrayLike<number>, g: GroupNormGeometry, epsilon: number): Float64Array {
  const s = new Float64Array(2 * g.batch * g.groups);
  forEachGroup(g, (w, offs) => {
    const mean = offs.reduce((a, i) => a + x[i], 0) / offs.length;
    const variance = offs.reduce((a, i) => a + (x[i] - mean) ** 2, 0) / offs.length;
    s[2 * w] = mean;
    s[2 * w + 1] = 1 / Math.sqrt(variance + epsilon);
  });
  return s;
}

/** y = (x − mean)·σ⁻¹·gamma[c] + beta[c], with gb [2, C] = (gamma, beta). */
export function groupNormForwardRef(x: ArrayLike<number>, gb: ArrayLike<number>, g: GroupNormGeometry, epsilon: number): { y: Float64Array; stats: Float64Array } {
  const stats = groupNormStatsRef(x, g, epsilon);
  const y = new Float64Array(x.length);
  forEachGroup(g, (w, offs) => {
    for (const i of offs) {
      const c = i % g.channels;
      y[i] = (x[i] - stats[2 * w]) * stats[2 * w + 1] * gb[c] + gb[g.channels + c];
    }
  });
  return { y, stats };
}

/** gx, and d [2, C] = (dgamma, dbeta). */
export function groupNormBackwardRef(gy: ArrayLike<number>, x: ArrayLike<number>, gb: ArrayLike<number>, g: GroupNormGeometry, epsilon: number): { gx: Float64Array; d: Float64Array } {
  const stats = groupNormStatsRef(x, g, epsilon);
  const gx = new Float64Array(x.length);
  const d = new Float64Array(2 * g.channels);
  forEachGroup(g, (w, offs) => {
    const [mean, inv] = [stats[2 * w], stats[2 * w + 1]];
    let sg = 0;
    let sgx = 0;
    for (const i of offs) {
      const c = i % g.channels;
      const xhat = (x[i] - mean) * inv;
      sg += gy[i] * gb[c];
      sgx += gy[i] * gb[c] * xhat;
      d[c] += gy[i] * xhat;
      d[g.channels + c] += gy[i];
    }
    const k = offs.length;
    for (const i of offs) {
      const xhat = (x[i] - mean) * inv;
      gx[i] = inv * (gy[i] * gb[i % g.channels] - sg / k - (xhat * sgx) / k);
    }
  });
  return { gx, d };
}
