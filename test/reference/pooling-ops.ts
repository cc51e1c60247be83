import type { Node } from '../../src/graph/ir.js';
import type { Pool2dBackwardAttrs, Pool2dAttrs, UpSampling2dAttrs, UpSampling2dBackwardAttrs, ChannelSliceAttrs } from '../../src/graph/ops/pooling.js';
import { globalPool2dGeometry, pool2dGeometry } from '../../src/kernels/pooling.js';
import { concatenateGeometry, cropping2dGeometry, upSampling2dGeometry, zeroPadding2dGeometry, type Padding2d } from '../../src/kernels/resample.js';
import type { ReferenceOp } from './interpreter.js';
import { avgPool2dBackwardRef, avgPool2dRef, maxPool2dBackwardRef, maxPool2dRef } from './pooling.js';
import { channelCopyRef, concatenateRef, shift2dRef, upSampling2dBackwardRef, upSampling2dRef } from './resample.js';

const attrs = <A>(node: Node) => node.attrs as unknown as A;

/** Float64 references of the pooling op family, by IR op name, for the graph interpreter. */
export const poolingReference: Record<string, ReferenceOp> = {
  maxPool2d: (node, [x]) => maxPool2dRef(x, pool2dGeometry(node.inputs[0].shape, attrs<Pool2dAttrs>(node))),
  maxPool2dBackward: (node, [x, , gy]) => maxPool2dBackwardRef(x, gy, pool2dGeometry(node.inputs[0].shape, attrs<Pool2dAttrs>(node))),
  avgPool2d: (node, [x]) => avgPool2dRef(x, pool2dGeometry(node.inputs[0].shape, attrs<Pool2dAttrs>(node))),
  avgPool2dBackward: (node, [gy]) => {
    const a = attrs<Pool2dBackwardAttrs>(node);
    return avgPool2dBackwardRef(gy, pool2dGeometry(a.inputShape, a));
  },
  globalAvgPool2d: (node, [x]) => avgPool2dRef(x, globalPool2dGeometry(node.inputs[0].shape)),
  upSampling2d: (node, [x]) => {
    const a = attrs<UpSampling2dAttrs>(node);
    return upSampling2dRef(x, upSampling2dGeometry(node.inputs[0].shape, a.size, a.interpolation));
  },
  upSampling2dBackward: (node, [gy]) => {
    const a = attrs<UpSampling2dBackwardAttrs>(node);
    return upSampling2dBackwardRef(gy, upSampling2dGeometry(a.inputShape, a.size, a.interpolation));
  },
  zeroPadding2d: (node, [x]) => shift2dRef(x, zeroPadding2dGeometry(node.inputs[0].shape, attrs<{ padding: Padding2d }>(node).padding)),
  cropping2d: (node, [x]) => shift2dRef(x, cropping2dGeometry(node.inputs[0].shape, attrs<{ cropping: Padding2d }>(node).cropping)),
  concatenate: (node, xs) => {
    const { rows } = concatenateGeometry(node.inputs.map((v) => v.shape));
    return concatenateRef(xs, rows, node.inputs.map((v) => v.shape[v.shape.length - 1]));
  },
  channelSlice: (node, [x]) => {
    const a = attrs<ChannelSliceAttrs>(node);
    const c = node.inputs[0].shape[node.inputs[0].shape.length - 1];
    return channelCopyRef(x, new Float64Array((x.length / c) * a.size), { rows: x.length / c, width: a.size, srcChannels: c, srcOffset: a.begin, dstChannels: a.size, dstOffset: 0 });
  },
};
