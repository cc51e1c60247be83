// matmul/params.wgsl — the uniform block and pipeline constants shared by every matmul kernel
// (core.wgsl's scalar variants and vec4.wgsl).

struct Params {
  m: u32,
  n: u32,
  k: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
  alpha: f32,
}

override WG_X: u32 = 16;
override WG_Y: u32 = 8;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACTIVATION: u32 = 0;
