// depthwise-conv2d/subgroup-window.wgsl — the row of a 3×3 window the subgroup kernels
// (forward-subgroup.wgsl, backward-input-subgroup.wgsl) read: groups of 8 lanes own 8 neighbouring
// columns, and a lane loads only what its neighbours cannot hand it through subgroup shuffles.
// The including file declares `w` and defines `windowSource(n, row, column, k)` (its tensor, zero
// outside).

// Strip s of a [batch, rows, cols] plane cut into strips of 8 columns × stripRows rows: (n, first
// row, this lane's column).
fn subgroupStrip(s: u32, l8: u32, rows: u32, cols: u32, stripRows: u32) -> vec3<u32> {
  let colBlocks = (cols + 7u) / 8u;
  let rowBlocks = (rows + stripRows - 1u) / stripRows;
  return vec3<u32>(s / (colBlocks * rowBlocks), ((s / colBlocks) % rowBlocks) * stripRows, (s % colBlocks) * 8u + l8);
}

// The 9 taps of channel vec4 k: taps 0–7 loaded by the lane of that number (lanes past 8 repeat
// lanes 0–7) and handed out by `subgroupBroadcast`; tap 8 every lane loads.
fn subgroupTaps(k: u32, c4: u32, l8: u32) -> array<vec4<f32>, 9> {
  let wl = w[l8 * c4 + k];
  return array<vec4<f32>, 9>(
    subgroupBroadcast(wl, 0u), subgroupBroadcast(wl, 1u), subgroupBroadcast(wl, 2u),
    subgroupBroadcast(wl, 3u), subgroupBroadcast(wl, 4u), subgroupBroadcast(wl, 5u),
    subgroupBroadcast(wl, 6u), subgroupBroadcast(wl, 7u), w[8u * c4 + k]);
}

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
