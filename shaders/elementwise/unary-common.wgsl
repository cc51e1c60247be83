// elementwise/unary-common.wgsl — what the activation kernels share (unary.wgsl,
// unary-backward.wgsl and their vec4 forms): the uniform block and the constants. `count` is in
// elements of the kernel's views (vec4 for the vec4 forms).

struct Params {
  count: u32,
  alpha: f32,
}

override WG: u32 = 128;
override ELEMS: u32 = 4;
override ACTIVATION: u32 = 0;
