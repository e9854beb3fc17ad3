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

use std::borrow::Cow;
use std::sync::LazyLock;

use super::tags::{allowed, allowed_first, allowed_last, split, tag, Position, N_TAGS, TYPES};

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
    /// The transitions laid out for decoding: must equal
    /// `Lattice::new(self.transitions())` (the forward pass reads this, the
    /// backward pass `transitions()`). A scorer whose transitions do not
    /// change (the shipped model) builds it once instead of once per
    /// sentence.
    fn lattice(&self) -> Cow<'_, Lattice> {
        Cow::Owned(Lattice::new(self.transitions()))
    }
}

/// Folds a 64-bit feature hash to the 32-bit key stored in the model.
/// Key 0 marks an empty table slot, so it is remapped.
pub fn fold(hash: u64) -> u32 {
    match (hash ^ (hash >> 32)) as u32 {
        0 => 1,
        k => k,
    }
}

/// Bits of a key that index [`Model`]'s filter: 2^17 bits = 16 KB; with
/// 8,500 features about 6 % of the bits are set.
const FILTER_BITS: u32 = 17;

/// Where key `key` sits in [`Model`]'s filter: the word and the bit in it.
fn filter_bit(key: u32) -> (usize, u64) {
    let bit = (key >> (32 - FILTER_BITS)) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// A model loaded from its file.
pub struct Model {
    transitions: Transitions,
    /// `transitions` laid out for [`viterbi`].
    lattice: Lattice,
    /// Open-addressing table: key → row (u32::MAX when empty).
    slots: Vec<(u32, u32)>,
    /// One bit per value of a key's top [`FILTER_BITS`] bits, set when some
    /// feature's key has them: most features of a token are not in the
    /// model, and this 16 KB table (it stays in the L1 cache, where the
    /// 512 KB of slots do not) rules out most of them in one read.
    filter: Vec<u64>,
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
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        for &key in &keys {
            let (word, bit) = filter_bit(key);
            filter[word] |= bit;
        }
        Ok(Model { lattice: Lattice::new(&transitions), transitions, slots, weights, filter })
    }

    fn row(&self, key: u32) -> Option<usize> {
        let (word, bit) = filter_bit(key);
        if self.filter.get(word).is_none_or(|w| w & bit == 0) {
            return None;
        }
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
    fn lattice(&self) -> Cow<'_, Lattice> {
        Cow::Borrowed(&self.lattice)
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

/// Number of entity types.
const N_TYPES: usize = TYPES.len();

/// Where a tag's score sits in a [`Lattice`] row: O first, then the B, I,
/// L and U scores of the four types, each position's four side by side.
const fn lattice_position(tag: usize) -> usize {
    match split(tag as u8) {
        Some((ty, position)) => 1 + position as usize * N_TYPES + ty,
        None => 0,
    }
}

/// [`lattice_position`] of every tag, computed once.
const LATTICE_INDEX: [usize; N_TAGS] = {
    let mut table = [0; N_TAGS];
    let mut tag = 0;
    while tag < N_TAGS {
        table[tag] = lattice_position(tag);
        tag += 1;
    }
    table
};

fn lattice_index(tag: usize) -> usize {
    LATTICE_INDEX.get(tag).copied().unwrap_or(0)
}

/// One token's Viterbi scores by position: `[O, B×4, I×4, L×4, U×4]`.
type LatticeRow = [f32; N_TAGS];

/// The BILOU transition scores laid out for [`viterbi`]'s forward pass.
///
/// Under BILOU, I and L of a type follow only B or I of the same type, and
/// O, B and U follow only O, L or U (of any type). So the best score of the
/// four I tags is an elementwise max of two four-wide sums, and that of the
/// B (or U) tags a max over the nine "free" sources O, L×4, U×4 of one
/// broadcast plus a four-wide row: a few dozen vector operations per token
/// where a per-tag loop over allowed predecessors takes about a hundred
/// scalar ones. `viterbi_lattice_matches_the_constraints` checks this
/// layout against [`allowed`].
#[derive(Debug, Clone)]
pub struct Lattice {
    b_to_i: [f32; N_TYPES],
    i_to_i: [f32; N_TYPES],
    b_to_l: [f32; N_TYPES],
    i_to_l: [f32; N_TYPES],
    /// Per free source (O, L×4, U×4 in lattice order): the pair score to O,
    /// to each B and to each U.
    to_o: [f32; 1 + 2 * N_TYPES],
    to_b: [[f32; N_TYPES]; 1 + 2 * N_TYPES],
    to_u: [[f32; N_TYPES]; 1 + 2 * N_TYPES],
}

/// Model tag of the B, I, L or U of type `ty`, as an index.
fn tag_index(ty: usize, position: Position) -> usize {
    usize::from(tag(ty, position))
}

/// Model tag of free source `s` (0: O, 1–4: L of each type, 5–8: U).
fn free_source(s: usize) -> usize {
    match s {
        0 => 0,
        s if s <= N_TYPES => tag_index(s - 1, Position::Last),
        s => tag_index(s - 1 - N_TYPES, Position::Unit),
    }
}

/// The larger of two scores. A select, not a branch: compiles to `maxss` /
/// `maxps`.
fn max(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// The scores of a row's free sources (O, L×4, U×4: the tags O, B and U may
/// follow), in the order of [`Lattice`]'s `to_o`, `to_b` and `to_u`.
fn free_sources(previous: &LatticeRow) -> [f32; 1 + 2 * N_TYPES] {
    let mut sources = [0f32; 1 + 2 * N_TYPES];
    sources[0] = previous[0];
    for ty in 0..N_TYPES {
        sources[1 + ty] = previous[1 + 2 * N_TYPES + ty];
        sources[1 + N_TYPES + ty] = previous[1 + 3 * N_TYPES + ty];
    }
    sources
}

impl Lattice {
    fn new(transitions: &Transitions) -> Lattice {
        let pair = |p: usize, t: usize| transitions.pair(p, t);
        let mut lattice = Lattice {
            b_to_i: [0.0; N_TYPES],
            i_to_i: [0.0; N_TYPES],
            b_to_l: [0.0; N_TYPES],
            i_to_l: [0.0; N_TYPES],
            to_o: [0.0; 1 + 2 * N_TYPES],
            to_b: [[0.0; N_TYPES]; 1 + 2 * N_TYPES],
            to_u: [[0.0; N_TYPES]; 1 + 2 * N_TYPES],
        };
        for ty in 0..N_TYPES {
            let [b, i, l, u] = [Position::Begin, Position::Inside, Position::Last, Position::Unit].map(|p| tag_index(ty, p));
            lattice.b_to_i[ty] = pair(b, i);
            lattice.i_to_i[ty] = pair(i, i);
            lattice.b_to_l[ty] = pair(b, l);
            lattice.i_to_l[ty] = pair(i, l);
            for s in 0..1 + 2 * N_TYPES {
                lattice.to_b[s][ty] = pair(free_source(s), b);
                lattice.to_u[s][ty] = pair(free_source(s), u);
            }
        }
        for s in 0..1 + 2 * N_TYPES {
            lattice.to_o[s] = pair(free_source(s), 0);
        }
        lattice
    }

    /// [`Self::step`] for a token whose only finite emission is O's:
    /// O's score, from the same sums in the same order, and −∞ for the
    /// rest. Bit for bit the same as `step` when scores are finite or −∞
    /// (a +∞ would make `step` give NaN where this gives −∞; no scorer
    /// produces one, and neither wins a comparison).
    fn step_to_o(&self, previous: &LatticeRow, emission_o: f32) -> LatticeRow {
        let mut best_o = f32::NEG_INFINITY;
        for (s, &source) in free_sources(previous).iter().enumerate() {
            best_o = max(source + self.to_o[s], best_o);
        }
        let mut next = [f32::NEG_INFINITY; N_TAGS];
        next[0] = best_o + emission_o;
        next
    }

    /// The scores of the next token from those of the previous one and the
    /// next token's emissions (model order). Each score is the exact max of
    /// the same sums as a loop over allowed predecessors takes: a max does
    /// not round, so its order does not matter.
    fn step(&self, previous: &LatticeRow, emissions: &[f32; N_TAGS]) -> LatticeRow {
        let at = |position: usize, ty: usize| previous[1 + position * N_TYPES + ty];
        let sources = free_sources(previous);
        let mut best_o = f32::NEG_INFINITY;
        let mut best_b = [f32::NEG_INFINITY; N_TYPES];
        let mut best_u = [f32::NEG_INFINITY; N_TYPES];
        for (s, &source) in sources.iter().enumerate() {
            best_o = max(source + self.to_o[s], best_o);
            for ty in 0..N_TYPES {
                best_b[ty] = max(source + self.to_b[s][ty], best_b[ty]);
                best_u[ty] = max(source + self.to_u[s][ty], best_u[ty]);
            }
        }
        let mut next = [0f32; N_TAGS];
        next[0] = best_o + emissions[0];
        for ty in 0..N_TYPES {
            let (b, i) = (at(0, ty), at(1, ty));
            next[1 + ty] = best_b[ty] + emissions[tag_index(ty, Position::Begin)];
            next[1 + N_TYPES + ty] = max(b + self.b_to_i[ty], i + self.i_to_i[ty]) + emissions[tag_index(ty, Position::Inside)];
            next[1 + 2 * N_TYPES + ty] = max(b + self.b_to_l[ty], i + self.i_to_l[ty]) + emissions[tag_index(ty, Position::Last)];
            next[1 + 3 * N_TYPES + ty] = best_u[ty] + emissions[tag_index(ty, Position::Unit)];
        }
        next
    }
}

/// Best tag sequence for per-token `emissions` under BILOU constraints.
///
/// Ties go to the lowest previous tag and a tag no path can reach keeps
/// score −∞ (−∞ plus a finite score stays −∞ and never beats a best of −∞,
/// so unreachable predecessors need no test).
///
/// The forward pass ([`Lattice::step`]) keeps only the best scores, with no
/// back-pointers: an argmax on all 17 tags of every token cost more than
/// finding the argmax again for the one tag per token the path goes
/// through. The backward pass recomputes the same sums, in the order of the
/// allowed predecessors, so it finds exactly the predecessor the forward
/// pass maximized over (the first one reaching the best score).
pub fn viterbi(scorer: &impl Scorer, emissions: &[[f32; N_TAGS]], out: &mut Vec<u8>) {
    out.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let transitions = scorer.transitions();
    let lattice = scorer.lattice();
    let mut score: Vec<LatticeRow> = vec![[NEG; N_TAGS]; n];
    for t in 0..N_TAGS {
        if allowed_first(t as u8) {
            score[0][lattice_index(t)] = transitions.start[t] + emissions[0][t];
        }
    }
    for i in 1..n {
        score[i] = if emissions[i][1..].iter().all(|&e| e == NEG) {
            // A token the tagger did not score (its emissions are −∞ but
            // for O): every score but O's would come out −∞.
            lattice.step_to_o(&score[i - 1], emissions[i][0])
        } else {
            lattice.step(&score[i - 1], &emissions[i])
        };
    }
    let mut best = NEG;
    let mut last = 0usize;
    for t in 0..N_TAGS {
        let final_score = score[n - 1][lattice_index(t)];
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
        for &p in PREDECESSORS.get(t).map_or(&[][..], Vec::as_slice) {
            let s = previous[lattice_index(p as usize)] + transitions.pair(p as usize, t);
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
    use crate::testing::xorshift;

    /// Zero transitions: only the BILOU constraints shape the decoding.
    struct Toy(Transitions);
    impl Scorer for Toy {
        fn emissions(&self, _: &[u64], _: &mut [f32; N_TAGS]) {}
        fn transitions(&self) -> &Transitions {
            &self.0
        }
    }

    /// The lattice's layout is the BILOU constraints: every allowed pair
    /// is read from exactly one place of [`Lattice`], every other is not.
    #[test]
    fn viterbi_lattice_matches_the_constraints() {
        let mut transitions = Transitions::default();
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                *transitions.pair_mut(p, t) = (p * N_TAGS + t) as f32;
            }
        }
        let lattice = Lattice::new(&transitions);
        let mut read = std::collections::BTreeSet::new();
        let code = |x: f32| (x as usize / N_TAGS, x as usize % N_TAGS);
        for ty in 0..N_TYPES {
            for x in [lattice.b_to_i[ty], lattice.i_to_i[ty], lattice.b_to_l[ty], lattice.i_to_l[ty]] {
                assert!(read.insert(code(x)));
            }
        }
        for s in 0..1 + 2 * N_TYPES {
            assert!(read.insert(code(lattice.to_o[s])));
            for ty in 0..N_TYPES {
                assert!(read.insert(code(lattice.to_b[s][ty])));
                assert!(read.insert(code(lattice.to_u[s][ty])));
            }
        }
        let allowed_pairs: std::collections::BTreeSet<_> = (0..N_TAGS)
            .flat_map(|p| (0..N_TAGS).map(move |t| (p, t)))
            .filter(|&(p, t)| allowed(p as u8, t as u8))
            .collect();
        assert_eq!(read, allowed_pairs);
        // Lattice positions are a permutation of the tags.
        let positions: std::collections::BTreeSet<_> = (0..N_TAGS).map(lattice_index).collect();
        assert_eq!(positions, (0..N_TAGS).collect());
    }

    /// The lattice's forward pass against the plain one (a loop over allowed
    /// predecessors), bit for bit, on random scores with ties.
    #[test]
    fn viterbi_lattice_step_equals_the_plain_recurrence() {
        let mut random = xorshift(0x2545_f491_4f6c_dd1d);
        // Few distinct values, so that ties happen.
        let mut next = || ((random() % 7) as f32 - 3.0) * 0.5;
        let mut transitions = Transitions::default();
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                *transitions.pair_mut(p, t) = next();
            }
        }
        let lattice = Lattice::new(&transitions);
        for _ in 0..200 {
            let previous: [f32; N_TAGS] = std::array::from_fn(|_| next());
            let emissions: [f32; N_TAGS] = std::array::from_fn(|_| next());
            let mut row = [0f32; N_TAGS];
            for t in 0..N_TAGS {
                row[lattice_index(t)] = previous[t];
            }
            let stepped = lattice.step(&row, &emissions);
            for t in 0..N_TAGS {
                let plain = (0..N_TAGS)
                    .filter(|&p| allowed(p as u8, t as u8))
                    .map(|p| previous[p] + transitions.pair(p, t))
                    .fold(f32::NEG_INFINITY, f32::max)
                    + emissions[t];
                assert_eq!(stepped[lattice_index(t)].to_bits(), plain.to_bits(), "tag {t}");
            }
        }
    }

    /// The step for a token scored only for O equals the full step on its
    /// emissions (O's score, −∞ for the rest), bit for bit, from rows with
    /// ties and with −∞ (a row after such a token).
    #[test]
    fn viterbi_step_to_o_equals_the_full_step() {
        let mut random = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = || match random() % 9 {
            0 => f32::NEG_INFINITY,
            k => (k as f32 - 4.0) * 0.5,
        };
        let mut transitions = Transitions::default();
        for x in transitions.pairs.iter_mut() {
            *x = next().max(-2.0);
        }
        let lattice = Lattice::new(&transitions);
        for _ in 0..500 {
            let previous: [f32; N_TAGS] = std::array::from_fn(|_| next());
            let o = next().max(-2.0);
            let mut emissions = [f32::NEG_INFINITY; N_TAGS];
            emissions[0] = o;
            let full = lattice.step(&previous, &emissions);
            let short = lattice.step_to_o(&previous, o);
            assert_eq!(full.map(f32::to_bits), short.map(f32::to_bits));
        }
    }

    /// The filter never rules out a key the model has (each finds its own
    /// row), and it rules out most others.
    #[test]
    fn model_filter_keeps_every_key() {
        let Some(m) = model() else { panic!("the model loads") };
        let entries: Vec<(u32, u32)> = m.slots.iter().copied().filter(|&(_, row)| row != u32::MAX).collect();
        assert_eq!(entries.len(), m.feature_count());
        for &(key, row) in &entries {
            assert_eq!(m.row(key), Some(row as usize), "key {key:#x}");
        }
        let set: u32 = m.filter.iter().map(|w| w.count_ones()).sum();
        assert!(set > 0 && set as usize <= entries.len(), "{set} bits set");
        assert!((set as usize) < (1 << FILTER_BITS) / 8, "{set} bits set: the filter rules out too little");
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
