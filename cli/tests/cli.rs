//! End-to-end tests of the `nutgraf` binary: arguments, exit codes, offset
//! units, batch order and per-line errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn nutgraf() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nutgraf"))
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = nutgraf()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nutgraf runs");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    child.wait_with_output().expect("nutgraf finishes")
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paste/putin-zelenskyy.txt")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nutgraf-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

#[test]
fn extract_file_prints_the_article() {
    let out = nutgraf().args(["extract"]).arg(sample()).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let article: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(article["title"], "Putin Agrees to Meet Zelenskyy in Bilateral Talks, White House Confirms");
    assert_eq!(article["offset_unit"], "codepoint");
    assert_eq!(article["schema_version"], "1.1");
}

#[test]
fn extract_reads_stdin_and_pretty_prints() {
    let out = run_with_stdin(&["extract", "-", "--pretty"], "Title Here\n\nA body sentence.".as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("\n  \"schema_version\""), "pretty output is indented");
}

#[test]
fn offsets_follow_the_requested_unit() {
    let text = "😀 Title\n\nÉmile said hi. 東京 is big.";
    for (unit, expected_start) in [("codepoint", 9u64), ("utf16", 10), ("utf8", 12)] {
        let out = run_with_stdin(&["extract", "--offsets", unit], text.as_bytes());
        assert!(out.status.success());
        let article: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let body = &article["blocks"][1];
        assert_eq!(body["text"], "Émile said hi. 東京 is big.");
        assert_eq!(body["start"].as_u64(), Some(expected_start), "unit {unit}");
        assert_eq!(article["offset_unit"], unit);
    }
}

#[test]
fn invalid_utf8_names_the_position() {
    let path = temp_file("bad.txt", b"Good line\nbad \xff byte");
    let out = nutgraf().arg("extract").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid UTF-8 at byte 14 (line 2, column 5)"), "{err}");
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = nutgraf().args(["extract", "/nonexistent/article.txt"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/article.txt"));
}

#[test]
fn usage_errors_exit_2() {
    let out = nutgraf().args(["extract", "--offsets", "bytes"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let help = nutgraf().arg("--help").output().expect("runs");
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes"));
}

#[test]
fn batch_keeps_order_and_reports_bad_lines() {
    let mut input = String::new();
    for i in 0..1500 {
        input.push_str(&format!("{{\"id\": \"doc-{i}\", \"text\": \"Headline {i}\\n\\nBody of article {i}. Second sentence.\"}}\n"));
        if i == 700 {
            input.push_str("{not json\n");
            input.push_str("{\"id\": 42, \"body\": \"no text field\"}\n");
            input.push('\n'); // blank lines carry no document and get no output line
        }
    }
    let path = temp_file("batch.jsonl", input.as_bytes());
    let out_path = path.with_extension("out.jsonl");
    let out = nutgraf().arg("batch").arg(&path).arg("-o").arg(&out_path).args(["--threads", "2"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "bad lines make the exit code 1");
    let output = std::fs::read_to_string(&out_path).expect("output written");
    let lines: Vec<Value> = output.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines.len(), 1502, "one output line per non-blank input line");
    assert_eq!(lines[0]["id"], "doc-0");
    assert_eq!(lines[0]["title"], "Headline 0");
    assert_eq!(lines[701]["id"], Value::Null);
    assert!(lines[701]["error"].as_str().expect("error").contains("line 702: not JSON"));
    assert_eq!(lines[702]["id"], 42);
    assert!(lines[702]["error"].as_str().expect("error").contains("no \"text\" (or \"html\") string"));
    assert_eq!(lines[703]["id"], "doc-701");
    assert_eq!(lines[1501]["id"], "doc-1499");
    assert_eq!(lines[1501]["sentences"][1]["text"], "Body of article 1499.");
}

#[test]
fn batch_output_is_scorable() {
    // The CLI's JSON is already in the evaluation format: entities and
    // quotes lists with start/end in code points.
    let out = run_with_stdin(&["batch", "-"], br#"{"id": "a", "text": "Title\n\nText."}"#);
    assert!(out.status.success());
    let line: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(line["id"], "a");
    assert!(line["entities"].is_array() && line["quotes"].is_array());
}

#[test]
fn published_date_resolves_relative_dates() {
    let out = run_with_stdin(&["extract", "--published", "2025-08-19"], "Talks\n\nThe minister spoke on Tuesday.".as_bytes());
    assert!(out.status.success());
    let article: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(article["reference_date"], "2025-08-19");
    assert_eq!(article["dates"][0]["text"], "Tuesday");
    assert_eq!(article["dates"][0]["value"], "2025-08-19");
    // A batch line's own "published" overrides the option; a bad one is that line's error.
    let input = "{\"id\": 1, \"text\": \"She left on Friday.\", \"published\": \"2025-08-19\"}\n{\"id\": 2, \"text\": \"x\", \"published\": \"19/08/2025\"}\n";
    let out = run_with_stdin(&["batch", "-", "--published", "2024-01-01"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines[0]["dates"][0]["value"], "2025-08-15");
    assert!(lines[1]["error"].as_str().expect("error").contains("YYYY-MM-DD"));
    let bad = run_with_stdin(&["extract", "--published", "tomorrow"], b"text");
    assert_eq!(bad.status.code(), Some(3));
}

#[test]
fn html_pages_by_format_and_charset() {
    let page = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><title>Caf\xe9 opens | Courier</title></head>\
<body><nav><a href=/>Home</a></nav><article><h1>Caf\xe9 opens</h1><p>The caf\xe9 opened on Monday, its owner \
Ren\xe9e Dubois said, \x93after two years of work\x94 in the old station.</p></article></body></html>";
    let path = temp_file("page-1252.html", page);
    for args in [vec!["extract"], vec!["extract", "--format", "html"]] {
        let out = nutgraf().args(&args).arg(&path).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let article: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(article["title"], "Café opens");
        assert!(article["text"].as_str().expect("clean text").contains("“after two years of work”"));
        assert_eq!(article["blocks"][0]["cue"], "navigation");
    }
    // Read as text, the same bytes are invalid UTF-8: a clear error.
    let out = nutgraf().args(["extract", "--format", "text"]).arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8"));
    // A charset nutgraf cannot decode is named.
    let path = temp_file("page-sjis.html", b"<html><head><meta charset=shift_jis></head><body><p>\x82\xa0</p></body></html>");
    let out = nutgraf().args(["extract", "--format", "html"]).arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shift_jis"));
}
