//! `nutgraf-train`: trains the entity tagger and writes `core/data/ner.model`.
//!
//! ```text
//! cargo run --release -p nutgraf-train -- [--train FILE]... [--dev FILE]... \
//!     [--epochs N] [--keep N] [--seed N] [--out PATH]
//! ```
//!
//! Defaults: every `../shared/eval/*/train.jsonl` for training, every
//! `../shared/eval/*/dev.jsonl` for choosing the number of epochs, 15 epochs,
//! the 8,500 strongest features kept, output `core/data/ner.model`.
//!
//! The training texts go through exactly the pipeline extraction uses
//! (clean → segment → features), and gold spans (code-point offsets, as in
//! `../shared/eval/FORMAT.md`) are aligned to its tokens. Spans in boilerplate,
//! byline or dateline blocks are not tagger material (bylines and datelines
//! are handled by rule) and are skipped; gold spans that do not start and end
//! on token boundaries are counted and skipped.
//!
//! The report gives dev precision, recall and F1 after each epoch (averaged
//! weights, full post-processing), the epoch chosen, and the F1 of the
//! exported, quantized model — the number `bash scripts/eval` reproduces.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use nutgraf_core::clean::clean;
use nutgraf_core::entities::features::{prepare, token_features};
use nutgraf_core::entities::model::{Model, Scorer};
use nutgraf_core::entities::recognize_with;
use nutgraf_core::entities::tags::{encode, O, TYPES};
use nutgraf_core::entities::train::{Sequence, Trainer};
use nutgraf_core::segment::segment;
use serde_json::Value;

struct Options {
    train: Vec<PathBuf>,
    dev: Vec<PathBuf>,
    epochs: usize,
    keep: usize,
    seed: u64,
    out: PathBuf,
}

/// A gold document: text and entity spans in byte offsets with CoNLL labels.
struct GoldDoc {
    text: String,
    entities: Vec<(usize, usize, String)>,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("nutgraf-train: {e}");
        std::process::exit(2);
    }
}

fn glob_eval(split: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(dirs) = std::fs::read_dir("../shared/eval") {
        for dir in dirs.flatten() {
            let p = dir.path().join(format!("{split}.jsonl"));
            if p.exists() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options { train: vec![], dev: vec![], epochs: 15, keep: 8_500, seed: 7, out: "core/data/ner.model".into() };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--train" => o.train.push(value()?.into()),
            "--dev" => o.dev.push(value()?.into()),
            "--epochs" => o.epochs = value()?.parse().map_err(|_| "--epochs needs a number")?,
            "--keep" => o.keep = value()?.parse().map_err(|_| "--keep needs a number")?,
            "--seed" => o.seed = value()?.parse().map_err(|_| "--seed needs a number")?,
            "--out" => o.out = value()?.into(),
            "-h" | "--help" => {
                println!("usage: nutgraf-train [--train FILE]... [--dev FILE]... [--epochs N] [--keep N] [--seed N] [--out PATH]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.train.is_empty() {
        o.train = glob_eval("train");
    }
    if o.dev.is_empty() {
        o.dev = glob_eval("dev");
    }
    if o.train.is_empty() {
        return Err("no training data (looked for ../shared/eval/*/train.jsonl)".into());
    }
    Ok(o)
}

/// Byte offset of each code-point offset of `text` (one extra for the end).
fn codepoint_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

fn load(path: &PathBuf) -> Result<Vec<GoldDoc>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = v["text"].as_str().unwrap_or("").to_string();
        let map = codepoint_to_byte(&text);
        let mut entities = Vec::new();
        for e in v["entities"].as_array().into_iter().flatten() {
            let (Some(s), Some(t)) = (e["start"].as_u64(), e["end"].as_u64()) else { continue };
            let (Some(&s), Some(&t)) = (map.get(s as usize), map.get(t as usize)) else { continue };
            entities.push((s, t, e["label"].as_str().unwrap_or("MISC").to_string()));
        }
        docs.push(GoldDoc { text, entities });
    }
    Ok(docs)
}

/// Words that stay lowercase in Title Case.
const SMALL_WORDS: [&str; 18] =
    ["a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "with", "as", "from", "vs", "but", "into"];

/// `text` in Title Case, byte for byte the same length (ASCII only).
fn title_case(text: &str) -> Option<String> {
    if !text.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (k, word) in text.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        if k > 0 && SMALL_WORDS.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    Some(out)
}

/// Training data has wire headlines in capitals; web headlines are in
/// Title Case. A copy of each document with its headline in Title Case
/// teaches the tagger not to read every capital there as a name. Offsets
/// are unchanged (ASCII case mapping keeps lengths).
fn title_case_headline(doc: &GoldDoc) -> Option<GoldDoc> {
    let end = doc.text.find('\n')?;
    let headline = &doc.text[..end];
    if headline.chars().any(char::is_lowercase) {
        return None;
    }
    let titled = title_case(headline)?;
    Some(GoldDoc { text: format!("{titled}{}", &doc.text[end..]), entities: doc.entities.clone() })
}

fn type_index(label: &str) -> usize {
    match label {
        "PER" | "PERSON" => 0,
        "ORG" => 1,
        "LOC" | "GPE" | "FAC" => 2,
        _ => 3,
    }
}

/// Turns gold documents into interned training sequences.
fn sequences(docs: &[GoldDoc], trainer: &mut Trainer) -> (Vec<Sequence>, usize, usize) {
    let mut out = Vec::new();
    let (mut aligned, mut skipped) = (0usize, 0usize);
    let mut hashes = Vec::with_capacity(64);
    for gold in docs {
        let cleaned = clean(&gold.text);
        let seg = segment(&cleaned.blocks);
        let doc = prepare(&gold.text, &seg, &cleaned.blocks);
        let starts: HashMap<usize, usize> = seg.tokens.iter().enumerate().map(|(i, t)| (t.start, i)).collect();
        let ends: HashMap<usize, usize> = seg.tokens.iter().enumerate().map(|(i, t)| (t.end, i)).collect();
        let mut tags = vec![O; seg.tokens.len()];
        let mut in_tokens = vec![false; seg.tokens.len()];
        for &(s, e, ref label) in &gold.entities {
            match (starts.get(&s), ends.get(&e)) {
                (Some(&a), Some(&b)) if a <= b && tags[a..=b].iter().all(|&t| t == O) => {
                    encode(type_index(label), b - a + 1, &mut tags[a..=b]);
                    in_tokens[a..=b].iter_mut().for_each(|x| *x = true);
                    aligned += 1;
                }
                _ => {
                    // Outside the content blocks (byline, dateline) or not
                    // on token boundaries.
                    if seg.tokens.iter().any(|t| t.start < e && t.end > s) {
                        skipped += 1;
                    }
                }
            }
        }
        for (k, sentence) in seg.sentences.iter().enumerate() {
            let range = sentence.tokens.clone();
            let mut seq = Sequence::default();
            seq.offsets.push(0);
            for i in range.clone() {
                hashes.clear();
                token_features(&doc, k, range.clone(), i, &mut hashes);
                for &h in &hashes {
                    let idx = trainer.intern(h);
                    seq.features.push(idx);
                }
                seq.offsets.push(seq.features.len());
                seq.gold.push(tags[i]);
            }
            if !seq.is_empty() {
                out.push(seq);
            }
        }
    }
    (out, aligned, skipped)
}

/// Micro and per-type P/R/F1 of `scorer` on gold documents, after the full
/// post-processing of the entities stage.
fn evaluate(scorer: &impl Scorer, docs: &[GoldDoc]) -> (f64, f64, f64, [f64; 4]) {
    let (mut tp, mut npred, mut ngold) = (0usize, 0usize, 0usize);
    let mut per = [[0usize; 3]; 4];
    for gold in docs {
        let cleaned = clean(&gold.text);
        let seg = segment(&cleaned.blocks);
        let found =
            recognize_with(scorer, &gold.text, &seg, &cleaned.blocks, cleaned.byline.as_ref(), cleaned.dateline.as_ref());
        let predicted: std::collections::HashSet<(usize, usize, usize)> =
            found.iter().map(|m| (m.start, m.end, type_index(&m.label))).collect();
        let expected: std::collections::HashSet<(usize, usize, usize)> =
            gold.entities.iter().map(|(s, e, l)| (*s, *e, type_index(l))).collect();
        tp += predicted.intersection(&expected).count();
        npred += predicted.len();
        ngold += expected.len();
        for (ty, counts) in per.iter_mut().enumerate() {
            counts[0] += predicted.iter().filter(|x| x.2 == ty && expected.contains(x)).count();
            counts[1] += predicted.iter().filter(|x| x.2 == ty).count();
            counts[2] += expected.iter().filter(|x| x.2 == ty).count();
        }
    }
    let f = |tp: usize, np: usize, ng: usize| {
        let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
        let r = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    let (p, r, f1) = f(tp, npred, ngold);
    let mut per_f1 = [0.0; 4];
    for ty in 0..4 {
        per_f1[ty] = f(per[ty][0], per[ty][1], per[ty][2]).2;
    }
    (p, r, f1, per_f1)
}

fn run() -> Result<(), String> {
    let o = parse_args()?;
    let started = Instant::now();
    let mut train_docs = Vec::new();
    for p in &o.train {
        train_docs.extend(load(p)?);
    }
    let mut dev_docs = Vec::new();
    for p in &o.dev {
        dev_docs.extend(load(p)?);
    }
    let augmented: Vec<GoldDoc> = train_docs.iter().filter_map(title_case_headline).collect();
    // Lowercase pastes exist too; a lowercased copy of every fourth
    // document teaches the tagger to lean on words and gazetteers there.
    let lowercased: Vec<GoldDoc> = train_docs
        .iter()
        .step_by(4)
        .filter(|d| d.text.is_ascii())
        .map(|d| GoldDoc { text: d.text.to_ascii_lowercase(), entities: d.entities.clone() })
        .collect();
    println!("augmented: {} Title Case headline copies, {} lowercased documents", augmented.len(), lowercased.len());
    train_docs.extend(augmented);
    train_docs.extend(lowercased);
    let mut trainer = Trainer::new();
    let (seqs, aligned, skipped) = sequences(&train_docs, &mut trainer);
    let tokens: usize = seqs.iter().map(Sequence::len).sum();
    println!(
        "train: {} documents, {} sentences, {} tokens, {} gold spans aligned, {} skipped; {} features ({:.1}s)",
        train_docs.len(),
        seqs.len(),
        tokens,
        aligned,
        skipped,
        trainer.feature_count(),
        started.elapsed().as_secs_f64()
    );
    println!("dev:   {} documents from {:?}", dev_docs.len(), o.dev);
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    let mut rng = o.seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut scratch = (Vec::new(), Vec::new());
    let mut best: Option<(f64, usize, Vec<u8>)> = None;
    for epoch in 1..=o.epochs {
        // Fisher–Yates with a fixed LCG: reproducible runs.
        for i in (1..order.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (rng >> 33) as usize % (i + 1);
            order.swap(i, j);
        }
        let errors = order.iter().filter(|&&k| trainer.learn(&seqs[k], &mut scratch)).count();
        let averaged = trainer.averaged();
        let (p, r, f1, per) = if dev_docs.is_empty() { (0.0, 0.0, 0.0, [0.0; 4]) } else { evaluate(&averaged, &dev_docs) };
        println!(
            "epoch {epoch:2}: {errors:5} wrong sentences; dev P {p:.4} R {r:.4} F1 {f1:.4} (PER {:.3} ORG {:.3} LOC {:.3} MISC {:.3}) {:.0}s",
            per[0],
            per[1],
            per[2],
            per[3],
            started.elapsed().as_secs_f64()
        );
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) || dev_docs.is_empty() {
            best = Some((f1, epoch, averaged.export(o.keep)));
        }
    }
    let (f1, epoch, bytes) = best.ok_or("no epochs run")?;
    let model = Model::from_bytes(&bytes)?;
    let (p, r, qf1, per) = if dev_docs.is_empty() { (0.0, 0.0, 0.0, [0.0; 4]) } else { evaluate(&model, &dev_docs) };
    std::fs::write(&o.out, &bytes).map_err(|e| format!("cannot write {}: {e}", o.out.display()))?;
    println!(
        "chose epoch {epoch} (dev F1 {f1:.4}); exported {} features, {} bytes to {}",
        model.feature_count(),
        bytes.len(),
        o.out.display()
    );
    println!(
        "quantized model: dev P {p:.4} R {r:.4} F1 {qf1:.4} ({} {:.3}, {} {:.3}, {} {:.3}, {} {:.3})",
        TYPES[0], per[0], TYPES[1], per[1], TYPES[2], per[2], TYPES[3], per[3]
    );
    Ok(())
}
