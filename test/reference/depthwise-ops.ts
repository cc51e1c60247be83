import type { Activation } from '../../src/kernels/activation.js';
import { depthwiseConv2dGeometry, depthwiseFilterChunks, type DepthwiseConv2dAttrs } from '../../src/kernels/depthwise-conv2d.js';
import type { Shape } from '../../src/kernels/shape.js';
import { depthwiseConv2dBackwardFilterPartsRef, depthwiseConv2dBackwardInputRef, depthwiseConv2dRef } from './depthwise-conv2d.js';
import type { ReferenceOp } from './interpreter.js';

type Attrs = DepthwiseConv2dAttrs & { activation?: Activation; alpha?: number; inputShape?: Shape; filterShape?: Shape };

/** Float64 references of the depthwise op family, by IR op name, for the graph interpreter. */
export const depthwiseReference: Record<string, ReferenceOp> = {
  depthwiseConv2d(node, [x, w, b]) {
    const a = node.attrs as Attrs;
    const g = depthwiseConv2dGeometry(node.inputs[0].shape, node.inputs[1].shape, a);
    return depthwiseConv2dRef(g, x, w, b, a.activation ?? 'linear', a.alpha ?? 0.2);
  },
  depthwiseConv2dBackwardInput(node, [gy, w]) {
    const a = node.attrs as Attrs;
    return depthwiseConv2dBackwardInputRef(depthwiseConv2dGeometry(a.inputShape!, node.inputs[1].shape, a), gy, w);
  },
  depthwiseConv2dBackwardFilter(node, [x, gy]) {
    const a = node.attrs as Attrs;
    const g = depthwiseConv2dGeometry(node.inputs[0].shape, a.filterShape!, a);
    const { chunks, rowsPerChunk } = depthwiseFilterChunks(g);
    return depthwiseConv2dBackwardFilterPartsRef(g, x, gy, chunks, rowsPerChunk);
  },
};
