// depthwise-conv2d/subgroup-window.wgsl — the row of a 3×3 window the subgroup kernels
// (forward-subgroup.wgsl, backward-input-subgroup.wgsl) read: groups of 8 lanes own 8 neighbouring
// columns, and a lane loads only what its neighbours cannot hand it through subgroup shuffles.
// The including file defines `windowSource(n, row, column, k)` (its tensor, zero outside).

// The 3 source columns iw0, iw0 + 1, iw0 + 2 of row ih that this lane's output column reads. With
// stride 1 a lane loads the centre and borrows left and right from its neighbours; with stride 2
// it loads left and centre and borrows right (the next lane's left). Lanes 0 and 7 of the 8 load
// what has no neighbour to come from.
fn windowRow(n: u32, ih: i32, iw0: i32, l8: u32, k: u32) -> array<vec4<f32>, 3> {
  if (strideW() == 1u) {
    let centre = windowSource(n, ih, iw0 + 1, k);
    var left = subgroupShuffleUp(centre, 1u);
    var right = subgroupShuffleDown(centre, 1u);
    if (l8 == 0u) {
      left = windowSource(n, ih, iw0, k);
    }
    if (l8 == 7u) {
      right = windowSource(n, ih, iw0 + 2, k);
    }
    return array<vec4<f32>, 3>(left, centre, right);
  }
  let left = windowSource(n, ih, iw0, k);
  let centre = windowSource(n, ih, iw0 + 1, k);
  var right = subgroupShuffleDown(left, 1u);
  if (l8 == 7u) {
    right = windowSource(n, ih, iw0 + 2, k);
  }
  return array<vec4<f32>, 3>(left, centre, right);
}
