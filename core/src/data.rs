//! The large data files compiled into the crate: the gazetteers and the
//! entity model.
//!
//! By default each file is compiled in as is (`include_bytes!`), so a
//! native build starts without any unpacking. With the `packed-data`
//! feature (the WebAssembly package turns it on) they are compiled in as one
//! xz stream, `core/data/packed.xz`, unpacked once on first use: 1.3 MB of
//! tables become 0.35 MB, which is what lets the package meet its size
//! budget (LZMA compresses these lists a fifth better than the gzip a web
//! server applies, and keeps the raw `.wasm` small too).
//!
//! `scripts/pack-data` regenerates the stream from the files; a test
//! (`cargo test -p nutgraf-core --features packed-data`) checks that it
//! unpacks to exactly the files, so the two builds cannot drift apart.
//!
//! Stream layout, repeated per file: the path relative to `core/data/`, a
//! newline, the length in bytes as decimal digits, a newline, the bytes.

/// A data file, named by its path relative to `core/data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile {
    pub path: &'static str,
    #[cfg(not(feature = "packed-data"))]
    bytes: &'static [u8],
}

macro_rules! data_files {
    ($($name:ident => $path:literal,)*) => {
        $(
            pub const $name: DataFile = DataFile {
                path: $path,
                #[cfg(not(feature = "packed-data"))]
                bytes: include_bytes!(concat!("../data/", $path)),
            };
        )*
        /// Every packed file, in stream order.
        pub const ALL: &[DataFile] = &[$($name),*];
    };
}

data_files! {
    COUNTRIES => "gazetteers/countries.tsv",
    CITIES => "gazetteers/cities.tsv",
    SUBDIVISIONS => "gazetteers/subdivisions.tsv",
    REGIONS => "gazetteers/regions.tsv",
    GIVEN_NAMES => "gazetteers/given_names.tsv",
    SURNAMES => "gazetteers/surnames.tsv",
    TITLES => "gazetteers/titles.tsv",
    ORGANIZATIONS => "gazetteers/organizations.tsv",
    ORG_CUES => "gazetteers/org_cues.tsv",
    NATIONALITIES => "gazetteers/nationalities.tsv",
    NER_MODEL => "ner.model",
}

impl DataFile {
    /// The file's bytes (empty if the packed stream were corrupt, which the
    /// tests rule out: extraction then finds fewer entities, never panics).
    pub fn bytes(self) -> &'static [u8] {
        #[cfg(not(feature = "packed-data"))]
        {
            self.bytes
        }
        #[cfg(feature = "packed-data")]
        {
            packed::file(self.path).unwrap_or(&[])
        }
    }

    /// The file as text (empty if it is not UTF-8, which the tests rule out).
    pub fn text(self) -> &'static str {
        std::str::from_utf8(self.bytes()).unwrap_or("")
    }
}

#[cfg(feature = "packed-data")]
pub mod packed {
    use std::sync::LazyLock;

    const STREAM: &[u8] = include_bytes!("../data/packed.xz");

    static FILES: LazyLock<Vec<(String, std::ops::Range<usize>)>> = LazyLock::new(|| index(&UNPACKED));
    static UNPACKED: LazyLock<Vec<u8>> = LazyLock::new(|| unpack(STREAM).unwrap_or_default());

    /// Decompresses an xz stream.
    pub fn unpack(stream: &[u8]) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        lzma_rs::xz_decompress(&mut std::io::Cursor::new(stream), &mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// The (path, byte range) of every file of an unpacked stream; stops at
    /// the first malformed entry.
    pub fn index(bytes: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
        let mut files = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(entry) = entry_at(bytes, pos) else { break };
            pos = entry.1.end;
            files.push(entry);
        }
        files
    }

    fn entry_at(bytes: &[u8], pos: usize) -> Option<(String, std::ops::Range<usize>)> {
        let line = |from: usize| -> Option<(&[u8], usize)> {
            let rest = bytes.get(from..)?;
            let n = memchr::memchr(b'\n', rest)?;
            Some((&rest[..n], from + n + 1))
        };
        let (path, next) = line(pos)?;
        let (len, start) = line(next)?;
        let len: usize = std::str::from_utf8(len).ok()?.parse().ok()?;
        let end = start.checked_add(len).filter(|&e| e <= bytes.len())?;
        Some((String::from_utf8(path.to_vec()).ok()?, start..end))
    }

    /// The bytes of the packed file at `path`.
    pub fn file(path: &str) -> Option<&'static [u8]> {
        let (_, range) = FILES.iter().find(|(p, _)| p == path)?;
        UNPACKED.get(range.clone())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn stream_unpacks_to_exactly_the_data_files() {
            let files = index(&UNPACKED);
            let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            let expected: Vec<&str> = super::super::ALL.iter().map(|f| f.path).collect();
            assert_eq!(paths, expected, "core/data/packed.xz is stale: run scripts/pack-data");
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            for (path, range) in &files {
                let on_disk = std::fs::read(dir.join(path)).unwrap();
                assert!(UNPACKED[range.clone()] == on_disk[..], "{path} differs from core/data/packed.xz: run scripts/pack-data");
            }
        }

        #[test]
        fn malformed_streams_give_no_files() {
            assert!(unpack(b"not xz").is_err());
            assert!(index(b"path\n12\nshort").is_empty());
            assert!(index(b"path\nx\n").is_empty());
            assert_eq!(index(b"a\n1\nxb\n0\n").len(), 2);
        }
    }
}
