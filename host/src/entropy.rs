//! Randomness the guest may ask for (`kms.random-bytes`): the operating system's by default, or a
//! seeded, reproducible stream for tests of determinism. Key material and nonces never come from
//! here; they always come from the operating system.

use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Where guest-visible randomness comes from.
pub enum Entropy {
    /// The operating system's generator.
    Os,
    /// A reproducible stream: block `i` is `sha256(seed ‖ i)`. For tests only.
    Seeded(Mutex<SeededStream>),
}

/// The state of a seeded stream.
pub struct SeededStream {
    seed: u64,
    block: u64,
}

impl Entropy {
    /// A reproducible stream from `seed`.
    pub fn seeded(seed: u64) -> Entropy {
        Entropy::Seeded(Mutex::new(SeededStream { seed, block: 0 }))
    }

    /// `len` random bytes.
    pub fn bytes(&self, len: usize) -> Vec<u8> {
        match self {
            Entropy::Os => os_random(len),
            Entropy::Seeded(stream) => stream.lock().unwrap_or_else(|p| p.into_inner()).take(len),
        }
    }
}

impl SeededStream {
    fn take(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let mut hasher = Sha256::new();
            hasher.update(self.seed.to_le_bytes());
            hasher.update(self.block.to_le_bytes());
            self.block += 1;
            let block = hasher.finalize();
            let need = (len - out.len()).min(block.len());
            out.extend_from_slice(&block[..need]);
        }
        out
    }
}

/// A uniform number in [0, 1] from the operating system: the jitter of retry back-offs.
pub fn unit_jitter() -> f64 {
    let b = os_random(4);
    f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])) / f64::from(u32::MAX)
}

/// `len` bytes from the operating system. The OS generator failing is unrecoverable for a
/// security product, so it aborts the process rather than continue with weak randomness.
pub fn os_random(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    if let Err(e) = getrandom::fill(&mut out) {
        panic!("the operating system's random generator failed: {e}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_stream_repeats_and_differs_by_seed() {
        assert_eq!(Entropy::seeded(7).bytes(70), Entropy::seeded(7).bytes(70));
        assert_ne!(Entropy::seeded(7).bytes(32), Entropy::seeded(8).bytes(32));
    }

    #[test]
    fn os_randomness_does_not_repeat() {
        assert_ne!(Entropy::Os.bytes(32), Entropy::Os.bytes(32));
    }
}
