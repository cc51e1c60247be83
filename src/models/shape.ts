import { Graph, type Value } from '../graph/ir.js';
import { shapeString, type Shape } from '../kernels/shape.js';
import { ValueError } from '../errors.js';
import type { Model } from '../nn/sequential.js';
import type { SymbolicTensor } from '../nn/functional.js';
import { TraceContext, type Initializer } from '../nn/layer.js';

/**
 * A trace context for shape inference only: every parameter is a fresh graph value, so layers
 * that are not named yet (all called `''` until `nn.model` names them) do not collide as if
 * they shared weights. Nothing is initialised.
 */
class ShapeProbe extends TraceContext {
  constructor(graph: Graph) {
    super(graph, false, () => new Float32Array(0));
  }

  override param(name: string, shape: Shape, _init: Initializer, _trainable: boolean): Value {
    return this.graph.param(name, shape);
  }
}

/** Shapes already inferred, per symbolic tensor (symbolic tensors are immutable). */
const known = new WeakMap<SymbolicTensor, Shape>();

/**
 * The shape one sample of `t` will have (without the batch axis), inferred by tracing the layers
 * it depends on for a batch of one in inference mode. Blocks use it where the architecture
 * depends on the input (a projection shortcut when channels change, MobileNetV2's expansion
 * width) — what Keras reads from `backend.int_shape(x)`. Tensors already probed are cut off as
 * graph inputs, so probing block after block stays linear in the model's size.
 * Throws the layer's ShapeError when the layers before `t` do not fit together.
 */
export function symbolicShape(t: SymbolicTensor): Shape {
  const cached = known.get(t);
  if (cached) return cached;
  const graph = new Graph();
  const ctx = new ShapeProbe(graph);
  const values = new Map<SymbolicTensor, Value>();
  const visit = (s: SymbolicTensor): Value => {
    const done = values.get(s);
    if (done) return done;
    const shape = known.get(s) ?? s.inputShape;
    let v: Value;
    if (shape) {
      v = graph.input('x', [1, ...shape]);
    } else {
      const ins = s.inputs.map(visit);
      const layer = s.producer!;
      v = 'callMany' in layer ? layer.callMany(ins, ctx) : layer.call(ins[0], ctx);
      known.set(s, v.shape.slice(1));
    }
    values.set(s, v);
    return v;
  };
  return visit(t).shape.slice(1);
}

/** What every zoo constructor returns: a functional model that knows its sample shape. */
export type ZooModel = Model & { readonly inputShape: Shape };

/** Validates a zoo model's `inputShape` ([height, width, channels], each at least `minSize`) and `classes`. */
export function checkZooOptions(where: string, inputShape: Shape, classes: number, minSize: number): void {
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ValueError(where, `inputShape must be [height, width, channels] of positive integers (got ${shapeString(inputShape)})`);
  }
  if (inputShape[0] < minSize || inputShape[1] < minSize) {
    throw new ValueError(where, `input height and width must be at least ${minSize} (got ${shapeString(inputShape)})`, 'smaller images shrink to nothing before the classifier');
  }
  if (!Number.isInteger(classes) || classes < 1) throw new ValueError(where, `classes must be a positive integer (got ${classes})`);
}
