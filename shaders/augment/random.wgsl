// augment/random.wgsl — counter-based random numbers keyed by (seed, step, sample, counter): no
// state, no upload per step, and the same numbers wherever they are drawn. lowbias32 (Wellons)
// is the mixer; a sample's key chains it over a stream tag, the seed, the step index and the
// sample's row in the batch, and each draw mixes the key with its counter twice (lowbias32 is in
// common/hash.wgsl). Uniforms keep
// the top 24 bits, so they are exact in f32 and a float64 reference reproduces them bit for bit.
// Mirrored by test/reference/augment.ts.

const AUGMENT_STREAM: u32 = 0x41554721u;

fn sampleKey(seed: u32, stepIndex: u32, sample: u32) -> u32 {
  return lowbias32(lowbias32(lowbias32(AUGMENT_STREAM ^ seed) ^ stepIndex) ^ sample);
}

fn randomBits(key: u32, counter: u32) -> u32 {
  return lowbias32(lowbias32(key ^ counter));
}

// Uniform in [0, 1), multiples of 2⁻²⁴.
fn uniform01(key: u32, counter: u32) -> f32 {
  return f32(randomBits(key, counter) >> 8u) * (1.0 / 16777216.0);
}

fn uniformIn(key: u32, counter: u32, lo: f32, hi: f32) -> f32 {
  return lo + (hi - lo) * uniform01(key, counter);
}

// Standard normal by Box–Muller from draws `counter` and `counter + 1` (u1 in (0, 1]: no log(0)).
fn gaussian(key: u32, counter: u32) -> f32 {
  let u1 = f32((randomBits(key, counter) >> 8u) + 1u) * (1.0 / 16777216.0);
  let u2 = uniform01(key, counter + 1u);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
