//! The hash maps of the pipeline.
//!
//! Every key hashed while extracting is a short string (a word, a name) or a
//! small integer, looked up several times per token, and every key comes from
//! the article or from nutgraf's own lists: the standard SipHash (built to
//! resist hash flooding from an adversary choosing keys against a server)
//! cost more than the lookups themselves. FxHash (rustc's hasher) does a
//! multiply per word of key. A flood of colliding keys from a hostile
//! article could only slow that one extraction, which is linear otherwise
//! and runs on the caller's machine.
//!
//! Nothing may depend on iteration order: with SipHash it was random per
//! process, and the golden tests would have caught a dependence.

use std::collections::{HashMap, HashSet};

/// A hash map keyed by words, names or indexes.
pub type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
/// A hash set of words, names or indexes.
pub type FastSet<K> = HashSet<K, rustc_hash::FxBuildHasher>;
