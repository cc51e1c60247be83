import type { Initializer } from './layer.js';

function normal(random: () => number): number {
  // Box–Muller on (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Keras' default for kernels: U(−l, l) with l = √(6 / (fanIn + fanOut)). */
export function glorotUniform(): Initializer {
  return {
    name: 'glorotUniform',
    fill(n, fanIn, fanOut, random) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (2 * random() - 1) * limit;
      return out;
    },
  };
}

/** He (Kaiming) normal, truncated at 2σ as in Keras: σ = √(2 / fanIn). Suited to relu networks. */
export function heNormal(): Initializer {
  return {
    name: 'heNormal',
    fill(n, fanIn, _fanOut, random) {
      const std = Math.sqrt(2 / fanIn) / 0.8796256610342398; // variance correction for truncation
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let z = normal(random);
        while (Math.abs(z) > 2) z = normal(random);
        out[i] = z * std;
      }
      return out;
    },
  };
}

export function zeros(): Initializer {
  return { name: 'zeros', fill: (n) => new Float32Array(n) };
}

export function ones(): Initializer {
  return { name: 'ones', fill: (n) => new Float32Array(n).fill(1) };
}

/** Fixed values, e.g. pretrained weights. */
export function fromValues(values: Float32Array): Initializer {
  return {
    name: 'fromValues',
    fill(n) {
      if (values.length !== n) throw new Error(`fromValues: expected ${n} values, got ${values.length}`);
      return values.slice();
    },
  };
}
