// resample/channel-copy.wgsl — dst[r, dstOffset + c] = src[r, srcOffset + c] for c < width, over
// rows r (N·H·W for NHWC): one input of a channel concatenation written into its slice of the
// output (Keras Concatenate, torch.cat(dim=-1)), or that slice read back out (its gradient). A
// concatenation of k tensors is k dispatches, each binding one input and the output, so any k
// fits the storage-buffer limit; other channels of dst are left as they are.
// Layouts: src [rows, srcChannels], dst [rows, dstChannels], channels last. Mapping: one element
// per invocation, 1-D over count = rows·width, grid1d workgroups.
// Bindings: g0 b0 src · b1 dst · g1 b0 params. Entry: channelCopyForward.

struct Params {
  count: u32,
  width: u32,
  srcChannels: u32,
  srcOffset: u32,
  dstChannels: u32,
  dstOffset: u32,
}

@group(0) @binding(0) var<storage, read_write> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn channelCopyForward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.count) {
    return;
  }
  let r = i / params.width;
  let c = i % params.width;
  dst[r * params.dstChannels + params.dstOffset + c] = src[r * params.srcChannels + params.srcOffset + c];
}
