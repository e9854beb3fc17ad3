//! Finding the article in a page and cutting the page into blocks.
//!
//! Two steps:
//!
//! 1. **Blocks.** Text is gathered in document order into blocks: a block is
//!    the text one block-level element (`p`, `li`, `h2`, `div`, …) holds
//!    directly, inline markup included; two `<br>`s in a row also end a block
//!    (old CMSs write paragraphs that way). Whitespace collapses as a browser
//!    renders it.
//! 2. **The article.** Readability's scoring, on those blocks: every block of
//!    25+ characters scores 1 + its commas + one per 100 characters (at most
//!    3) for its container, half for the container's parent and a third for
//!    the grandparent; a container starts from its tag and its class/id cues
//!    ([`super::cues`]) and its score is scaled by 1 − link density. The best
//!    container, with siblings that score close to it, is the article body;
//!    an `itemprop="articleBody"` element wins outright. The headline is the
//!    `<h1>` that matches the stated title (else the last `<h1>` before the
//!    body, else the first inside it).
//!
//! Every block is kept: outside the article, and inside it under furniture
//! cues (share bars, related links, ad slots), it becomes boilerplate with a
//! cue naming what it is, so the page is set aside, not lost.

use super::cues::{self, Part};
use crate::clean::{Structure, BYLINE_PREFIXES};
use super::metadata::PageMetadata;
use super::tree::{is_block, Element, NodeId, NodeKind, Tree};

/// One block of the page.
#[derive(Debug, Clone)]
pub struct PageBlock {
    /// Text as rendered (entities decoded, whitespace collapsed).
    pub text: String,
    /// Byte range in the HTML, from its first to its last piece of text.
    pub source_start: usize,
    pub source_end: usize,
    pub structure: Structure,
}

/// A block while it is being gathered.
struct Gathered {
    text: String,
    start: usize,
    end: usize,
    /// The block-level element that holds the text.
    owner: NodeId,
    /// Characters inside links.
    link_chars: usize,
}

/// Per-element tallies for scoring.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    chars: usize,
    link_chars: usize,
    score: f32,
    scored: bool,
}

/// Cuts the page into blocks and says which are the article.
pub fn blocks(tree: &Tree, meta: &PageMetadata) -> Vec<PageBlock> {
    let readings: Vec<cues::Reading> = tree
        .nodes
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Element(e) => cues::read(&e.cues),
            _ => cues::Reading::default(),
        })
        .collect();
    let gathered = gather(tree, &readings);
    if gathered.is_empty() {
        return Vec::new();
    }
    let roots = article_roots(tree, &gathered, &readings);
    // Membership as flags per node: a page can have thousands of roots
    // (a flat page of sibling paragraphs), and a search per block would be
    // quadratic.
    let mut is_root = vec![false; tree.nodes.len()];
    let mut is_root_parent = vec![false; tree.nodes.len()];
    for &r in &roots {
        is_root[r] = true;
        if let Some(p) = tree.nodes[r].parent {
            is_root_parent[p] = true;
        }
    }
    let inside_roots = |owner: NodeId| std::iter::once(owner).chain(tree.ancestors(owner)).any(|a| is_root[a]);
    let first_root = gathered.iter().position(|g| inside_roots(g.owner)).unwrap_or(gathered.len());
    let last_root = gathered.iter().rposition(|g| inside_roots(g.owner)).map_or(0, |k| k + 1);
    // Blocks between two parts of the article that hang off the same
    // parent (a heading or figure between the text-block divs of a CMS)
    // are article too, unless they are mostly links.
    let in_article = |k: usize, owner: NodeId| {
        inside_roots(owner)
            || (k > first_root
                && k < last_root
                && tree.ancestors(owner).any(|a| is_root_parent[a])
                && gathered[k].link_chars * 2 <= gathered[k].text.len())
    };
    let headline = find_headline(tree, &gathered, meta, first_root, &readings, &inside_roots);
    let (body_start, body_end) = (first_root, last_root);
    // The article's header area: from the headline to the body.
    let header = headline.map(|h| h + 1..body_start.max(h + 1));
    let mut out = Vec::with_capacity(gathered.len());
    for (k, g) in gathered.iter().enumerate() {
        let name = tree.name(g.owner);
        let part = part_of(tree, &readings, g.owner);
        let structure = if Some(k) == headline {
            Structure::Headline
        } else if headline.is_some_and(|h| k > h && k <= h + 4) && is_byline_text(&g.text) {
            // A byline right under the headline, wherever the page put it.
            Structure::Byline
        } else if header.as_ref().is_some_and(|r| r.contains(&k)) || (k >= body_start && k < body_end && in_article(k, g.owner)) {
            match furniture(tree, &readings, g.owner, &is_root) {
                Some(cue) => Structure::Boilerplate(cue),
                None => structure_of(tree, g, name, part, k < body_start || k <= headline.unwrap_or(0) + 2),
            }
        } else {
            Structure::Boilerplate(outside_cue(tree, &readings, g.owner))
        };
        // In the header area only the article's parts are content.
        let structure = match structure {
            Structure::Paragraph | Structure::Heading | Structure::ListItem if k < body_start && Some(k) != headline => {
                Structure::Boilerplate("page")
            }
            s => s,
        };
        out.push(PageBlock { text: g.text.clone(), source_start: g.start, source_end: g.end, structure });
    }
    out
}

/// The structure of a content block from its element.
fn structure_of(tree: &Tree, g: &Gathered, name: &str, part: Option<Part>, near_top: bool) -> Structure {
    let in_figure = || std::iter::once(g.owner).chain(tree.ancestors(g.owner)).take(4).any(|a| tree.name(a) == "figcaption");
    if near_top && is_byline_text(&g.text) {
        return Structure::Byline;
    }
    match part {
        Some(Part::Byline) if g.text.len() < 200 => return Structure::Byline,
        Some(Part::Subtitle) if near_top && g.text.len() < 600 => return Structure::Subtitle,
        // A date line has a number in it (an id like "no-end-date" on a
        // heading is no date).
        Some(Part::Dateline) if g.text.len() < 120 && g.text.contains(|c: char| c.is_ascii_digit()) => {
            return Structure::Boilerplate("timestamp")
        }
        Some(Part::Caption) if g.text.len() < 600 => return Structure::Caption,
        _ => {}
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Structure::Heading,
        "li" | "dd" | "dt" => Structure::ListItem,
        "figcaption" | "caption" => Structure::Caption,
        _ if in_figure() => Structure::Caption,
        _ if name == "address" && g.text.len() < 200 => Structure::Byline,
        _ => Structure::Paragraph,
    }
}

/// Whether a short line reads as a byline.
fn is_byline_text(text: &str) -> bool {
    let lower = text.get(..text.len().min(12)).unwrap_or("").to_lowercase();
    // At most 16 words, counted no further (a block's every line break asks).
    BYLINE_PREFIXES.iter().any(|p| lower.starts_with(p)) && text.split_whitespace().nth(16).is_none()
}

/// The article part named by the owner or its near ancestors.
fn part_of(tree: &Tree, readings: &[cues::Reading], owner: NodeId) -> Option<Part> {
    std::iter::once(owner).chain(tree.ancestors(owner)).take(3).find_map(|a| readings.get(a).and_then(|r| r.part))
}

/// The furniture cue of a block inside the article, if it sits in furniture.
fn furniture(tree: &Tree, readings: &[cues::Reading], owner: NodeId, is_root: &[bool]) -> Option<&'static str> {
    for a in std::iter::once(owner).chain(tree.ancestors(owner)) {
        if tree.name(a) == "button" {
            return Some("button");
        }
        if is_root.get(a).copied().unwrap_or(false) {
            return None;
        }
        match tree.name(a) {
            "nav" => return Some("navigation"),
            "aside" => return Some("related"),
            "form" => return Some("form"),
            _ => {}
        }
        if let Some(r) = readings.get(a) {
            // An article part ("feature-header__byline") is no furniture
            // itself, whatever else its name says.
            if r.weight < 0 && r.part.is_none() {
                return r.furniture;
            }
        }
    }
    None
}

/// The cue of a block outside the article: the nearest telling container.
fn outside_cue(tree: &Tree, readings: &[cues::Reading], owner: NodeId) -> &'static str {
    for a in std::iter::once(owner).chain(tree.ancestors(owner)) {
        if tree.name(a) == "button" {
            return "button";
        }
        if let Some(cue) = readings.get(a).and_then(|r| r.furniture).filter(|_| readings[a].weight < 0) {
            return cue;
        }
        match tree.name(a) {
            "nav" => return "navigation",
            "footer" => return "footer",
            "header" => return "navigation",
            "aside" => return "related",
            "form" => return "form",
            _ => {}
        }
    }
    "page"
}

/// Whether an element's text is a block of its own: block-level elements,
/// buttons, custom elements (`<wire-text>`: sites make them blocks with CSS)
/// and inline elements named as an article part (`<span class="byline">`).
fn owns_block(e: &Element, reading: &cues::Reading) -> bool {
    is_block(&e.name) || e.name == "button" || e.name.contains('-') || reading.part.is_some()
}

/// Gathers the page's text into blocks, in document order.
fn gather(tree: &Tree, readings: &[cues::Reading]) -> Vec<Gathered> {
    let mut out: Vec<Gathered> = Vec::new();
    let mut current: Option<Gathered> = None;
    // Block-level owner of each element, computed once (parents first).
    let mut owners: Vec<NodeId> = Vec::with_capacity(tree.nodes.len());
    let mut in_link: Vec<bool> = Vec::with_capacity(tree.nodes.len());
    let mut breaks = 0usize;
    let flush = |current: &mut Option<Gathered>, out: &mut Vec<Gathered>| {
        if let Some(mut g) = current.take() {
            let trimmed_len = g.text.trim_end().len();
            g.text.truncate(trimmed_len);
            if !g.text.is_empty() {
                out.push(g);
            }
        }
    };
    for (id, node) in tree.nodes.iter().enumerate() {
        let parent_owner = node.parent.and_then(|p| owners.get(p).copied());
        let parent_link = node.parent.and_then(|p| in_link.get(p).copied()).unwrap_or(false);
        let (owner, link) = match &node.kind {
            NodeKind::Element(e) => {
                let own = if owns_block(e, &readings[id]) { id } else { parent_owner.unwrap_or(id) };
                (own, parent_link || e.name == "a")
            }
            _ => (parent_owner.unwrap_or(0), parent_link),
        };
        owners.push(owner);
        in_link.push(link);
        match &node.kind {
            NodeKind::Break => {
                breaks += 1;
                // A line break ends a byline, dateline or headline line
                // ("By Jane Doe<br>Posted 01/15/2026").
                let in_part = current.as_ref().is_some_and(|g| {
                    readings.get(g.owner).is_some_and(|r| r.part.is_some()) || is_byline_text(&g.text)
                });
                if breaks >= 2 || in_part {
                    flush(&mut current, &mut out);
                } else if let Some(g) = current.as_mut() {
                    if !g.text.ends_with(' ') {
                        g.text.push(' ');
                    }
                }
            }
            NodeKind::Text(text) => {
                if text.chars().all(is_collapsible) {
                    if let Some(g) = current.as_mut() {
                        if !g.text.is_empty() && !g.text.ends_with(' ') {
                            g.text.push(' ');
                        }
                    }
                    continue;
                }
                breaks = 0;
                if current.as_ref().is_some_and(|g| g.owner != owner) {
                    flush(&mut current, &mut out);
                }
                let g = current.get_or_insert_with(|| Gathered { text: String::new(), start: node.start, end: node.end, owner, link_chars: 0 });
                let before = g.text.len();
                push_collapsed(&mut g.text, text);
                if link {
                    g.link_chars += g.text.len() - before;
                }
                g.end = node.end;
            }
            NodeKind::Element(e) => {
                if owns_block(e, &readings[id]) {
                    flush(&mut current, &mut out);
                    breaks = 0;
                }
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

fn is_collapsible(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// Appends `text` with whitespace runs as one space (no leading space on an
/// empty block).
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if is_collapsible(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Initial score of a container from its tag.
fn tag_weight(name: &str) -> f32 {
    match name {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" | "header" => -5.0,
        "nav" | "aside" | "footer" => -25.0,
        _ => 0.0,
    }
}

/// Elements that are a paragraph themselves; their score goes to the container.
fn is_paragraph_like(name: &str) -> bool {
    matches!(name, "p" | "pre" | "li" | "dd" | "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "figcaption" | "blockquote" | "td" | "th")
}

/// The elements holding the article body.
fn article_roots(tree: &Tree, gathered: &[Gathered], readings: &[cues::Reading]) -> Vec<NodeId> {
    // An explicit articleBody wins.
    let explicit = tree.nodes.iter().enumerate().find_map(|(id, n)| match &n.kind {
        NodeKind::Element(e) if e.itemprop.as_deref().is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "articleBody")) => Some(id),
        _ => None,
    });
    if let Some(id) = explicit {
        return vec![id];
    }
    let mut tally = vec![Tally::default(); tree.nodes.len()];
    for g in gathered {
        let chars = g.text.chars().count();
        if let Some(t) = tally.get_mut(g.owner) {
            t.chars += chars;
            t.link_chars += g.link_chars.min(chars);
        }
    }
    // Sum characters up the tree (children come after their parents).
    for id in (0..tree.nodes.len()).rev() {
        if let Some(p) = tree.nodes[id].parent {
            let (c, l) = (tally[id].chars, tally[id].link_chars);
            tally[p].chars += c;
            tally[p].link_chars += l;
        }
    }
    let score_into = |tally: &mut Vec<Tally>, id: NodeId, amount: f32| {
        if tree.name(id) == "html" {
            return;
        }
        if let Some(t) = tally.get_mut(id) {
            if !t.scored {
                t.scored = true;
                t.score = tag_weight(tree.name(id)) + readings.get(id).map_or(0, |r| r.weight) as f32;
            }
            t.score += amount;
        }
    };
    for g in gathered {
        let chars = g.text.chars().count();
        if chars < 25 {
            continue;
        }
        let commas = g.text.matches([',', '，', '、']).count() as f32;
        let score = 1.0 + commas + (chars as f32 / 100.0).floor().min(3.0);
        let level0 = if is_paragraph_like(tree.name(g.owner)) { tree.nodes[g.owner].parent } else { Some(g.owner) };
        let Some(level0) = level0 else { continue };
        score_into(&mut tally, level0, score);
        let mut up = tree.ancestors(level0);
        if let Some(p) = up.next() {
            score_into(&mut tally, p, score / 2.0);
            if let Some(gp) = up.next() {
                score_into(&mut tally, gp, score / 3.0);
            }
        }
    }
    let final_score = |id: NodeId| {
        let t = tally[id];
        let density = if t.chars == 0 { 0.0 } else { t.link_chars as f32 / t.chars as f32 };
        t.score * (1.0 - density)
    };
    let Some(top) = (0..tree.nodes.len()).filter(|&id| tally[id].scored).max_by(|&a, &b| final_score(a).total_cmp(&final_score(b)))
    else {
        // No paragraph of any length: the whole page is the article.
        return tree.nodes.iter().position(|n| n.parent.is_none()).into_iter().collect();
    };
    // Readability's unification: when three or more of the five best
    // containers score close to the best and share an ancestor (the
    // entries of a live blog, a CMS that wraps each paragraph), that
    // ancestor is the article.
    let mut ranked: Vec<NodeId> = (0..tree.nodes.len()).filter(|&id| tally[id].scored).collect();
    ranked.sort_by(|&a, &b| final_score(b).total_cmp(&final_score(a)));
    let best = final_score(top);
    let close: Vec<NodeId> = ranked.iter().skip(1).take(4).copied().filter(|&c| best > 0.0 && final_score(c) >= best * 0.75).collect();
    let mut top = top;
    if close.len() >= 3 {
        if let Some(shared) = tree.ancestors(top).take_while(|&a| tree.name(a) != "body").find(|&a| {
            close.iter().filter(|&&c| tree.ancestors(c).any(|x| x == a)).count() >= 3
        }) {
            top = shared;
        }
    }
    // An only child stands for its parent (its siblings are then found).
    let mut child_elements = vec![0u32; tree.nodes.len()];
    for node in &tree.nodes {
        if let (Some(p), NodeKind::Element(_)) = (node.parent, &node.kind) {
            child_elements[p] += 1;
        }
    }
    while let Some(parent) = tree.nodes[top].parent {
        if child_elements[parent] != 1 || matches!(tree.name(parent), "body" | "html") {
            break;
        }
        top = parent;
    }
    let top_score = final_score(top);
    let mut roots = vec![top];
    // Siblings that read like more of the same article.
    if let Some(parent) = tree.nodes[top].parent {
        let threshold = (top_score * 0.2).max(10.0);
        // Whether an element's first block ends a sentence (short plain
        // paragraphs next to the article belong to it).
        let mut ends_sentence = vec![false; tree.nodes.len()];
        let mut seen = vec![false; tree.nodes.len()];
        for g in gathered {
            if !std::mem::replace(&mut seen[g.owner], true) {
                ends_sentence[g.owner] = g.text.ends_with(['.', '!', '?', '"', '\u{201d}']);
            }
        }
        let top_cues = tree.element(top).map(|e| e.cues.clone()).unwrap_or_default();
        for (id, node) in tree.nodes.iter().enumerate() {
            if id == top || node.parent != Some(parent) || !matches!(node.kind, NodeKind::Element(_)) {
                continue;
            }
            let t = tally[id];
            let density = if t.chars == 0 { 1.0 } else { t.link_chars as f32 / t.chars as f32 };
            let mut bonus = 0.0;
            if !top_cues.trim().is_empty() && tree.element(id).is_some_and(|e| e.cues == top_cues) {
                bonus += top_score * 0.2;
            }
            let furniture = readings.get(id).is_some_and(|r| r.weight < 0) || matches!(tree.name(id), "nav" | "aside" | "footer" | "form");
            let keep = !furniture
                && ((t.scored && final_score(id) + bonus >= threshold)
                    || (tree.name(id) == "p" && t.chars > 80 && density < 0.25)
                    || (tree.name(id) == "p" && t.chars > 0 && density == 0.0 && ends_sentence[id]));
            if keep {
                roots.push(id);
            }
        }
    }
    roots
}

/// Lowercase letters and digits only, for comparing titles.
fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Which block is the headline.
fn find_headline(
    tree: &Tree,
    gathered: &[Gathered],
    meta: &PageMetadata,
    body_start: usize,
    readings: &[cues::Reading],
    inside_roots: &dyn Fn(NodeId) -> bool,
) -> Option<usize> {
    let stated: Vec<String> =
        [meta.title.as_deref(), meta.title_tag.as_deref()].into_iter().flatten().map(squash).filter(|s| s.len() >= 4).collect();
    // The `<title>` cut at its separators ("Site - Headline | Section"):
    // a headline may begin with its longest piece, shortened for search.
    let piece = meta
        .title_tag
        .as_deref()
        .and_then(|t| t.split(['|', '-', '–', '—', ':', '·']).map(squash).max_by_key(String::len))
        .filter(|p| p.len() >= 15);
    let matches_stated = |text: &str| {
        let s = squash(text);
        s.len() >= 4
            // Lengths first: a `<title>` can be long, and every heading asks.
            && (stated.iter().any(|t| *t == s || (s.len() * 2 >= t.len() && t.contains(&s)) || (t.len() <= s.len() && s.contains(t.as_str())))
                || piece.as_ref().is_some_and(|p| s.starts_with(p.as_str())))
    };
    let h1s: Vec<usize> = (0..gathered.len()).filter(|&k| tree.name(gathered[k].owner) == "h1").collect();
    if let Some(&k) = h1s.iter().find(|&&k| matches_stated(&gathered[k].text)) {
        return Some(k);
    }
    // Other headings or headline-marked elements that match the stated title.
    let titled = (0..gathered.len()).find(|&k| {
        let g = &gathered[k];
        let name = tree.name(g.owner);
        let marked = std::iter::once(g.owner).chain(tree.ancestors(g.owner)).take(2).any(|a| {
            tree.element(a).is_some_and(|e| e.itemprop.as_deref() == Some("headline"))
                || readings.get(a).is_some_and(|r| r.part == Some(Part::Headline))
        });
        let alone = g.text.len() < 400 && !g.text.ends_with('.');
        (marked || matches!(name, "h1" | "h2" | "h3") || (alone && k < body_start)) && g.text.len() < 400 && matches_stated(&g.text)
    });
    if titled.is_some() {
        return titled;
    }
    h1s.iter().rev().find(|&&k| k < body_start).or_else(|| h1s.iter().find(|&&k| inside_roots(gathered[k].owner))).copied().or_else(|| {
        // No <h1>: the last element named as the headline before the body.
        (0..body_start.min(gathered.len()))
            .rev()
            .find(|&k| readings.get(gathered[k].owner).is_some_and(|r| r.part == Some(Part::Headline)) && gathered[k].text.len() < 400)
    })
}
