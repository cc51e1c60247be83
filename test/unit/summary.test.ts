import { describe, expect, it } from 'vitest';
import { dense, flatten, relu, sequential } from '../../src/nn/index.js';
import { summary } from '../../src/train/summary.js';

describe('model summary', () => {
  it('lists output shapes, parameters and FLOPs per layer', () => {
    const m = sequential([flatten(), dense({ units: 256, activation: 'relu' }), dense({ units: 10, trainable: false }), relu()]);
    const s = summary(m, [28, 28, 1]);
    expect(s.rows.map((r) => [r.layer, r.outputShape])).toEqual([
      ['flatten', [1, 784]], ['dense', [1, 256]], ['dense_1', [1, 10]], ['relu', [1, 10]],
    ]);
    expect(s.rows.map((r) => r.params)).toEqual([0, 784 * 256 + 256, 256 * 10 + 10, 0]);
    expect(s.totalParams).toBe(203530);
    expect(s.trainableParams).toBe(784 * 256 + 256);
    // dense: 2·784·256 multiply-adds + 256 bias adds + 256 relu
    expect(s.rows[1].flops).toBe(2 * 784 * 256 + 256 + 256);
    expect(s.rows[3].flops).toBe(10);
    expect(s.text).toContain('Total params: 203,530');
    expect(s.text).toMatch(/dense_1 \(dense\)\s+\[1, 10\]\s+2,570/);
  });
});
