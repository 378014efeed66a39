//! A tiny deterministic generator (xorshift64*): the random data of the ranking tests, the golden
//! vectors and the ranking benchmark, so any of them can be regenerated exactly, by any tool that
//! follows these few lines.

/// xorshift64* (Vigna 2016) over a `u64` state; never seed it with 0.
#[derive(Debug, Clone)]
pub struct Xorshift(pub u64);

impl Xorshift {
    /// The next value in [-1, 1): the top 24 bits of the scrambled state, scaled.
    pub fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    /// `n` values from [`Xorshift::next_f32`].
    pub fn vector(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.next_f32()).collect()
    }
}
