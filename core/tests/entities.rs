//! Entity recognition against hand-annotated expectations.
//!
//! - `tests/cases/entities.json`: short cases, each pinning one behaviour
//!   (titles outside names, possessives, hyphen compounds, datelines,
//!   Title Case and capitals headlines, lists, spelling variants). Every case
//!   must pass.
//! - The sample article (`tests/fixtures/paste/putin-zelenskyy.txt`) against
//!   its gold annotation (`tests/eval/putin-zelenskyy.gold.jsonl`): micro-F1
//!   over exact spans and coarse labels, as `../shared/eval/score.py`
//!   computes it, must stay at or above 0.95, and every one of its 15 people
//!   must be found with the exact span.

use std::collections::HashSet;
use std::path::Path;

use nutgraf_core::{extract, extract_with_offsets, OffsetUnit, Options};
use serde_json::Value;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

#[test]
fn entity_cases() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(repo("tests/cases/entities.json")).expect("cases")).expect("JSON");
    let mut failures = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().expect("text");
        let expected: Vec<(String, String)> = case["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| (e[0].as_str().unwrap_or("").to_string(), e[1].as_str().unwrap_or("").to_string()))
            .collect();
        let article = extract(text, &Options::default()).expect("extract");
        let actual: Vec<(String, String)> = article.entities.iter().map(|e| (e.text.clone(), e.label.clone())).collect();
        if actual != expected {
            failures.push(format!("{}:\n    expected {expected:?}\n    actual   {actual:?}", case["name"]));
        }
    }
    assert!(failures.is_empty(), "{} of {} entity cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

fn coarse(label: &str) -> &'static str {
    match label {
        "PER" | "PERSON" => "PER",
        "ORG" => "ORG",
        "LOC" | "GPE" => "LOC",
        _ => "MISC",
    }
}

#[test]
fn sample_article_against_gold() {
    let gold: Value = serde_json::from_str(
        std::fs::read_to_string(repo("tests/eval/putin-zelenskyy.gold.jsonl")).expect("gold").lines().next().expect("line"),
    )
    .expect("JSON");
    let text = gold["text"].as_str().expect("text");
    let article = extract_with_offsets(text, &Options::default(), OffsetUnit::Codepoint).expect("extract");
    let predicted: HashSet<(u64, u64, &str)> =
        article.entities.iter().map(|e| (e.start as u64, e.end as u64, coarse(&e.label))).collect();
    let expected: HashSet<(u64, u64, &str)> = gold["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| (e["start"].as_u64().unwrap_or(0), e["end"].as_u64().unwrap_or(0), coarse(e["label"].as_str().unwrap_or(""))))
        .collect();
    let tp = predicted.intersection(&expected).count() as f64;
    let f1 = 2.0 * tp / (predicted.len() + expected.len()) as f64;
    assert!(f1 >= 0.95, "sample micro-F1 {f1:.3} < 0.95");

    let people = [
        "Vladimir Putin", "Volodymyr Zelenskyy", "Karoline Leavitt", "Donald Trump", "J.D. Vance", "Marco Rubio",
        "Steve Witkoff", "Emmanuel Macron", "Friedrich Merz", "Giorgia Meloni", "Ursula von der Leyen", "Mark Rutte",
        "Alexander Stubb", "Keir Starmer", "Sergey Lavrov",
    ];
    let found: HashSet<&str> =
        article.entities.iter().filter(|e| e.label == "PERSON").map(|e| e.text.as_str()).collect();
    let missing: Vec<&&str> = people.iter().filter(|p| !found.contains(**p)).collect();
    assert!(missing.is_empty(), "people not found with their exact span: {missing:?}");
}
