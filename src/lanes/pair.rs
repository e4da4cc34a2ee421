//! `Pair<V>`: two vectors driven in lockstep, so that every step of a kernel
//! is issued for both before the next step starts. Out-of-order cores only
//! overlap independent work that is close together in the instruction
//! stream; a kernel whose dependency chain is long (the exponential's is ~60 cycles)
//! runs latency-bound when one whole vector is computed before the next.
//! Interleaving at the source level fixes that without touching a kernel.

use super::{IntLanes, Lanes};
use core::ops::{Add, Div, Mul, Neg, Sub};

#[derive(Clone, Copy)]
pub(crate) struct Pair<V>(V, V);

macro_rules! pair_op {
    ($tr:ident, $m:ident) => {
        impl<V: Lanes> $tr for Pair<V> {
            type Output = Pair<V>;
            #[inline(always)]
            fn $m(self, o: Self) -> Self {
                Pair(self.0.$m(o.0), self.1.$m(o.1))
            }
        }
    };
}
pair_op!(Add, add);
pair_op!(Sub, sub);
pair_op!(Mul, mul);
pair_op!(Div, div);

impl<V: Lanes> Neg for Pair<V> {
    type Output = Pair<V>;
    #[inline(always)]
    fn neg(self) -> Self {
        Pair(-self.0, -self.1)
    }
}

impl<I: IntLanes> IntLanes for Pair<I> {
    #[inline(always)]
    fn splat(v: i32) -> Self {
        Pair(I::splat(v), I::splat(v))
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Pair(self.0.add(o.0), self.1.add(o.1))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Pair(self.0.sub(o.0), self.1.sub(o.1))
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        Pair(self.0.shl::<N>(), self.1.shl::<N>())
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        Pair(self.0.shr::<N>(), self.1.shr::<N>())
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        Pair(self.0.min(o.0), self.1.min(o.1))
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        Pair(self.0.max(o.0), self.1.max(o.1))
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        Pair(self.0.and(o.0), self.1.and(o.1))
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        Pair(self.0.or(o.0), self.1.or(o.1))
    }
}

impl<V: Lanes> Lanes for Pair<V> {
    const LANES: usize = 2 * V::LANES;
    const FMA: bool = V::FMA;
    const CHEAP_SELECT: bool = V::CHEAP_SELECT;
    const TABLE32: bool = V::TABLE32;
    const BLOCKED_SUMS: bool = V::BLOCKED_SUMS;
    const SUBNORMAL_ASSISTS: bool = V::SUBNORMAL_ASSISTS;
    const BRANCH_PER_VECTOR: bool = V::BRANCH_PER_VECTOR;
    type Mask = Pair<V::Mask>;
    type Int = Pair<V::Int>;
    type Tail = V;
    type Rows = Self;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        Pair(V::splat(v), V::splat(v))
    }
    #[inline(always)]
    fn load_or(src: &[f32], fill: f32) -> Self {
        let (a, b) = src.split_at(src.len().min(V::LANES));
        Pair(V::load_or(a, fill), V::load_or(b, fill))
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        let (a, b) = dst.split_at_mut(dst.len().min(V::LANES));
        self.0.store(a);
        self.1.store(b);
    }
    #[inline(always)]
    fn load_u16_or(src: &[u16], fill: u16) -> Self::Int {
        let (a, b) = src.split_at(src.len().min(V::LANES));
        Pair(V::load_u16_or(a, fill), V::load_u16_or(b, fill))
    }
    #[inline(always)]
    fn store_u16(v: Self::Int, dst: &mut [u16]) {
        let (a, b) = dst.split_at_mut(dst.len().min(V::LANES));
        V::store_u16(v.0, a);
        V::store_u16(v.1, b);
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Pair(self.0.mul_add(a.0, b.0), self.1.mul_add(a.1, b.1))
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        Pair(self.0.min(o.0), self.1.min(o.1))
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        Pair(self.0.max(o.0), self.1.max(o.1))
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Pair(self.0.abs(), self.1.abs())
    }
    #[inline(always)]
    fn lt(self, o: Self) -> Self::Mask {
        Pair(self.0.lt(o.0), self.1.lt(o.1))
    }
    #[inline(always)]
    fn le(self, o: Self) -> Self::Mask {
        Pair(self.0.le(o.0), self.1.le(o.1))
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Self::Mask {
        Pair(self.0.ge(o.0), self.1.ge(o.1))
    }
    #[inline(always)]
    fn not_lt(self, o: Self) -> Self::Mask {
        Pair(self.0.not_lt(o.0), self.1.not_lt(o.1))
    }
    #[inline(always)]
    fn is_nan(self) -> Self::Mask {
        Pair(self.0.is_nan(), self.1.is_nan())
    }
    #[inline(always)]
    fn mask_or(a: Self::Mask, b: Self::Mask) -> Self::Mask {
        Pair(V::mask_or(a.0, b.0), V::mask_or(a.1, b.1))
    }
    #[inline(always)]
    fn all(m: Self::Mask) -> bool {
        V::all(m.0) && V::all(m.1)
    }
    #[inline(always)]
    fn select(m: Self::Mask, t: Self, f: Self) -> Self {
        Pair(V::select(m.0, t.0, f.0), V::select(m.1, t.1, f.1))
    }
    #[inline(always)]
    fn to_bits(self) -> Self::Int {
        Pair(self.0.to_bits(), self.1.to_bits())
    }
    #[inline(always)]
    fn from_bits(i: Self::Int) -> Self {
        Pair(V::from_bits(i.0), V::from_bits(i.1))
    }
    #[inline(always)]
    fn from_f16(h: Self::Int) -> Self {
        Pair(V::from_f16(h.0), V::from_f16(h.1))
    }
    #[inline(always)]
    fn to_f16(self) -> Self::Int {
        Pair(self.0.to_f16(), self.1.to_f16())
    }
    #[inline(always)]
    fn from_bf16(h: Self::Int) -> Self {
        Pair(V::from_bf16(h.0), V::from_bf16(h.1))
    }
    #[inline(always)]
    fn to_bf16(self) -> Self::Int {
        Pair(self.0.to_bf16(), self.1.to_bf16())
    }
    #[inline(always)]
    fn lookup32(self, table: &[f32; 32]) -> Self {
        Pair(self.0.lookup32(table), self.1.lookup32(table))
    }
    #[inline(always)]
    fn scale_floor(self, n: Self) -> Self {
        Pair(self.0.scale_floor(n.0), self.1.scale_floor(n.1))
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        let (a, b) = (self.0.reduce_max(), self.1.reduce_max());
        if a > b { a } else { b }
    }
}
