//! What a page states about its article: title, authors, publication date,
//! site name and address.
//!
//! Sources, strongest first: schema.org JSON-LD (`NewsArticle` and its
//! kin, also inside `@graph`, with `@id` references resolved), schema.org
//! microdata (`itemprop="headline"`, `author`, `datePublished`), then
//! `<meta>` tags (Open Graph `og:*`, `article:*`, `author`, Dublin Core,
//! Parse.ly), then `<title>`. Each field takes the first source that has it;
//! nothing is guessed from the body here (the text stages do that).

use super::json::{self, Json};
use super::tree::{NodeKind, Tree};
use crate::hash::{FastMap, FastSet};

/// Metadata stated by the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMetadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    /// The `<title>` text, kept to recognize the headline.
    pub title_tag: Option<String>,
}

/// schema.org types whose objects describe the article.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "scholarlyarticle",
    "techarticle",
];

/// Reads the metadata of a parsed page.
pub fn read(tree: &Tree) -> PageMetadata {
    let mut meta = PageMetadata { title_tag: tree.head.title.as_deref().map(collapse).filter(|t| !t.is_empty()), ..Default::default() };
    for source in &tree.head.json_ld {
        if let Some(value) = json::parse(source.trim()) {
            from_json_ld(&value, &mut meta);
        }
    }
    from_microdata(tree, &mut meta);
    from_meta_tags(&tree.head.meta, &mut meta);
    if meta.url.is_none() {
        meta.url = tree.head.canonical.clone().filter(|u| !u.trim().is_empty());
    }
    meta.authors = tidy_authors(std::mem::take(&mut meta.authors), meta.site_name.as_deref());
    meta
}

/// Collapses whitespace runs to one space and trims.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Json::Array(items) => items.iter().find_map(text_of),
        Json::Object(_) => value.get("name").or_else(|| value.get("@value")).and_then(text_of),
        _ => None,
    }
}

fn is_article(object: &Json) -> bool {
    let is_type = |t: &Json| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str()));
    match object.get("@type") {
        Some(Json::Array(types)) => types.iter().any(is_type),
        Some(t) => is_type(t),
        None => false,
    }
}

/// Every object of a JSON-LD document (top level, arrays, `@graph`), with
/// no recursion deeper than the document's own structure allows.
fn objects(value: &Json) -> Vec<&Json> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Json::Array(items) => stack.extend(items.iter().rev()),
            Json::Object(_) => {
                out.push(v);
                if let Some(graph) = v.get("@graph") {
                    stack.push(graph);
                }
            }
            _ => {}
        }
    }
    out
}

fn from_json_ld(value: &Json, meta: &mut PageMetadata) {
    let all = objects(value);
    // Each id's first object, found once (not a search of all per reference).
    let mut ids: FastMap<&str, &Json> = FastMap::default();
    for o in &all {
        if let Some(id) = o.get("@id").and_then(Json::as_str) {
            ids.entry(id).or_insert(o);
        }
    }
    let by_id = |id: &str| ids.get(id).copied();
    // A reference `{"@id": …}` resolves to the object with that id.
    let resolve = |v: &Json| -> Option<String> {
        if matches!(v, Json::Object(_)) && v.get("name").is_none() {
            if let Some(target) = v.get("@id").and_then(Json::as_str).and_then(by_id) {
                return target.get("name").and_then(text_of);
            }
        }
        text_of(v)
    };
    let Some(article) = all.iter().find(|o| is_article(o)) else { return };
    if meta.title.is_none() {
        meta.title = article.get("headline").or_else(|| article.get("name")).and_then(text_of);
    }
    // An organization credited as author is no writer.
    let is_organization =
        |v: &Json| v.get("@type").and_then(Json::as_str).is_some_and(|t| t.ends_with("Organization"));
    let writer = |v: &Json| if is_organization(v) { None } else { resolve(v) };
    if meta.authors.is_empty() {
        match article.get("author").or_else(|| article.get("creator")) {
            Some(Json::Array(items)) => meta.authors.extend(items.iter().filter_map(writer)),
            Some(v) => meta.authors.extend(writer(v)),
            None => {}
        }
    }
    if meta.published.is_none() {
        meta.published = article.get("datePublished").or_else(|| article.get("dateCreated")).and_then(text_of).and_then(|d| day_of(&d));
    }
    if meta.site_name.is_none() {
        meta.site_name = article.get("publisher").and_then(resolve).or_else(|| {
            all.iter().find(|o| o.get("@type").and_then(Json::as_str) == Some("WebSite")).and_then(|o| o.get("name")).and_then(text_of)
        });
    }
    if meta.url.is_none() {
        meta.url = article
            .get("url")
            .and_then(Json::as_str)
            .or_else(|| match article.get("mainEntityOfPage") {
                Some(Json::String(s)) => Some(s.as_str()),
                Some(o @ Json::Object(_)) => o.get("@id").and_then(Json::as_str),
                _ => None,
            })
            .map(str::to_string);
    }
}

fn from_microdata(tree: &Tree, meta: &mut PageMetadata) {
    // Text of an element's subtree, capped (headline and author are short).
    let subtree_text = |id: usize| -> String {
        let mut out = String::new();
        // Bounded: headlines and author names are short, and a page may
        // mark thousands of elements.
        for (k, node) in tree.nodes.iter().enumerate().skip(id + 1).take(512) {
            if node.start >= tree.nodes[id].end || out.len() > 400 {
                break;
            }
            if let NodeKind::Text(t) = &node.kind {
                if tree.ancestors(k).any(|a| a == id) {
                    out.push_str(t);
                    out.push(' ');
                }
            }
        }
        collapse(&out)
    };
    let mut authors = Vec::new();
    for (id, node) in tree.nodes.iter().enumerate() {
        let NodeKind::Element(e) = &node.kind else { continue };
        let Some(prop) = e.itemprop.as_deref() else { continue };
        for prop in prop.split_ascii_whitespace() {
            match prop {
                "headline" if meta.title.is_none() => {
                    meta.title = e.value.clone().or_else(|| Some(subtree_text(id))).filter(|t| !t.is_empty());
                }
                "author" | "creator" => {
                    let inside_author = tree.ancestors(id).any(|a| tree.element(a).and_then(|x| x.itemprop.as_deref()) == Some("author"));
                    if !inside_author {
                        let text = e.value.clone().unwrap_or_else(|| subtree_text(id));
                        if !text.is_empty() && text.len() < 100 {
                            authors.push(text);
                        }
                    }
                }
                "datePublished" if meta.published.is_none() => {
                    meta.published = e.value.as_deref().and_then(day_of).or_else(|| day_of(&subtree_text(id)));
                }
                _ => {}
            }
        }
    }
    if meta.authors.is_empty() {
        meta.authors = authors;
    }
}

/// `<meta>` names for each field, strongest first.
const META_TITLE: &[&str] = &["og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "title"];
const META_AUTHOR: &[&str] = &["author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "byline"];
const META_PUBLISHED: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "article.published",
    "cxenseparse:recs:publishtime",
];
const META_SITE: &[&str] = &["og:site_name", "application-name", "twitter:site"];
const META_URL: &[&str] = &["og:url"];

fn from_meta_tags(tags: &[(String, String)], meta: &mut PageMetadata) {
    let first = |names: &[&str]| {
        names.iter().find_map(|name| tags.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| collapse(v)))
    };
    if meta.title.is_none() {
        meta.title = first(META_TITLE);
    }
    if meta.authors.is_empty() {
        // `article:author` may repeat, one tag per writer; profile URLs are
        // not names.
        for name in META_AUTHOR {
            let found: Vec<String> = tags
                .iter()
                .filter(|(k, v)| k == name && !v.trim().is_empty() && !v.contains("://"))
                .map(|(_, v)| collapse(v))
                .collect();
            if !found.is_empty() {
                meta.authors = found;
                break;
            }
        }
    }
    if meta.published.is_none() {
        meta.published = META_PUBLISHED
            .iter()
            .find_map(|name| tags.iter().filter(|(k, _)| k == name).find_map(|(_, v)| day_of(v)));
    }
    // `og:site_name` names the site itself; it outranks a JSON-LD
    // publisher, which may be the company behind it.
    if let Some(site) = first(&["og:site_name"]).or_else(|| meta.site_name.is_none().then(|| first(META_SITE)).flatten()) {
        if !site.starts_with('@') {
            meta.site_name = Some(site);
        }
    }
    if meta.url.is_none() {
        meta.url = first(META_URL);
    }
}

/// The calendar day of a stated date: ISO 8601 (`2026-03-04T10:00:00Z`,
/// `2026-03-04`, `20260304`) or a written date ("March 4, 2026").
pub fn day_of(text: &str) -> Option<String> {
    let t = text.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let iso = if digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10) {
        Some(format!("{}-{}-{}", &t[0..4], &t[5..7], &t[8..10]))
    } else if digits(0..8) && !digits(8..9) {
        Some(format!("{}-{}-{}", &t[0..4], &t[4..6], &t[6..8]))
    } else {
        None
    };
    if let Some(day) = iso {
        return crate::temporal::Day::parse(&day).map(|_| day);
    }
    crate::dates::find_date(t).map(|d| d.iso).filter(|iso| iso.len() == 10)
}

/// Splits "Jane Doe and John Roe", drops "By", duplicates and the site's own
/// name standing in for a writer.
fn tidy_authors(authors: Vec<String>, site: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The names kept, ASCII-lowercased: a page can credit thousands (a
    // comment thread's authors), and comparing each with all was quadratic.
    let mut seen: FastSet<String> = FastSet::default();
    for author in authors {
        let author = author.trim();
        // A company credited as author ("Halvern Robotics, Inc.") is no writer.
        let last = author.rsplit([' ', ',']).next().unwrap_or("").trim_end_matches('.');
        if ["Inc", "Ltd", "LLC", "Corp", "Corporation", "GmbH", "PLC", "plc", "AG", "SA", "Co"].contains(&last) {
            continue;
        }
        let author = author.strip_prefix("By ").or_else(|| author.strip_prefix("by ")).unwrap_or(author);
        for name in author.split(" and ").flat_map(|s| s.split(", ")).flat_map(|s| s.split(" & ")) {
            let name = name.trim().trim_end_matches(',').trim();
            if name.is_empty() || name.contains("://") || name.len() > 80 || site.is_some_and(|s| s.eq_ignore_ascii_case(name)) {
                continue;
            }
            if seen.insert(name.to_ascii_lowercase()) {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tree::parse;

    #[test]
    fn json_ld_graph_with_references() {
        let html = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","@id":"https://x.test/#page"},
            {"@type":["Article","NewsArticle"],"headline":"Bridge opens","author":{"@id":"https://x.test/#jane"},
             "datePublished":"2026-03-04T09:30:00+01:00","publisher":{"@id":"https://x.test/#org"}},
            {"@type":"Person","@id":"https://x.test/#jane","name":"Jane Doe"},
            {"@type":"Organization","@id":"https://x.test/#org","name":"The Courier"}]}</script>"#;
        let meta = read(&parse(html));
        assert_eq!(meta.title.as_deref(), Some("Bridge opens"));
        assert_eq!(meta.authors, ["Jane Doe"]);
        assert_eq!(meta.published.as_deref(), Some("2026-03-04"));
        assert_eq!(meta.site_name.as_deref(), Some("The Courier"));
    }

    #[test]
    fn meta_tags_and_microdata() {
        let html = r#"<head><meta property="og:site_name" content="Daily"><meta property="article:published_time" content="2026-01-02T00:00:00Z">
            <meta property="article:author" content="https://x.test/staff/a"><meta name="author" content="Ann Lee and Bo Ray"></head>
            <body><h1 itemprop="headline">Hi</h1></body>"#;
        let meta = read(&parse(html));
        assert_eq!(meta.title.as_deref(), Some("Hi"));
        assert_eq!(meta.authors, ["Ann Lee", "Bo Ray"]);
        assert_eq!(meta.published.as_deref(), Some("2026-01-02"));
        assert_eq!(meta.site_name.as_deref(), Some("Daily"));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let meta = read(&parse(r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":</script>"#));
        assert_eq!(meta, PageMetadata::default());
    }

    #[test]
    fn days() {
        assert_eq!(day_of("2026-02-30").as_deref(), None);
        assert_eq!(day_of("20260304").as_deref(), Some("2026-03-04"));
        assert_eq!(day_of("March 4, 2026").as_deref(), Some("2026-03-04"));
        assert_eq!(day_of("yesterday"), None);
    }
}
