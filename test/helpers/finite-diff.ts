/** Central-difference gradient of a scalar function in float64: (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε for each i. */
export function numericGrad(f: (x: Float64Array) => number, x: Float64Array, eps = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + eps;
    const up = f(probe);
    probe[i] = x[i] - eps;
    const down = f(probe);
    probe[i] = x[i];
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}
