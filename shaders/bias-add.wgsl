// bias-add.wgsl — y[r,c] = activate(ACTIVATION, x[r,c] + b[c], alpha) over [rows, channels]: the
// bias and activation of a layer whose producer did not fuse them. The bias gradient is
// Σ_r gy[r,c], a reduction over rows (reduce/forward.wgsl); gx is unaryBackward's.
// Layouts: x, y [rows, channels] row-major (channels last: NHWC flattened to rows = N·H·W), b
// [channels]. Mapping as elementwise/unary.wgsl: 1-D over count = rows·channels, WG·ELEMS
// elements per workgroup, 2-D grid of workgroups.
// Bindings: g0 b0 x · b1 b · b2 y · g1 b0 params. Entry: biasAddForward.

struct Params {
  count: u32,
  channels: u32,
  alpha: f32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;
override ELEMS: u32 = 4;
override ACTIVATION: u32 = 0;

@compute @workgroup_size(WG)
fn biasAddForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = linearWorkgroup(wid, nwg) * WG * ELEMS + lid;
  for (var k = 0u; k < ELEMS; k++) {
    let i = first + k * WG;
    if (i < params.count) {
      y[i] = activate(ACTIVATION, x[i] + b[i % params.channels], params.alpha);
    }
  }
}
