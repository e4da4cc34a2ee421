//! `Backend::Simd128`: four lanes through the `wide` crate, which picks SSE2
//! on x86-64, NEON on aarch64, simd128 on wasm (when compiled with
//! `+simd128`) and plain arrays elsewhere, all at compile time. No
//! `unsafe` here: `wide` is the safe layer.

use super::{IntLanes, Lanes};
use wide::{f32x4, i32x4};

impl IntLanes for i32x4 {
    #[inline(always)]
    fn splat(v: i32) -> Self {
        i32x4::splat(v)
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self + o
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        self - o
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        self << (N as u32)
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        self >> (N as u32)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        i32x4::min(self, o)
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        i32x4::max(self, o)
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        self | o
    }
}

impl Lanes for f32x4 {
    const LANES: usize = 4;
    // Mirrors `wide`'s own choice in `f32x4::mul_add`: fused with x86 FMA
    // enabled at compile time, and on aarch64 NEON; separate otherwise.
    const FMA: bool = cfg!(any(
        all(target_feature = "sse2", target_feature = "fma"),
        all(target_arch = "aarch64", target_feature = "neon")
    ));
    type Mask = f32x4;
    type Int = i32x4;
    type Tail = Self;
    type Rows = Self;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        f32x4::splat(v)
    }
    #[inline(always)]
    fn load_or(src: &[f32], fill: f32) -> Self {
        match src.first_chunk::<4>() {
            Some(a) => f32x4::new(*a),
            // Lane by lane from registers, not through a stack array that
            // a full-width load would then read (a store-forwarding stall:
            // `relu` on one element took 2.6x the Scalar backend's time in
            // `benches/peers`).
            None => f32x4::new(match *src {
                [a, b, c, ..] => [a, b, c, fill],
                [a, b] => [a, b, fill, fill],
                [a] => [a, fill, fill, fill],
                [] => [fill; 4],
            }),
        }
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        let a = self.to_array();
        match dst.first_chunk_mut::<4>() {
            Some(d) => *d = a,
            None => {
                for (d, a) in dst.iter_mut().zip(a) {
                    *d = a;
                }
            }
        }
    }
    #[inline(always)]
    fn load_u16_or(src: &[u16], fill: u16) -> i32x4 {
        match src.first_chunk::<4>() {
            Some(a) => i32x4::new(a.map(i32::from)),
            None => i32x4::new(super::u16_prefix_or::<4>(src, fill).map(i32::from)),
        }
    }
    #[inline(always)]
    fn store_u16(v: i32x4, dst: &mut [u16]) {
        let a = v.to_array().map(|x| x as u16);
        match dst.first_chunk_mut::<4>() {
            Some(d) => *d = a,
            None => super::u16_store_prefix(a, dst),
        }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f32x4::mul_add(self, a, b)
    }
    // What `fast_min(a, b)` / `fast_max(a, b)` return for a NaN lane
    // (wide 1.x): x86 minps/maxps give `b`; NEON gives NaN; wasm pmin gives
    // `a`, pmax gives `a`; the portable fallback gives `b` for min and `a`
    // for max. The operand orders below make NaN in `o` come out as NaN on
    // each (the wasm, thumb and aarch64 test runs check it).
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
            f32x4::fast_min(o, self)
        } else {
            f32x4::fast_min(self, o)
        }
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
            f32x4::fast_max(self, o)
        } else {
            f32x4::fast_max(o, self)
        }
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f32x4::abs(self)
    }
    #[inline(always)]
    fn lt(self, o: Self) -> f32x4 {
        self.simd_lt(o)
    }
    #[inline(always)]
    fn le(self, o: Self) -> f32x4 {
        self.simd_le(o)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> f32x4 {
        self.simd_ge(o)
    }
    #[inline(always)]
    fn not_lt(self, o: Self) -> f32x4 {
        !self.simd_lt(o)
    }
    #[inline(always)]
    fn is_nan(self) -> f32x4 {
        f32x4::is_nan(self)
    }
    #[inline(always)]
    fn mask_or(a: f32x4, b: f32x4) -> f32x4 {
        a | b
    }
    #[inline(always)]
    fn all(m: f32x4) -> bool {
        m.all()
    }
    #[inline(always)]
    fn select(m: f32x4, t: Self, f: Self) -> Self {
        m.select(t, f)
    }
    #[inline(always)]
    fn to_bits(self) -> i32x4 {
        wide::bytemuck::cast(self)
    }
    #[inline(always)]
    fn from_bits(i: i32x4) -> Self {
        wide::bytemuck::cast(i)
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        let a = self.to_array();
        let m = if a[0] > a[1] { a[0] } else { a[1] };
        let n = if a[2] > a[3] { a[2] } else { a[3] };
        if m > n { m } else { n }
    }
}
