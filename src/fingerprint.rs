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

    #[test]
    fn parts_are_delimited_and_the_writer_hashes_what_it_is_given() {
        assert_ne!(
            fingerprint([&b"ab"[..], b"c"]),
            fingerprint([&b"a"[..], b"bc"])
        );
        assert_eq!(
            fingerprint([&b"ab"[..], b"c"]),
            fingerprint([&b"ab"[..], b"c"])
        );
        let mut a = HashWriter::new();
        a.update(b"abc");
        let mut b = HashWriter::new();
        std::io::Write::write_all(&mut b, b"ab").unwrap();
        std::io::Write::write_all(&mut b, b"c").unwrap();
        assert_eq!(a.digest(), b.digest());
        assert_ne!(a.digest(), HashWriter::new().digest());
    }
}
