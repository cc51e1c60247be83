// common/hash.wgsl — lowbias32 (Chris Wellons), the integer hash behind every counter-based random
// number in the shaders (dropout masks, augmentation draws): stateless, so a backward pass or a
// CPU reference regenerates exactly the same bits from the same keys.
fn lowbias32(v: u32) -> u32 {
  var h = v;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
