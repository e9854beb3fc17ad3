//! Training of the entity tagger: an averaged structured perceptron
//! (Collins 2002) over the features of [`super::features`].
//!
//! Only compiled with the `train` cargo feature; the `nutgraf-train` command
//! drives it (data loading, epochs, dev evaluation, export). Features are
//! interned to dense indices once, so an epoch over CoNLL-2003 train (about
//! 200,000 tokens) is a few seconds.
//!
//! Averaging uses the usual trick: next to each weight `w` an accumulator
//! `u` collects `c × Δ` at update time (`c` counts sequences seen), and the
//! averaged weight is `w − u / c`.

use std::collections::HashMap;

use super::model::{fold, viterbi, write_model, Scorer, Transitions};
use super::tags::N_TAGS;

/// One training sentence: interned features per token and gold tags.
#[derive(Debug, Clone, Default)]
pub struct Sequence {
    /// Feature indices of all tokens, concatenated.
    pub features: Vec<u32>,
    /// `features[offsets[i]..offsets[i + 1]]` are token `i`'s.
    pub offsets: Vec<usize>,
    /// Gold tags.
    pub gold: Vec<u8>,
}

impl Sequence {
    pub fn len(&self) -> usize {
        self.gold.len()
    }
    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }
}

/// Weights being learned.
#[derive(Default)]
pub struct Trainer {
    index: HashMap<u64, u32>,
    hashes: Vec<u64>,
    w: Vec<[f32; N_TAGS]>,
    u: Vec<[f32; N_TAGS]>,
    transitions: Transitions,
    /// Per score, the sum of its updates weighted by the clock, for averaging.
    transitions_u: Transitions,
    /// Number of sequences seen (the averaging clock).
    c: f32,
}

impl Trainer {
    pub fn new() -> Trainer {
        Trainer { c: 1.0, ..Trainer::default() }
    }

    /// The dense index of a feature hash, adding it when new.
    pub fn intern(&mut self, hash: u64) -> u32 {
        if let Some(&i) = self.index.get(&hash) {
            return i;
        }
        let i = self.w.len() as u32;
        self.index.insert(hash, i);
        self.hashes.push(hash);
        self.w.push([0.0; N_TAGS]);
        self.u.push([0.0; N_TAGS]);
        i
    }

    /// Number of interned features.
    pub fn feature_count(&self) -> usize {
        self.w.len()
    }

    fn emissions_of(&self, seq: &Sequence, out: &mut Vec<[f32; N_TAGS]>) {
        out.clear();
        for i in 0..seq.len() {
            let mut e = [0f32; N_TAGS];
            for &f in &seq.features[seq.offsets[i]..seq.offsets[i + 1]] {
                for (x, w) in e.iter_mut().zip(&self.w[f as usize]) {
                    *x += w;
                }
            }
            out.push(e);
        }
    }

    /// One perceptron step on a sequence; returns whether it was wrong.
    pub fn learn(&mut self, seq: &Sequence, scratch: &mut (Vec<[f32; N_TAGS]>, Vec<u8>)) -> bool {
        let (emissions, predicted) = scratch;
        self.emissions_of(seq, emissions);
        viterbi(&Raw(self), emissions, predicted);
        let wrong = *predicted != seq.gold;
        if wrong {
            let c = self.c;
            for i in 0..seq.len() {
                let (g, p) = (seq.gold[i] as usize, predicted[i] as usize);
                if g != p {
                    for &f in &seq.features[seq.offsets[i]..seq.offsets[i + 1]] {
                        let f = f as usize;
                        self.w[f][g] += 1.0;
                        self.u[f][g] += c;
                        self.w[f][p] -= 1.0;
                        self.u[f][p] -= c;
                    }
                }
                let (gp, pp) = if i == 0 {
                    (None, None)
                } else {
                    (Some(seq.gold[i - 1] as usize), Some(predicted[i - 1] as usize))
                };
                if (gp, g) != (pp, p) {
                    match (gp, pp) {
                        (Some(gp), Some(pp)) => {
                            *self.transitions.pair_mut(gp, g) += 1.0;
                            *self.transitions_u.pair_mut(gp, g) += c;
                            *self.transitions.pair_mut(pp, p) -= 1.0;
                            *self.transitions_u.pair_mut(pp, p) -= c;
                        }
                        _ => {
                            self.transitions.start[g] += 1.0;
                            self.transitions_u.start[g] += c;
                            self.transitions.start[p] -= 1.0;
                            self.transitions_u.start[p] -= c;
                        }
                    }
                }
            }
            let (g, p) = (*seq.gold.last().unwrap_or(&0) as usize, *predicted.last().unwrap_or(&0) as usize);
            if g != p {
                self.transitions.end[g] += 1.0;
                self.transitions_u.end[g] += c;
                self.transitions.end[p] -= 1.0;
                self.transitions_u.end[p] -= c;
            }
        }
        self.c += 1.0;
        wrong
    }

    /// The averaged weights, as a scorer over raw feature hashes (for
    /// evaluating on data that was not interned).
    pub fn averaged(&self) -> Averaged {
        let c = self.c;
        let avg = |w: f32, u: f32| w - u / c;
        let mut by_hash = HashMap::with_capacity(self.w.len());
        for (k, (w, u)) in self.w.iter().zip(&self.u).enumerate() {
            let mut a = [0f32; N_TAGS];
            for t in 0..N_TAGS {
                a[t] = avg(w[t], u[t]);
            }
            by_hash.insert(self.hashes[k], a);
        }
        Averaged { by_hash, transitions: self.transitions.zip_with(&self.transitions_u, avg) }
    }
}

/// The raw (non-averaged) weights as a scorer, for decoding during training.
struct Raw<'a>(&'a Trainer);

impl Scorer for Raw<'_> {
    fn emissions(&self, _: &[u64], _: &mut [f32; N_TAGS]) {}
    fn transitions(&self) -> &Transitions {
        &self.0.transitions
    }
}

/// Averaged weights by feature hash.
pub struct Averaged {
    by_hash: HashMap<u64, [f32; N_TAGS]>,
    transitions: Transitions,
}

impl Scorer for Averaged {
    fn emissions(&self, features: &[u64], out: &mut [f32; N_TAGS]) {
        for f in features {
            if let Some(w) = self.by_hash.get(f) {
                for (o, x) in out.iter_mut().zip(w) {
                    *o += x;
                }
            }
        }
    }
    fn transitions(&self) -> &Transitions {
        &self.transitions
    }
}

impl Averaged {
    /// Model file bytes, keeping the `keep` features with the largest
    /// weights (by their largest absolute weight); 32-bit key collisions are
    /// merged by summing.
    pub fn export(&self, keep: usize) -> Vec<u8> {
        let mut ranked: Vec<(u64, &[f32; N_TAGS], f32)> = self
            .by_hash
            .iter()
            .map(|(&h, w)| (h, w, w.iter().fold(0f32, |m, &x| m.max(x.abs()))))
            .filter(|(_, _, m)| *m > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        ranked.truncate(keep);
        let mut folded: HashMap<u32, [f32; N_TAGS]> = HashMap::with_capacity(ranked.len());
        for (h, w, _) in ranked {
            let slot = folded.entry(fold(h)).or_insert([0.0; N_TAGS]);
            for (s, x) in slot.iter_mut().zip(w) {
                *s += x;
            }
        }
        let mut features: Vec<(u32, [f32; N_TAGS])> = folded.into_iter().collect();
        features.sort_by_key(|(k, _)| *k);
        write_model(&self.transitions, &features)
    }

    /// Number of features with a non-zero weight.
    pub fn nonzero_features(&self) -> usize {
        self.by_hash.values().filter(|w| w.iter().any(|&x| x != 0.0)).count()
    }
}
