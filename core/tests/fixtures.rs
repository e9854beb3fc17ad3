//! Golden tests over the shared fixtures in `tests/` (see `tests/README.md`).
//!
//! Each fixture pins what cleaning and segmentation must produce for one
//! realistic paste; the same files are read by the Node and Python harnesses.
//! Expectations are partial ("subset") JSON written by hand: a failure lists
//! every mismatching path, so read it and fix the code, or — when the
//! expectation itself is wrong — edit the expectation by hand and say why.

use std::path::{Path, PathBuf};

use nutgraf_core::{extract, segment::split_sentences, tokenize::tokenize, Article, Options};
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

/// Mismatches between `expected` (a subset) and `actual`, as readable lines.
fn subset_mismatches(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e.iter().filter(|(k, _)| !k.starts_with('_')) {
                let sub = format!("{path}.{key}");
                match a.get(key) {
                    Some(actual_value) => subset_mismatches(value, actual_value, &sub, out),
                    None if value.is_null() => {}
                    None => out.push(format!("{sub}: missing, expected {value}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{path}: expected {} elements, got {}", e.len(), a.len()));
                let show = |v: &Vec<Value>| v.iter().map(short).collect::<Vec<_>>().join("\n      ");
                out.push(format!("    expected:\n      {}\n    actual:\n      {}", show(e), show(a)));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset_mismatches(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {e}, got {a}")),
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
            let text = o.get("text").and_then(Value::as_str).unwrap_or("");
            format!("{kind}: {}", text.chars().take(70).collect::<String>())
        }
        Value::String(s) => s.chars().take(80).collect(),
        other => other.to_string(),
    }
}

/// Every span of the article slices `text` to its reported text.
fn span_mismatches(text: &str, article: &Article) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: &str, start: usize, end: usize, reported: &str| {
        if text.get(start..end) != Some(reported) {
            out.push(format!("{what} {start}..{end} does not slice to {reported:?}"));
        }
    };
    for b in &article.blocks {
        check("block", b.start, b.end, &b.text);
    }
    for s in &article.sentences {
        check("sentence", s.start, s.end, &s.text);
    }
    if let Some(b) = &article.byline {
        check("byline", b.start, b.end, &b.text);
    }
    if let Some(d) = &article.dateline {
        check("dateline", d.start, d.end, &d.text);
    }
    out
}

#[test]
fn paste_fixtures() {
    let dir = fixtures_dir().join("fixtures/paste");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/paste exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 25, "expected at least 25 paste fixtures, found {}", names.len());
    let mut failures = Vec::new();
    for path in &names {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let expected_path = path.with_extension("expected.json");
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("expected JSON exists"))
            .expect("expected JSON parses");
        let article = extract(&text, &Options::default()).expect("extract succeeds");
        let mut problems = span_mismatches(&text, &article);
        let actual = serde_json::to_value(&article).expect("article serializes");
        let mut expected_for_article = expected.clone();
        // Sentences are listed as plain strings in the expectations.
        if let Some(Value::Array(sentences)) = expected.get("sentences") {
            let actual_sentences: Vec<Value> = article.sentences.iter().map(|s| Value::String(s.text.clone())).collect();
            subset_mismatches(&Value::Array(sentences.clone()), &Value::Array(actual_sentences), "$.sentences", &mut problems);
            if let Some(o) = expected_for_article.as_object_mut() {
                o.remove("sentences");
            }
        }
        subset_mismatches(&expected_for_article, &actual, "$", &mut problems);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", path.file_name().unwrap_or_default().to_string_lossy(), problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures fail:\n\n{}", failures.len(), names.len(), failures.join("\n\n"));
}

#[test]
fn segmentation_cases() {
    let path = fixtures_dir().join("cases/segmentation.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).expect("cases exist")).expect("cases parse");
    assert!(cases.len() >= 50);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().expect("case has text");
        let expected: Vec<&str> = case["sentences"].as_array().expect("sentences").iter().filter_map(Value::as_str).collect();
        let tokens = tokenize(text);
        let actual: Vec<&str> = split_sentences(text, &tokens).into_iter().map(|(s, e)| &text[s..e]).collect();
        if actual != expected {
            failures.push(format!("{name} ({}):\n    expected {expected:?}\n    actual   {actual:?}", case["comment"].as_str().unwrap_or("")));
        }
    }
    assert!(failures.is_empty(), "{} of {} segmentation cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
