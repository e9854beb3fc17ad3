//! Throughput benchmark of nutgraf-core.
//!
//! ```text
//! cargo run --release -p nutgraf-bench -- [--stage clean|segment|entities|extract|json] [--iterations N] [FILE.jsonl ...]
//! ```
//!
//! Reads the `text` field of every line of the given JSON Lines files
//! (default: `../shared/eval/conll2003/dev.jsonl`), runs one warm-up pass and
//! then `N` timed passes (default 20) of the chosen stage on one thread, and
//! prints bytes/s, articles/s, per-article latency percentiles and the
//! process's peak resident memory. Stages:
//!
//! - `clean`: cleaning only (blocks, headline, byline, dateline);
//! - `segment`: cleaning, tokenization and sentences (what the foundation
//!   issue's 50 MB/s bar measures);
//! - `entities`: cleaning, segmentation and the entity tagger (the
//!   entities issue's 5 MB/s bar);
//! - `extract`: the whole core pipeline (`nutgraf_core::extract`), entities
//!   included;
//! - `json`: `extract` plus conversion to code-point offsets and JSON
//!   serialization, what the CLI does per article.
//!
//! Figures belong in benchmarks like this one, not in timed tests.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nutgraf_core::{clean::clean, entities::recognize, extract, extract_with_offsets, segment::segment, OffsetUnit, Options};

/// Many small, short-lived allocations per article: mimalloc serves them
/// faster than the system allocator (the core itself does not choose).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Clean,
    Segment,
    Entities,
    Extract,
    Json,
}

fn main() {
    if let Err(message) = run() {
        eprintln!("nutgraf-bench: {message}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut stage = Stage::Extract;
    let mut iterations = 20usize;
    let mut files = Vec::new();
    let mut layers: Option<Vec<String>> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--stage" => {
                stage = match args.next().as_deref() {
                    Some("clean") => Stage::Clean,
                    Some("segment") => Stage::Segment,
                    Some("entities") => Stage::Entities,
                    Some("extract") => Stage::Extract,
                    Some("json") => Stage::Json,
                    other => return Err(format!("unknown stage {other:?} (clean|segment|entities|extract|json)")),
                }
            }
            "--iterations" => {
                iterations = args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).ok_or("--iterations needs a positive number")?
            }
            "--layers" => {
                let list = args.next().ok_or("--layers needs a comma-separated list (may be empty)")?;
                layers = Some(list.split(',').filter(|l| !l.is_empty()).map(str::to_string).collect());
            }
            "-h" | "--help" => {
                println!("usage: nutgraf-bench [--stage clean|segment|entities|extract|json] [--layers L1,L2,…] [--iterations N] [FILE.jsonl ...]");
                return Ok(());
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        files.push("../shared/eval/conll2003/dev.jsonl".to_string());
    }
    let mut texts = Vec::new();
    for file in &files {
        let data = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{file}: {e}"))?;
            if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
                texts.push(text.to_string());
            }
        }
    }
    if texts.is_empty() {
        return Err("no texts found".into());
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    // Tokens of the content blocks: what the entity tagger runs over.
    let tokens: usize = texts.iter().map(|t| segment(&clean(t).blocks).tokens.len()).sum();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let options = Options { layers, ..Options::default() };
    if let Err(e) = extract("", &options) {
        return Err(e.to_string());
    }
    let run_one = |text: &str| match stage {
        Stage::Clean => {
            black_box(clean(text));
        }
        Stage::Segment => {
            let cleaned = clean(text);
            black_box(segment(&cleaned.blocks));
        }
        Stage::Entities => {
            let cleaned = clean(text);
            let seg = segment(&cleaned.blocks);
            black_box(recognize(text, &seg, &cleaned.blocks, cleaned.byline.as_ref(), cleaned.dateline.as_ref()));
        }
        Stage::Extract => {
            black_box(extract(text, &options).ok());
        }
        Stage::Json => {
            let article = extract_with_offsets(text, &options, OffsetUnit::Codepoint).ok();
            black_box(article.map(|a| serde_json::to_string(&a).map(|s| s.len())));
        }
    };
    for text in &texts {
        run_one(text);
    }
    let mut latencies = Vec::with_capacity(texts.len() * iterations);
    let started = Instant::now();
    for _ in 0..iterations {
        for text in &texts {
            let t = Instant::now();
            run_one(text);
            latencies.push(t.elapsed());
        }
    }
    let total = started.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let secs = total.as_secs_f64();
    let processed = (bytes * iterations) as f64;
    println!("stage            {stage:?} (one thread, {iterations} timed passes after one warm-up)");
    println!("input            {} articles, {} bytes, {} characters, {} tokens ({})", texts.len(), bytes, chars, tokens, files.join(", "));
    println!("throughput       {:.1} MB/s   {:.0} characters/s   {:.0} tokens/s   {:.0} articles/s",
        processed / secs / 1e6, (chars * iterations) as f64 / secs, (tokens * iterations) as f64 / secs,
        (texts.len() * iterations) as f64 / secs);
    println!("latency/article  p50 {}   p99 {}   max {}", fmt(pct(0.5)), fmt(pct(0.99)), fmt(pct(1.0)));
    println!("peak memory      {}", peak_memory().unwrap_or_else(|| "unknown (no /proc/self/status)".into()));
    Ok(())
}

fn fmt(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Peak resident set size (Linux `VmHWM`).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
