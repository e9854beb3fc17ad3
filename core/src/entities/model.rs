//! The trained weights of the entity tagger and Viterbi decoding.
//!
//! The model is a linear-chain structured perceptron (averaged): a score per
//! (feature, tag) and per (tag, next tag); decoding finds the best BILOU tag
//! sequence of a sentence with Viterbi under the BILOU constraints of
//! [`super::tags`].
//!
//! ## File format (`core/data/ner.model`, little-endian)
//!
//! ```text
//! magic      8 bytes  "NGNER002"
//! n_tags     u32      17
//! n_features u32
//! scale      f32      start/end/transition = stored value × scale
//! start      n_tags × i16          score of a tag opening a sentence
//! end        n_tags × i16          score of a tag closing a sentence
//! transition n_tags × n_tags × i16 score of (previous tag, tag)
//! keys       n_features LEB128 varints: feature hashes folded to 32 bits,
//!            ascending, each stored as the difference to the previous one
//! row scales n_features × u8       row scale = 2^((code − 160) / 16)
//! weights    n_features × 9 bytes  17 signed 4-bit values (−7..=7), two
//!            per byte, low nibble first; weight = value × row scale
//! ```
//!
//! The format is small because the model ships inside the WebAssembly
//! package: 4-bit weights with one scale per feature cost a few tenths of
//! a point of CoNLL-2003 dev F1 against 8 bits (`nutgraf-train` reports the
//! unquantized and the exported model's F1), and sorted, delta-coded keys
//! take about 3 bytes instead of 4. Loading expands the
//! weights to f32 rows (scale applied: the tagger's inner loop is then 17
//! additions per feature) and builds an open-addressing table from key to
//! row, once.

use std::sync::LazyLock;

use super::tags::{allowed, allowed_first, allowed_last, N_TAGS};

const MAGIC: &[u8; 8] = b"NGNER002";
/// Bytes of one row of packed 4-bit weights.
const ROW_BYTES: usize = N_TAGS.div_ceil(2);
/// Row scales are stored as `code` with scale = 2^((code − SCALE_BIAS) /
/// SCALE_STEPS): 16 steps per octave (4 % apart), 2^−10 to 2^6.
const SCALE_BIAS: f32 = 160.0;
const SCALE_STEPS: f32 = 16.0;
/// Largest magnitude of a 4-bit weight.
const WEIGHT_MAX: f32 = 7.0;

/// The scores decoding needs besides the emissions: of a tag opening and
/// closing a sentence and of each (previous tag, tag) pair. One type for the
/// shipped model and for the trainer, which learns them.
#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    /// Score of a sentence starting with each tag.
    pub start: [f32; N_TAGS],
    /// Score of a sentence ending with each tag.
    pub end: [f32; N_TAGS],
    /// Score of each (previous, next) pair, row-major: `prev * N_TAGS + next`.
    pub pairs: Vec<f32>,
}

impl Default for Transitions {
    fn default() -> Self {
        Transitions { start: [0.0; N_TAGS], end: [0.0; N_TAGS], pairs: vec![0.0; N_TAGS * N_TAGS] }
    }
}

impl Transitions {
    /// Score of `next` following `prev`.
    pub fn pair(&self, prev: usize, next: usize) -> f32 {
        self.pairs[prev * N_TAGS + next]
    }

    /// The score of `next` following `prev`, to update.
    pub fn pair_mut(&mut self, prev: usize, next: usize) -> &mut f32 {
        &mut self.pairs[prev * N_TAGS + next]
    }

    /// Every score combined with its counterpart in `other` by `f`.
    pub fn zip_with(&self, other: &Transitions, f: impl Fn(f32, f32) -> f32) -> Transitions {
        let zip = |a: &[f32; N_TAGS], b: &[f32; N_TAGS]| std::array::from_fn(|t| f(a[t], b[t]));
        Transitions {
            start: zip(&self.start, &other.start),
            end: zip(&self.end, &other.end),
            pairs: self.pairs.iter().zip(&other.pairs).map(|(&a, &b)| f(a, b)).collect(),
        }
    }
}

/// Scores that the decoder reads: per-token emissions plus transitions.
pub trait Scorer {
    /// Adds the emission scores of `features` for every tag to `out`.
    fn emissions(&self, features: &[u64], out: &mut [f32; N_TAGS]);
    /// Sentence-boundary and tag-pair scores.
    fn transitions(&self) -> &Transitions;
}

/// Folds a 64-bit feature hash to the 32-bit key stored in the model.
/// Key 0 marks an empty table slot, so it is remapped.
pub fn fold(hash: u64) -> u32 {
    match (hash ^ (hash >> 32)) as u32 {
        0 => 1,
        k => k,
    }
}

/// A model loaded from its file.
pub struct Model {
    transitions: Transitions,
    /// Open-addressing table: key → row (u32::MAX when empty).
    slots: Vec<(u32, u32)>,
    /// One row of N_TAGS scores per feature, scale applied.
    weights: Vec<[f32; N_TAGS]>,
}

/// Reads little-endian values from a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("model file is truncated")?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn i16(&mut self) -> Result<i16, String> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    /// An unsigned LEB128 varint of at most 32 bits.
    fn varint(&mut self) -> Result<u32, String> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u32::from(byte & 0x7F).checked_shl(shift).ok_or("model key varint is too long")?;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err("model key varint is too long".into())
    }
}

/// Appends `value` as an unsigned LEB128 varint.
fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The signed value of a 4-bit two's-complement nibble.
fn nibble(x: u8) -> i8 {
    ((x << 4) as i8) >> 4
}

/// The row scale a stored code stands for.
fn scale_of(code: u8) -> f32 {
    ((f32::from(code) - SCALE_BIAS) / SCALE_STEPS).exp2()
}

impl Model {
    /// Parses a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a nutgraf entity model (bad magic)".into());
        }
        if r.u32()? as usize != N_TAGS {
            return Err("model has a different tag set".into());
        }
        let n_features = r.u32()? as usize;
        let scale = r.f32()?;
        let mut transitions = Transitions::default();
        for x in transitions.start.iter_mut().chain(transitions.end.iter_mut()).chain(transitions.pairs.iter_mut()) {
            *x = f32::from(r.i16()?) * scale;
        }
        // Every feature takes at least 1 key byte, 1 scale byte and a row:
        // a corrupt count fails here instead of allocating.
        if n_features > bytes.len() / (2 + ROW_BYTES) {
            return Err("model file is truncated".into());
        }
        let mut keys = Vec::with_capacity(n_features);
        let mut key = 0u32;
        for _ in 0..n_features {
            key = key.checked_add(r.varint()?).ok_or("model keys overflow")?;
            keys.push(key);
        }
        let row_scales: Vec<f32> =
            r.take(n_features)?.iter().map(|&code| scale_of(code)).collect();
        let mut weights: Vec<[f32; N_TAGS]> = Vec::with_capacity(n_features);
        for (row, &scale) in r.take(n_features * ROW_BYTES)?.chunks_exact(ROW_BYTES).zip(&row_scales) {
            let mut scores = [0f32; N_TAGS];
            for (t, score) in scores.iter_mut().enumerate() {
                let byte = row[t / 2];
                *score = f32::from(nibble(if t % 2 == 0 { byte & 0x0F } else { byte >> 4 })) * scale;
            }
            weights.push(scores);
        }
        // A load between 1/8 and 1/4: most features of a token are not in
        // the model, and a miss should cost one probe (at 1/4 to 1/2 the
        // tagger took 13 % longer on CoNLL dev).
        let capacity = (n_features * 4).next_power_of_two().max(16);
        let mut slots = vec![(0u32, u32::MAX); capacity];
        for (row, &key) in keys.iter().enumerate() {
            let mut slot = key as usize & (capacity - 1);
            while slots[slot].1 != u32::MAX {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = (key, row as u32);
        }
        Ok(Model { transitions, slots, weights })
    }

    fn row(&self, key: u32) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = key as usize & mask;
        loop {
            let (k, row) = self.slots[slot];
            if row == u32::MAX {
                return None;
            }
            if k == key {
                return Some(row as usize);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }
}

impl Scorer for Model {
    fn emissions(&self, features: &[u64], out: &mut [f32; N_TAGS]) {
        for &f in features {
            if let Some(w) = self.row(fold(f)).and_then(|row| self.weights.get(row)) {
                for (o, &x) in out.iter_mut().zip(w) {
                    *o += x;
                }
            }
        }
    }
    fn transitions(&self) -> &Transitions {
        &self.transitions
    }
}

static MODEL: LazyLock<Option<Model>> = LazyLock::new(|| Model::from_bytes(crate::data::NER_MODEL.bytes()).ok());

/// The model compiled into the crate (`None` only if the file is corrupt,
/// which the tests rule out).
pub fn model() -> Option<&'static Model> {
    MODEL.as_ref()
}

/// For each tag, the tags allowed before it (BILOU): 9 for O, B and U, 2 for
/// I and L, instead of checking all 17 × 17 pairs per token.
static PREDECESSORS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    (0..N_TAGS as u8).map(|t| (0..N_TAGS as u8).filter(|&p| allowed(p, t)).collect()).collect()
});

/// Best tag sequence for per-token `emissions` under BILOU constraints.
///
/// Ties go to the lowest previous tag and a tag no path can reach keeps
/// score −∞ (−∞ plus a finite score stays −∞ and never beats a best of −∞,
/// so unreachable predecessors need no test).
///
/// The forward pass keeps only the best scores, with no back-pointers: the
/// data-dependent branch of an argmax on all 17 tags of every token cost
/// more than finding the argmax again for the one tag per token the path
/// goes through. The backward pass recomputes the same sums in the same
/// order, so it finds exactly the predecessor the forward pass maximized
/// over (the first one reaching the best score).
pub fn viterbi(scorer: &impl Scorer, emissions: &[[f32; N_TAGS]], out: &mut Vec<u8>) {
    out.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let transitions = scorer.transitions();
    // Per tag, its allowed predecessors with the score of each pair, read
    // once per sentence instead of once per token.
    let mut chains = [[(0u8, 0f32); N_TAGS]; N_TAGS];
    let mut chain_len = [0usize; N_TAGS];
    for (t, predecessors) in PREDECESSORS.iter().enumerate() {
        for &p in predecessors {
            chains[t][chain_len[t]] = (p, transitions.pair(p as usize, t));
            chain_len[t] += 1;
        }
    }
    let mut score = vec![[NEG; N_TAGS]; n];
    for t in 0..N_TAGS {
        if allowed_first(t as u8) {
            score[0][t] = transitions.start[t] + emissions[0][t];
        }
    }
    for i in 1..n {
        let previous = score[i - 1];
        let mut next = [NEG; N_TAGS];
        for (t, slot) in next.iter_mut().enumerate() {
            let mut best = NEG;
            for &(p, pair) in &chains[t][..chain_len[t]] {
                let s = previous[p as usize] + pair;
                // A select, not a branch: compiles to `maxss`.
                best = if s > best { s } else { best };
            }
            *slot = best + emissions[i][t];
        }
        score[i] = next;
    }
    let mut best = NEG;
    let mut last = 0usize;
    for (t, &final_score) in score[n - 1].iter().enumerate() {
        if allowed_last(t as u8) && final_score > NEG {
            let s = final_score + transitions.end[t];
            if s > best {
                best = s;
                last = t;
            }
        }
    }
    out.resize(n, 0);
    out[n - 1] = last as u8;
    for i in (1..n).rev() {
        let t = out[i] as usize;
        let previous = &score[i - 1];
        let mut best = NEG;
        let mut arg = 0u8;
        for &(p, pair) in &chains[t][..chain_len[t]] {
            let s = previous[p as usize] + pair;
            if s > best {
                best = s;
                arg = p;
            }
        }
        out[i - 1] = arg;
    }
}

/// Writes a model file from float weights (used by the trainer).
pub fn write_model(transitions: &Transitions, features: &[(u32, [f32; N_TAGS])]) -> Vec<u8> {
    // The global scale serves the transition scores (i16); emission rows
    // get a scale each (below).
    let max = features
        .iter()
        .flat_map(|(_, w)| w.iter())
        .chain(transitions.pairs.iter())
        .fold(0f32, |m, &x| m.max(x.abs()))
        .max(1e-6);
    let scale = max / 127.0;
    let mut out = Vec::with_capacity(32 + features.len() * (4 + ROW_BYTES));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    let q16 = |x: f32| ((x / scale).round().clamp(-32767.0, 32767.0) as i16).to_le_bytes();
    for &x in transitions.start.iter().chain(transitions.end.iter()).chain(transitions.pairs.iter()) {
        out.extend_from_slice(&q16(x));
    }
    let mut sorted: Vec<&(u32, [f32; N_TAGS])> = features.iter().collect();
    sorted.sort_by_key(|(key, _)| *key);
    let mut previous = 0u32;
    for (key, _) in &sorted {
        push_varint(&mut out, key - previous);
        previous = *key;
    }
    // One scale per row: weights of one feature have similar magnitudes,
    // those of different features do not (a single scale rounded many
    // small rows to zero).
    //
    // The scale is the one of the next octave below max-abs scaling that
    // reconstructs the row with the least squared error: scaling the largest
    // weight to exactly 7 rounds the row's small weights to zero, while a
    // finer scale that clips the largest a little keeps them.
    let codes: Vec<u8> = sorted
        .iter()
        .map(|(_, w)| {
            let row_max = w.iter().fold(0f32, |m, &x| m.max(x.abs())).max(1e-9);
            let top = ((row_max / WEIGHT_MAX).log2() * SCALE_STEPS + SCALE_BIAS).round().clamp(0.0, 255.0) as u8;
            let error = |code: u8| -> f32 { w.iter().map(|&x| (x - f32::from(quantize(x, code)) * scale_of(code)).powi(2)).sum() };
            (top.saturating_sub(SCALE_STEPS as u8)..=top).min_by(|&a, &b| error(a).total_cmp(&error(b))).unwrap_or(top)
        })
        .collect();
    out.extend_from_slice(&codes);
    for ((_, w), &code) in sorted.iter().zip(&codes) {
        let mut row = [0u8; ROW_BYTES];
        for (t, &x) in w.iter().enumerate() {
            row[t / 2] |= ((quantize(x, code) as u8) & 0x0F) << (4 * (t % 2));
        }
        out.extend_from_slice(&row);
    }
    out
}

/// A weight as a 4-bit value (−8 to 7) at the row scale of `code`.
fn quantize(x: f32, code: u8) -> i8 {
    (x / scale_of(code)).round().clamp(-WEIGHT_MAX - 1.0, WEIGHT_MAX) as i8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tags::{decode, O};

    /// Zero transitions: only the BILOU constraints shape the decoding.
    struct Toy(Transitions);
    impl Scorer for Toy {
        fn emissions(&self, _: &[u64], _: &mut [f32; N_TAGS]) {}
        fn transitions(&self) -> &Transitions {
            &self.0
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions prefer B-PER on both tokens; the constraints force a
        // well-formed sequence.
        let mut e = [[0f32; N_TAGS]; 2];
        e[0][1] = 5.0; // B-PER
        e[1][1] = 5.0; // B-PER again: not allowed after B
        e[1][3] = 1.0; // L-PER
        let mut out = Vec::new();
        viterbi(&Toy(Transitions::default()), &e, &mut out);
        assert_eq!(decode(&out), [(0, 2, 0)]);
        viterbi(&Toy(Transitions::default()), &[], &mut out);
        assert!(out.is_empty());
        viterbi(&Toy(Transitions::default()), &[[0f32; N_TAGS]], &mut out);
        assert_eq!(out, [O]);
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let mut w = [0f32; N_TAGS];
        w[4] = 2.0;
        let bytes = write_model(&Transitions::default(), &[(fold(42), w)]);
        let m = Model::from_bytes(&bytes).unwrap();
        let mut out = [0f32; N_TAGS];
        m.emissions(&[42, 7], &mut out);
        assert!((out[4] - 2.0).abs() < 0.2, "{}", out[4]);
        assert_eq!(out[3], 0.0);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        // Signs and the odd last tag survive the 4-bit packing; keys are
        // found whatever their order in the trainer's list.
        let mut v = [0f32; N_TAGS];
        v[0] = -1.0;
        v[N_TAGS - 1] = 0.5;
        let bytes = write_model(&Transitions::default(), &[(fold(9), v), (fold(3), w)]);
        let m = Model::from_bytes(&bytes).unwrap();
        let mut out = [0f32; N_TAGS];
        m.emissions(&[9], &mut out);
        assert!((out[0] + 1.0).abs() < 0.1 && (out[N_TAGS - 1] - 0.5).abs() < 0.1, "{out:?}");
        assert_eq!(m.feature_count(), 2);
        let mut out = [0f32; N_TAGS];
        m.emissions(&[3], &mut out);
        assert!((out[4] - 2.0).abs() < 0.2);
        assert!(Model::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn compiled_model_loads() {
        assert!(model().is_some_and(|m| m.feature_count() > 0));
    }
}
