//! People, roles and records.
//!
//! - The sample article (`tests/fixtures/paste/putin-zelenskyy.txt`): the
//!   people list is exactly the 15 people of the issue tracker's table, with
//!   their aliases and roles, and the places and organizations it names carry
//!   the right codes and kinds (a golden test written by hand from the
//!   article, not generated).
//! - `tests/cases/people.json`: role and coreference cases written
//!   independently of the implementation (see `tests/README.md`); every case
//!   must pass.

use std::path::Path;

use nutgraf_core::{extract, Options, Person};
use serde_json::{json, Value};

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A person as the expectations write it.
fn person_json(p: &Person) -> Value {
    json!({
        "name": p.record.name,
        "aliases": p.record.aliases,
        "roles": p.roles.iter().map(|r| json!({
            "title": r.title, "organization": r.organization, "country": r.country, "former": r.former,
        })).collect::<Vec<_>>(),
    })
}

/// Mismatches of `expected` (keys it lists must match; arrays must match
/// element by element).
fn mismatches(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                mismatches(v, a.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                mismatches(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {e}, got {a}")),
    }
}

#[test]
fn sample_article_people_and_roles() {
    let text = std::fs::read_to_string(repo("tests/fixtures/paste/putin-zelenskyy.txt")).expect("sample");
    let article = extract(&text, &Options::default()).expect("extract");
    let role = |title: &str, organization: Option<&str>, country: Option<&str>, former: bool| {
        json!({"title": title, "organization": organization, "country": country, "former": former})
    };
    let expected = json!([
        {"name": "Vladimir Putin", "aliases": ["Putin"], "roles": [role("President", None, Some("RU"), false)]},
        {"name": "Volodymyr Zelenskyy", "aliases": ["Zelenskyy", "Zelensky"], "roles": [role("President", None, Some("UA"), false)]},
        {"name": "Karoline Leavitt", "aliases": ["Leavitt"], "roles": [role("Press Secretary", Some("White House"), None, false)]},
        {"name": "Donald Trump", "aliases": ["Trump"], "roles": [role("President", None, None, true)]},
        {"name": "J.D. Vance", "aliases": [], "roles": [role("Vice President", None, None, false)]},
        {"name": "Marco Rubio", "aliases": [], "roles": [role("Secretary of State", None, None, false)]},
        {"name": "Steve Witkoff", "aliases": [], "roles": [role("Special Envoy", None, None, false)]},
        {"name": "Emmanuel Macron", "aliases": ["Macron"], "roles": [role("President", None, Some("FR"), false)]},
        {"name": "Friedrich Merz", "aliases": ["Merz"], "roles": [role("Chancellor", None, Some("DE"), false)]},
        {"name": "Giorgia Meloni", "aliases": [], "roles": [role("Prime Minister", None, Some("IT"), false)]},
        {"name": "Ursula von der Leyen", "aliases": [], "roles": [role("chief", Some("European Commission"), None, false)]},
        {"name": "Mark Rutte", "aliases": [], "roles": [role("Secretary-General", Some("NATO"), None, false)]},
        {"name": "Alexander Stubb", "aliases": [], "roles": [role("President", None, Some("FI"), false)]},
        {"name": "Keir Starmer", "aliases": [], "roles": [role("Prime Minister", None, Some("GB"), false)]},
        {"name": "Sergey Lavrov", "aliases": [], "roles": [role("Foreign Minister", None, Some("RU"), false)]},
    ]);
    let actual = Value::Array(article.people.iter().map(person_json).collect());
    let mut problems = Vec::new();
    if expected.as_array().map(Vec::len) != actual.as_array().map(Vec::len) {
        problems.push(format!("expected 15 people, got {}: {:?}", article.people.len(),
            article.people.iter().map(|p| &p.record.name).collect::<Vec<_>>()));
    } else {
        mismatches(&expected, &actual, "people", &mut problems);
    }
    // Places with codes and kinds, organizations.
    let place = |name: &str| article.places.iter().find(|p| p.record.name == name);
    for (name, code, kind) in [
        ("Russia", "RU", "country"), ("Ukraine", "UA", "country"), ("United States", "US", "country"),
        ("Alaska", "US", "state"), ("Geneva", "CH", "city"), ("Budapest", "HU", "city"), ("Moscow", "RU", "city"),
        ("France", "FR", "country"), ("Germany", "DE", "country"), ("United Kingdom", "GB", "country"),
    ] {
        match place(name) {
            Some(p) if p.country.as_deref() == Some(code) && p.kind.as_deref() == Some(kind) => {}
            other => problems.push(format!("place {name}: expected {code} {kind}, got {:?}", other.map(|p| (&p.country, &p.kind)))),
        }
    }
    let us = place("United States").map(|p| p.record.aliases.clone()).unwrap_or_default();
    if us != ["U.S."] {
        problems.push(format!("United States should group U.S.: aliases {us:?}"));
    }
    let orgs: Vec<&str> = article.organizations.iter().map(|o| o.record.name.as_str()).collect();
    for name in ["White House", "NATO", "European Commission", "Kremlin"] {
        if !orgs.contains(&name) {
            problems.push(format!("organization {name} missing from {orgs:?}"));
        }
    }
    // Every mention of a person, place, organization or group links to a record.
    for e in &article.entities {
        if e.label != "MISC" && e.entity.is_none() {
            problems.push(format!("mention {:?} has no record", e.text));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn people_cases() {
    let path = repo("tests/cases/people.json");
    let Ok(data) = std::fs::read_to_string(&path) else { panic!("{} is missing", path.display()) };
    let cases: Vec<Value> = serde_json::from_str(&data).expect("JSON");
    assert!(cases.len() >= 40, "at least 40 people cases");
    let mut failures = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().expect("text");
        let article = extract(text, &Options::default()).expect("extract");
        let actual = Value::Array(article.people.iter().map(person_json).collect());
        let mut problems = Vec::new();
        let expected = &case["people"];
        if expected.as_array().map(Vec::len) != actual.as_array().map(Vec::len) {
            problems.push(format!(
                "expected people {:?}, got {:?}",
                expected.as_array().into_iter().flatten().map(|p| p["name"].as_str().unwrap_or("?")).collect::<Vec<_>>(),
                article.people.iter().map(|p| p.record.name.as_str()).collect::<Vec<_>>()
            ));
        } else {
            mismatches(expected, &actual, "people", &mut problems);
        }
        if !problems.is_empty() {
            failures.push(format!("{} ({}):\n    {}", case["name"], case["comment"].as_str().unwrap_or(""), problems.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} people cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// An organization named only by its acronym joins the one organization of
/// the article whose initials spell it; with two candidates it joins neither.
#[test]
fn acronyms_join_the_organization_they_abbreviate() {
    let orgs = |text: &str| -> Vec<(String, Vec<String>)> {
        let article = extract(text, &Options::default()).expect("extract");
        article.organizations.iter().map(|o| (o.record.name.clone(), o.record.aliases.clone())).collect()
    };
    let joined = orgs(
        "Talks between the British Medical Association and the government broke down on Friday.\n\n\
         The BMA said doctors had been left with no choice.",
    );
    assert_eq!(joined, vec![("British Medical Association".to_string(), vec!["BMA".to_string()])]);

    let ambiguous = orgs(
        "Shares in British Airways and Bank of America fell on Monday after the Basel Agreement talks.\n\n\
         A BA spokesman declined to comment.",
    );
    assert!(ambiguous.iter().all(|(_, aliases)| aliases.is_empty()), "{ambiguous:?}");
}
