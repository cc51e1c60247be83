// resample/zero-padding.wgsl — y[n,oh,ow,c] = x[n, oh − offH, ow − offW, c] where that cell lies
// inside x, else 0: zero padding (Keras ZeroPadding2D, torch.nn.functional.pad) with offsets
// (top, left) > 0, cropping (Keras Cropping2D, the padding's gradient) with negative offsets.
// Layouts: x [N,inH,inW,C], y [N,outH,outW,C]. Mapping: one output per invocation, 1-D over
// count = N·outH·outW·C, grid1d workgroups.
// Bindings: g0 b0 x · b1 y · g1 b0 params. Entry: zeroPadding2dForward.

struct Params {
  count: u32,
  channels: u32,
  inH: u32,
  inW: u32,
  outH: u32,
  outW: u32,
  offH: i32,
  offW: i32,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn zeroPadding2dForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let c = i % params.channels;
  let p = i / params.channels;
  let ow = p % params.outW;
  let q = p / params.outW;
  let ih = i32(q % params.outH) - params.offH;
  let iw = i32(ow) - params.offW;
  let n = q / params.outH;
  var v = 0.0;
  if (ih >= 0 && ih < i32(params.inH) && iw >= 0 && iw < i32(params.inW)) {
    v = x[((n * params.inH + u32(ih)) * params.inW + u32(iw)) * params.channels + c];
  }
  y[i] = v;
}
