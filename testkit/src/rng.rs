//! A small deterministic generator (SplitMix64) so test inputs are the same
//! on every run and every machine.

pub struct Rng(u64);

/// `n` values spread evenly over `[lo, hi)`, in a scrambled order (for
/// benchmarks: every run sees the same values, with no pattern a branch
/// predictor could learn).
pub fn spread(n: usize, (lo, hi): (f32, f32)) -> impl Iterator<Item = f32> {
    (0..n).map(move |i| {
        let u = ((i as u64 * 2_654_435_761) % n as u64) as f32 / n as f32;
        lo + (hi - lo) * u
    })
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f32 {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        (lo + (hi - lo) * u) as f32
    }
    /// Any f32 bit pattern.
    pub fn any_f32(&mut self) -> f32 {
        f32::from_bits(self.next_u64() as u32)
    }
}
