// gather-bytes.wgsl — builds an f32 batch from a data set stored on the GPU as bytes (4 per u32,
// little-endian, each row padded to a whole word): batch[b·rowLength + j] =
// f32(byte j of row indices[step.batchStart + b]) · params.scale + params.offset for b < step.validRows,
// and 0 for the padding rows of a partial last batch. scale/offset fold the [0, 255] → [0, 1]
// conversion and any standardisation. An index ≥ params.sourceRows gives a zero row.
// Mapping: one invocation per output value. Bindings: g0 b0 source · b1 indices · b2 batch ·
// g1 b0 params · b1 step. Entry: gatherBytes. Dispatch: grid1d(ceil(batchRows·rowLength / WG)).

struct Params {
  batchRows: u32,
  rowLength: u32,
  rowWords: u32,
  sourceRows: u32,
  scale: f32,
  offset: f32,
}

override WG: u32 = 128;

@group(0) @binding(0) var<storage, read_write> source: array<u32>;
@group(0) @binding(1) var<storage, read_write> indices: array<u32>;
@group(0) @binding(2) var<storage, read_write> batch: array<f32>;
@group(1) @binding(0) var<uniform> params: Params;

@compute @workgroup_size(WG, 1, 1)
fn gatherBytes(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearWorkgroup(wid, nwg) * WG + lid;
  if (i >= params.batchRows * params.rowLength) {
    return;
  }
  let b = i / params.rowLength;
  let j = i - b * params.rowLength;
  var value = 0.0;
  let at = step.batchStart + b;
  if (b < step.validRows && at < arrayLength(&indices)) {
    let row = indices[at];
    if (row < params.sourceRows) {
      let word = source[row * params.rowWords + j / 4u];
      value = f32((word >> (8u * (j % 4u))) & 0xffu) * params.scale + params.offset;
    }
  }
  batch[i] = value;
}
