//! Helpers shared by the unit tests of several modules.

/// A xorshift generator: reproducible pseudo-random numbers for tests.
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
