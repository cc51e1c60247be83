// gather.wgsl — builds a batch from a data set resident on the GPU: batch[b·rowWords + j] =
// source[indices[step.batchStart + b]·rowWords + j] for b < step.validRows, and 0 for the padding
// rows b ≥ validRows of a partial last batch. Rows are moved as 32-bit words, bit for bit, so f32
// images and u32 labels go through the same kernel. An index ≥ params.sourceRows, or a position
// past the end of `indices`, yields a zero row: nothing is read out of bounds.
// Mapping: one invocation per output word. Bindings: g0 b0 source · b1 indices · b2 batch ·
// g1 b0 params · b1 step. Entry: gather. Dispatch: grid1d(ceil(batchRows·rowWords / WG)).

struct Params {
  batchRows: u32,
  rowWords: u32,
  sourceRows: u32,
}

override WG: u32 = 128;

@group(0) @binding(0) var<storage, read_write> source: array<u32>;
@group(0) @binding(1) var<storage, read_write> indices: array<u32>;
@group(0) @binding(2) var<storage, read_write> batch: array<u32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn gather(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.batchRows * params.rowWords) {
    return;
  }
  let b = i / params.rowWords;
  let j = i - b * params.rowWords;
  var word = 0u;
  let at = step.batchStart + b;
  if (b < step.validRows && at < arrayLength(&indices)) {
    let row = indices[at];
    if (row < params.sourceRows) {
      word = source[row * params.rowWords + j];
    }
  }
  batch[i] = word;
}
