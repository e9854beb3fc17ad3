//! A forgiving element tree built from [`super::tokenizer`]'s tokens.
//!
//! The tokenizer does not build the DOM, so this module does
//! the part of tree construction that matters for finding an article —
//! which text sits inside which element — and nothing more. It follows the
//! HTML rules that shape real pages (void elements, a block start closing an
//! open `<p>`, `<li>` closing the previous `<li>`, stray end tags ignored)
//! and leaves the rest (foster parenting, the adoption agency) out: a
//! mis-nested `<b>` costs nothing here, because only text and block
//! structure are read.
//!
//! What never reaches the tree's text: `script`, `style`, `noscript`,
//! `template`, `svg`, `math`, `iframe`, `select`, `textarea` and anything marked
//! `hidden`. JSON-LD scripts, `<meta>`, `<link rel=canonical>` and `<title>`
//! are collected on the way for [`super::metadata`].
//!
//! Cost is linear in the input: an end tag looks at most [`MAX_END_SEARCH`]
//! open elements for its start, and nesting deeper than [`MAX_DEPTH`] is
//! flattened (10,000 nested `<div>`s give a tree [`MAX_DEPTH`] deep, so no
//! later pass can recurse deeply or go quadratic).

use super::tokenizer::{raw_text_element, Token, Tokenizer};

/// Deepest element nesting kept; deeper start tags are ignored (their text
/// goes to the deepest open element).
pub const MAX_DEPTH: usize = 256;
/// How many open elements an end tag searches for its start.
pub const MAX_END_SEARCH: usize = 64;
/// Attribute values longer than this are cut (a `data-` blob or an inline
/// image cannot blow up memory per element).
const MAX_ATTRIBUTE_BYTES: usize = 512;

/// Index of a node in [`Tree::nodes`].
pub type NodeId = usize;

/// An element or a run of text.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    /// Byte range in the HTML: from the start tag to the end tag (or to the
    /// last thing inside when the end tag is missing); for text, the text.
    pub start: usize,
    pub end: usize,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Element(Element),
    /// Text as decoded by the tokenizer (entities resolved), whitespace as written.
    Text(String),
    /// A `<br>`.
    Break,
}

/// The parts of an element the extractor reads.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Lowercase tag name.
    pub name: String,
    /// `class`, `id`, `role`, `itemprop` and `data-component`, lowercased and
    /// space-separated: what [`super::cues`] matches.
    pub cues: String,
    /// `itemprop`, as written.
    pub itemprop: Option<String>,
    /// `datetime` of a `<time>`, or `content` of an element with `itemprop`.
    pub value: Option<String>,
}

/// What was read from the page head and scripts on the way.
#[derive(Debug, Clone, Default)]
pub struct HeadData {
    /// `<title>` text.
    pub title: Option<String>,
    /// `(property or name, content)` of every `<meta>`, names lowercased.
    pub meta: Vec<(String, String)>,
    /// `<link rel="canonical">` href.
    pub canonical: Option<String>,
    /// The text of every `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
}

/// The parsed page.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Nodes in document order; a parent always comes before its children.
    pub nodes: Vec<Node>,
    pub head: HeadData,
}

impl Tree {
    /// The element of node `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id)?.kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The tag name of node `id` ("" for text).
    pub fn name(&self, id: NodeId) -> &str {
        self.element(id).map_or("", |e| e.name.as_str())
    }

    /// Ancestors of `id`, nearest first, `id` itself excluded.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes.get(id).and_then(|n| n.parent), move |&p| self.nodes.get(p).and_then(|n| n.parent))
    }
}

/// Elements that never have content (no end tag).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "source" | "track" | "wbr"
            | "param" | "keygen" | "frame" | "basefont" | "bgsound"
    )
}

/// Elements whose content is never article text.
fn is_hidden_element(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "canvas" | "select"
            | "textarea" | "head" | "title" | "noembed" | "noframes" | "video" | "audio" | "map" | "dialog"
    )
}

/// Elements that start a new block of text.
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address" | "article" | "aside" | "blockquote" | "body" | "center" | "dd" | "details" | "dialog" | "dir"
            | "div" | "dl" | "dt" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "h1" | "h2" | "h3"
            | "h4" | "h5" | "h6" | "header" | "hgroup" | "hr" | "html" | "li" | "main" | "menu" | "nav" | "ol" | "p"
            | "pre" | "section" | "summary" | "table" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" | "ul"
            | "caption" | "legend" | "option" | "optgroup"
    )
}

/// Block starts that close an open `<p>` (HTML's "close a p element").
fn closes_paragraph(name: &str) -> bool {
    is_block(name) && !matches!(name, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "option" | "optgroup" | "body" | "html")
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// One open element on the stack.
struct Open {
    id: NodeId,
    /// Text under it is not kept.
    hidden: bool,
}

/// Builds the tree of `html`.
pub fn parse(html: &str) -> Tree {
    let mut tree = Tree::default();
    let mut stack: Vec<Open> = Vec::new();
    // Raw-text elements read for metadata: which one is open.
    let mut capture: Option<Capture> = None;
    for token in Tokenizer::new(html) {
        match token {
            Token::StartTag { ref name, self_closing, start, end, .. } => {
                let attr = |key: &str| token.attribute(key).map(clip);
                match name.as_str() {
                    "meta" => {
                        let key = attr("property").or_else(|| attr("name")).or_else(|| attr("itemprop"));
                        if let (Some(key), Some(content)) = (key, attr("content")) {
                            tree.head.meta.push((key.to_ascii_lowercase(), content));
                        }
                    }
                    "link" => {
                        let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                        if rel.split_ascii_whitespace().any(|r| r == "canonical") && tree.head.canonical.is_none() {
                            tree.head.canonical = attr("href");
                        }
                    }
                    "title" if tree.head.title.is_none() && !inside(&tree, &stack, "svg") => capture = Some(Capture::Title),
                    "script" => {
                        let kind = attr("type").unwrap_or_default().to_ascii_lowercase();
                        if kind.trim() == "application/ld+json" {
                            capture = Some(Capture::JsonLd);
                        }
                    }
                    _ => {}
                }
                if name == "br" {
                    push_break(&mut tree, &stack, start, end);
                    continue;
                }
                // `/>` is honoured on non-block elements (SVG's `<path/>`),
                // ignored on raw-text ones, whose content follows anyway.
                let raw = raw_text_element(name).is_some();
                if is_void(name) || (self_closing && !is_block(name) && !raw) {
                    continue;
                }
                implied_ends(&tree, &mut stack, name);
                if stack.len() >= MAX_DEPTH {
                    continue;
                }
                // A custom element's name is a cue like a class
                // (`<wire-caption>`, `<story-footer>`).
                let mut cues = if name.contains('-') { format!("{name} ") } else { String::new() };
                for key in ["class", "id", "role", "itemprop", "data-component"] {
                    if let Some(v) = attr(key) {
                        cues.push_str(&v.to_lowercase());
                        cues.push(' ');
                    }
                }
                let hidden_attr = attr("hidden").is_some()
                    || attr("style").is_some_and(|s| {
                        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                        s.contains("display:none") || s.contains("visibility:hidden")
                    });
                let value = attr("datetime").or_else(|| attr("itemprop").and_then(|_| attr("content")));
                let hidden = stack.last().is_some_and(|o| o.hidden) || hidden_attr || is_hidden_element(name);
                let id = tree.nodes.len();
                let element = Element { name: name.clone(), cues, itemprop: attr("itemprop"), value };
                tree.nodes.push(Node { parent: stack.last().map(|o| o.id), start, end, kind: NodeKind::Element(element) });
                stack.push(Open { id, hidden });
            }
            Token::EndTag { name, start, end } => {
                // An empty `<title></title>` or script captures nothing.
                capture = None;
                if name == "br" {
                    // `</br>` is a line break too.
                    push_break(&mut tree, &stack, start, end);
                    continue;
                }
                let found = stack.iter().rev().take(MAX_END_SEARCH).position(|o| tree.name(o.id) == name);
                if let Some(k) = found {
                    for _ in 0..=k {
                        if let Some(open) = stack.pop() {
                            if let Some(node) = tree.nodes.get_mut(open.id) {
                                node.end = end.max(node.start);
                            }
                        }
                    }
                }
            }
            Token::Text { text, start, end } => {
                if let Some(which) = capture.take() {
                    let text = text.chars().take(1 << 20).collect::<String>();
                    match which {
                        Capture::Title => tree.head.title = Some(text),
                        Capture::JsonLd => tree.head.json_ld.push(text),
                    }
                    continue;
                }
                if stack.last().is_some_and(|o| o.hidden) {
                    continue;
                }
                let parent = stack.last().map(|o| o.id);
                // Adjacent text (split by a skipped comment) becomes one node.
                if let Some(last) = tree.nodes.last_mut() {
                    if last.parent == parent {
                        if let NodeKind::Text(t) = &mut last.kind {
                            t.push_str(&text);
                            last.end = end;
                            continue;
                        }
                    }
                }
                tree.nodes.push(Node { parent, start, end, kind: NodeKind::Text(text.into_owned()) });
            }
        }
    }
    // Unclosed elements end where their last descendant ends.
    for k in (0..tree.nodes.len()).rev() {
        let end = tree.nodes[k].end;
        if let Some(p) = tree.nodes[k].parent {
            if tree.nodes[p].end < end {
                tree.nodes[p].end = end;
            }
        }
    }
    tree
}

fn push_break(tree: &mut Tree, stack: &[Open], start: usize, end: usize) {
    if !stack.last().is_some_and(|o| o.hidden) {
        tree.nodes.push(Node { parent: stack.last().map(|o| o.id), start, end, kind: NodeKind::Break });
    }
}

#[derive(Debug, Clone, Copy)]
enum Capture {
    Title,
    JsonLd,
}

fn clip(s: &str) -> String {
    if s.len() <= MAX_ATTRIBUTE_BYTES {
        return s.to_string();
    }
    let mut end = MAX_ATTRIBUTE_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

fn inside(tree: &Tree, stack: &[Open], name: &str) -> bool {
    stack.iter().rev().take(MAX_END_SEARCH).any(|o| tree.name(o.id) == name)
}

/// Closes what HTML closes implicitly before a start tag `name`.
fn implied_ends(tree: &Tree, stack: &mut Vec<Open>, name: &str) {
    // (elements to close, elements that stop the search)
    let (targets, stops): (&[&str], &[&str]) = if name == "li" {
        (&["li"], &["ul", "ol", "menu", "table", "div", "section", "article"])
    } else if name == "dt" || name == "dd" {
        (&["dt", "dd"], &["dl", "table", "div"])
    } else if name == "tr" {
        (&["tr", "td", "th"], &["table", "tbody", "thead", "tfoot"])
    } else if name == "td" || name == "th" {
        (&["td", "th"], &["tr", "table"])
    } else if name == "option" {
        (&["option"], &["select", "datalist", "optgroup"])
    } else if closes_paragraph(name) {
        (&["p"], &["div", "section", "article", "td", "th", "li", "blockquote", "body", "main", "table", "figure"])
    } else {
        return;
    };
    let heading_start = is_heading(name);
    let mut close_to = None;
    for (k, open) in stack.iter().enumerate().rev().take(16) {
        let open_name = tree.name(open.id);
        if targets.contains(&open_name) || (heading_start && is_heading(open_name)) {
            close_to = Some(k);
            break;
        }
        if stops.contains(&open_name) || is_block(open_name) && !targets.contains(&open_name) && name != "li" {
            break;
        }
    }
    if let Some(k) = close_to {
        stack.truncate(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tree: &Tree) -> Vec<(String, String)> {
        tree.nodes
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::Text(t) if !t.trim().is_empty() => Some((tree.name(n.parent.unwrap_or(0)).to_string(), t.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn scripts_styles_and_hidden_text_are_dropped() {
        let tree = parse(
            "<p>a</p><script>var s='<p>NO</p>';</script><style>p{}</style><noscript>NO</noscript><div hidden>NO</div><svg><title>NO</title></svg><p>b</p>",
        );
        let t: Vec<String> = texts(&tree).into_iter().map(|(_, t)| t).collect();
        assert_eq!(t, ["a", "b"]);
    }

    #[test]
    fn paragraphs_and_list_items_close_implicitly() {
        let tree = parse("<div><p>one<p>two<ul><li>x<li>y</ul></div>");
        assert_eq!(
            texts(&tree),
            [("p".into(), "one".into()), ("p".into(), "two".into()), ("li".into(), "x".into()), ("li".into(), "y".into())]
        );
        // `y`'s li is a sibling of `x`'s, not its child.
        let lis: Vec<&Node> = tree.nodes.iter().filter(|n| matches!(&n.kind, NodeKind::Element(e) if e.name == "li")).collect();
        assert_eq!(lis[0].parent, lis[1].parent);
    }

    #[test]
    fn entities_are_decoded_and_spans_point_into_the_html() {
        let html = "<p>Tom &amp; Jerry&rsquo;s</p>";
        let tree = parse(html);
        let node = tree.nodes.iter().find(|n| matches!(n.kind, NodeKind::Text(_))).unwrap();
        assert!(matches!(&node.kind, NodeKind::Text(t) if t == "Tom & Jerry\u{2019}s"));
        assert_eq!(&html[node.start..node.end], "Tom &amp; Jerry&rsquo;s");
    }

    #[test]
    fn head_data_is_collected() {
        let tree = parse(
            r#"<html><head><title>T | Site</title><meta property="og:title" content="OG"><link rel="canonical" href="https://x.test/a"><script type="application/ld+json">{"a":1}</script></head><body></body></html>"#,
        );
        assert_eq!(tree.head.title.as_deref(), Some("T | Site"));
        assert_eq!(tree.head.meta, [("og:title".to_string(), "OG".to_string())]);
        assert_eq!(tree.head.canonical.as_deref(), Some("https://x.test/a"));
        assert_eq!(tree.head.json_ld, ["{\"a\":1}"]);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let tree = parse(&html);
        let text = tree.nodes.iter().find(|n| matches!(n.kind, NodeKind::Text(_))).unwrap();
        assert!(tree.ancestors(tree.nodes.len() - 1).count() <= MAX_DEPTH);
        assert!(matches!(&text.kind, NodeKind::Text(t) if t == "deep"));
    }
}
