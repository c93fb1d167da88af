//! Fingerprints: 64-bit hashes (xxh3) of what a cached result was made from. The dev server
//! compares them to tell what changed between rebuilds; every stage (load, engine, render,
//! data) makes them, so they live apart from any one stage.

/// A fingerprint of some byte strings, in order (each one's length is hashed too, so
/// `["ab", "c"]` and `["a", "bc"]` differ).
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.digest()
}

/// `io::Write` into a hash, to fingerprint a value by serialising it.
pub struct HashWriter(xxhash_rust::xxh3::Xxh3);

impl HashWriter {
    /// An empty hash.
    pub fn new() -> Self {
        Self(xxhash_rust::xxh3::Xxh3::new())
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The fingerprint of everything written.
    pub fn digest(&self) -> u64 {
        self.0.digest()
    }
}

impl Default for HashWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parts_are_delimited_and_the_writer_hashes_what_it_is_given() {
        assert_ne!(
            fingerprint([&b"ab"[..], b"c"]),
            fingerprint([&b"a"[..], b"bc"])
        );
        // An empty part still counts.
        assert_ne!(fingerprint([&b"a"[..]]), fingerprint([&b"a"[..], b""]));
        // Nothing hashed is XXH3-64 of the empty input, the reference implementation's
        // published value.
        assert_eq!(fingerprint([]), 0x2D06_8005_38D3_94C2);
        assert_eq!(HashWriter::new().digest(), 0x2D06_8005_38D3_94C2);
        // Written in pieces or at once, the writer hashes the bytes it was given, in order.
        let mut a = HashWriter::new();
        a.update(b"abc");
        let mut b = HashWriter::new();
        std::io::Write::write_all(&mut b, b"ab").unwrap();
        std::io::Write::write_all(&mut b, b"c").unwrap();
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.digest(), xxhash_rust::xxh3::xxh3_64(b"abc"));
        assert_ne!(a.digest(), HashWriter::new().digest());
    }

    proptest! {
        #[test]
        fn a_byte_changed_anywhere_changes_the_fingerprint(
            parts in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..6),
            at in any::<prop::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let total: usize = parts.iter().map(Vec::len).sum();
            prop_assume!(total > 0);
            let mut changed = parts.clone();
            let mut k = at.index(total);
            for p in &mut changed {
                if k < p.len() {
                    p[k] ^= flip;
                    break;
                }
                k -= p.len();
            }
            let of = |ps: &[Vec<u8>]| fingerprint(ps.iter().map(Vec::as_slice));
            prop_assert_ne!(of(&parts), of(&changed));
            let mut w = HashWriter::new();
            let mut v = HashWriter::new();
            for (p, c) in parts.iter().zip(&changed) {
                w.update(p);
                v.update(c);
            }
            prop_assert_ne!(w.digest(), v.digest());
        }
    }
}
