//! HTML input: the golden pages of `tests/fixtures/html/` (metadata, body,
//! furniture set aside, scripts never in the text), offsets into the clean
//! text and the HTML, and malformed or hostile markup.

mod common;

use std::path::PathBuf;

use common::check_invariants;
use nutgraf_core::{extract, extract_html, extract_with_offsets, Article, BlockKind, InputFormat, OffsetUnit, Options};
use proptest::prelude::*;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/html")
}

/// Blocks that make up the article body (what the gold `body` lists).
fn is_body(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Heading | BlockKind::ListItem)
}

/// Extracts `html` as HTML and checks the invariants over its clean text
/// and the block sources over the HTML.
fn extract_page(html: &str) -> Article {
    let article = extract_html(html, &Options::default()).expect("extract_html succeeds");
    let text = article.text.as_deref().expect("HTML input has a clean text");
    if let Err(problem) = check_invariants(text, &article) {
        panic!("{problem}");
    }
    for block in &article.blocks {
        let source = block.source.expect("every block of a page has a source range");
        assert!(source.start <= source.end && source.end <= html.len(), "source {source:?} out of the HTML");
        assert!(html.is_char_boundary(source.start) && html.is_char_boundary(source.end));
    }
    article
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value[key].as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[test]
fn golden_pages() {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/html exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 15, "at least 15 differently built pages, found {}", pages.len());
    let mut failures = Vec::new();
    for page in &pages {
        let name = page.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let html = std::fs::read_to_string(page).expect("page is UTF-8");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(page.with_extension("expected.json")).expect("expectation exists"),
        )
        .expect("expectation is JSON");
        let article = extract_page(&html);
        let text = article.text.clone().unwrap_or_default();
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        let opt = |v: &Value| v.as_str().map(str::to_string);
        if article.title != opt(&expected["title"]) {
            fail(format!("title {:?}, expected {}", article.title, expected["title"]));
        }
        if article.authors != strings(&expected, "authors") {
            fail(format!("authors {:?}, expected {}", article.authors, expected["authors"]));
        }
        if article.published != opt(&expected["published"]) {
            fail(format!("published {:?}, expected {}", article.published, expected["published"]));
        }
        if article.site_name != opt(&expected["site_name"]) {
            fail(format!("site_name {:?}, expected {}", article.site_name, expected["site_name"]));
        }
        let body: Vec<&str> = article.blocks.iter().filter(|b| is_body(b.kind)).map(|b| b.text.as_str()).collect();
        let gold = strings(&expected, "body");
        if body != gold {
            fail(format!("body differs:\n  got  {body:?}\n  gold {gold:?}"));
        }
        for furniture in strings(&expected, "boilerplate") {
            if !text.contains(&furniture) {
                fail(format!("furniture {furniture:?} was lost (not in the text)"));
            }
            if body.iter().any(|b| b.contains(&furniture)) {
                fail(format!("furniture {furniture:?} is in the body"));
            }
        }
        for hidden in strings(&expected, "not_in_text") {
            if text.contains(&hidden) {
                fail(format!("{hidden:?} (script, style or hidden) reached the text"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn auto_detection_reads_documents_as_html_and_snippets_as_text() {
    let page = "<!DOCTYPE html><html><head><title>Dam opens | Courier</title></head><body><article><h1>Dam opens</h1>\
                <p>The dam opened on Monday, officials said, after nine years of work and delays.</p></article></body></html>";
    let article = extract(page, &Options::default()).unwrap();
    assert_eq!(article.title.as_deref(), Some("Dam opens"));
    assert!(article.text.is_some());
    let snippet = "Putin said <b>no</b> on Tuesday.";
    let article = extract(snippet, &Options::default()).unwrap();
    assert!(article.text.is_none());
    assert!(article.blocks[0].text.contains("<b>no</b>"));
    // Forcing text keeps a document's markup as text.
    let as_text = extract(page, &Options { format: InputFormat::Text, ..Options::default() }).unwrap();
    assert!(as_text.text.is_none() && as_text.blocks[0].text.contains("<h1>"));
}

#[test]
fn offsets_convert_against_the_clean_text_and_sources_against_the_html() {
    let html = "<html><body><article><h1>Émile’s 😀 day</h1><p>“Ça va,” said Émile Zola, the mayor of Lyon, on Monday in Paris.</p>\
                <p>Second paragraph with an emoji 🇫🇷 and more words to score.</p></article></body></html>";
    let utf8 = extract_html(html, &Options::default()).unwrap();
    for unit in [OffsetUnit::Utf16, OffsetUnit::Codepoint] {
        let converted = extract_with_offsets(html, &Options { format: InputFormat::Html, ..Options::default() }, unit).unwrap();
        let text = converted.text.as_deref().unwrap();
        // `s[start..end]` with offsets in `unit`.
        let slice = |s: &str, start: usize, end: usize| -> String {
            match unit {
                OffsetUnit::Utf16 => String::from_utf16_lossy(&s.encode_utf16().collect::<Vec<u16>>()[start..end]),
                _ => s.chars().skip(start).take(end - start).collect(),
            }
        };
        let (clean, source): (Vec<String>, Vec<String>) = converted
            .blocks
            .iter()
            .map(|b| {
                let s = b.source.unwrap();
                (slice(text, b.start, b.end), slice(html, s.start, s.end))
            })
            .unzip();
        for ((block, clean), (source, original)) in converted.blocks.iter().zip(&clean).zip(source.iter().zip(&utf8.blocks)) {
            assert_eq!(*clean, block.text);
            let o = original.source.unwrap();
            assert_eq!(*source, html[o.start..o.end]);
        }
        assert!(converted.people.iter().any(|p| p.record.name == "Émile Zola"), "{:?}", converted.people);
    }
}

#[test]
fn malformed_markup_never_panics_and_keeps_text() {
    let cases: Vec<String> = vec![
        // Unclosed everything.
        "<html><body><div><p>One paragraph that never closes<p>Another<li>item<table><tr><td>cell".into(),
        // 10,000-deep nesting of blocks and of inline elements.
        format!("<html><body>{}deep text here{}", "<div>".repeat(10_000), "</div>".repeat(10_000)),
        format!("<html><body><p>{}bold{}</p>", "<b>".repeat(10_000), "</b>".repeat(3)),
        format!("<html><body>{}", "<table><tr><td>".repeat(5_000)),
        // A huge attribute and a huge text node.
        format!("<html><body><p data-x=\"{}\">after the attribute</p>", "x".repeat(2_000_000)),
        format!("<html><body><p>{}</p>", "word ".repeat(200_000)),
        // Stray end tags, bogus markup, unterminated constructs.
        "<html><body></div></p></li></body></html></html><p>after strays</p>".into(),
        "<html><body><p>a <!-- never closed".into(),
        "<html><body><p class=\"never closed>text".into(),
        "<html><body><script>never closed <p>not text".into(),
        "<html><body><p>&#xFFFFFFFF; &#0; &#x110000; &;&amp &nosuchthing;</p>".into(),
        "<html><body><svg><path/><path/><title>t</title></svg><p>after svg</p>".into(),
        "<html>\u{0}<body>\u{0}<p>\u{0}nul\u{0}</p>".into(),
        "<!DOCTYPE html>".into(),
        "<html></html>".into(),
        String::new(),
    ];
    for html in &cases {
        let article = extract_page(html);
        let text = article.text.as_deref().unwrap_or_default();
        assert!(!text.contains("not text"), "script content leaked: {text:.200}");
    }
    let text_of = |html: &str| extract_page(html).text.unwrap_or_default();
    assert!(text_of(&cases[1]).contains("deep text here"));
    assert!(text_of(&cases[4]).contains("after the attribute"));
    assert!(text_of(&cases[6]).contains("after strays"));
    assert!(text_of(&cases[11]).contains("after svg"));
}

#[test]
fn scripts_styles_and_hidden_elements_never_reach_the_text() {
    let html = r#"<!DOCTYPE html><html><head><style>p::after{content:"STYLE"}</style>
        <script>var s = "<p>SCRIPT</p>";</script><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script></head>
        <body><noscript>NOSCRIPT</noscript><template><p>TEMPLATE</p></template><div hidden>HIDDEN</div>
        <div style="display: none">DISPLAYNONE</div><svg><title>SVGTITLE</title></svg><!-- COMMENT -->
        <article><h1>H</h1><p>Visible paragraph, long enough to be the article body of this page.</p></article></body></html>"#;
    let article = extract_page(html);
    let text = article.text.unwrap_or_default();
    for hidden in ["STYLE", "SCRIPT", "NOSCRIPT", "TEMPLATE", "HIDDEN", "DISPLAYNONE", "SVGTITLE", "COMMENT", "@type"] {
        assert!(!text.contains(hidden), "{hidden} reached the text: {text}");
    }
    assert!(text.contains("Visible paragraph"));
}

fn html_soup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[A-Za-z]{1,10}",
        2 => Just(" ".to_string()),
        1 => "[ -~]{0,6}",
        3 => prop::sample::select(vec![
            "<p>", "</p>", "<div class=\"content\">", "</div>", "<h1>", "</h1>", "<h2>", "<li>", "<ul>", "</ul>", "<br>", "<br/>",
            "<a href=x>", "</a>", "<script>", "</script>", "<style>", "<!--", "-->", "<!DOCTYPE html>", "<html>", "<body>",
            "<nav>", "</nav>", "<article>", "</article>", "<span class=byline>", "</span>", "&amp;", "&#8217;", "&#x", "&",
            "<", ">", "\"", "'", "=", "<title>", "</title>", "<figcaption>", "<button>", "<svg>", "<td>", "<table>", "\u{0}",
            "😀", "é", "\n", "\n\n", "“", "”", ". ", "By Jane Doe", "said Jane Doe.",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_markup_gives_valid_spans_and_sources(html in html_soup()) {
        let article = extract_html(&html, &Options::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = article.text.as_deref().unwrap_or_default();
        check_invariants(text, &article).map_err(TestCaseError::fail)?;
        for block in &article.blocks {
            let s = block.source.ok_or_else(|| TestCaseError::fail("block without source"))?;
            prop_assert!(s.start <= s.end && s.end <= html.len() && html.is_char_boundary(s.start) && html.is_char_boundary(s.end));
        }
        // Offsets convert for every host.
        extract_with_offsets(&html, &Options { format: InputFormat::Html, ..Options::default() }, OffsetUnit::Utf16)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400), charset in 0usize..4) {
        let label = ["", "<meta charset=iso-8859-1>", "<meta charset=utf-8>", "<meta charset=koi8-r>"][charset];
        let page = [label.as_bytes(), &bytes].concat();
        if let Ok(text) = nutgraf_core::html::charset::decode_page(&page) {
            let article = extract_html(&text, &Options::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check_invariants(article.text.as_deref().unwrap_or_default(), &article).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn arbitrary_unicode_as_html_never_panics(html in "\\PC{0,300}") {
        let article = extract_html(&html, &Options::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_invariants(article.text.as_deref().unwrap_or_default(), &article).map_err(TestCaseError::fail)?;
    }
}
