// common/grid.wgsl — linear workgroup index for 1-D work split over a 2-D dispatch grid, because
// one dimension holds at most maxComputeWorkgroupsPerDimension (65,535) workgroups.
fn linearWorkgroup(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}
