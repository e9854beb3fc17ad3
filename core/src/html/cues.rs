//! What an element's class and id say about it.
//!
//! Sites name their containers for their own CSS, and those names are the
//! best cheap signal of what a container holds: `entry-content` and
//! `article-body` hold the article, `comments`, `share-tools` and
//! `related-posts` hold page furniture. The table is data
//! (`data/html_cues.tsv`), in the spirit of Readability's positive and
//! negative class patterns, with one refinement: short fragments ("ad",
//! "nav") match only a whole part of a name (`ad-slot`, `site-nav`), never
//! inside a word (`header`, `canvas`).

use std::sync::LazyLock;

use crate::lexicon::data_lines;

const HTML_CUES: &str = include_str!("../../data/html_cues.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Part,
    Substring,
}

#[derive(Debug, Clone, Copy)]
struct CueRow {
    weight: i32,
    cue: &'static str,
    how: Match,
    text: &'static str,
}

static ROWS: LazyLock<Vec<CueRow>> = LazyLock::new(|| {
    data_lines(HTML_CUES)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let weight = fields.next()?.trim().parse().ok()?;
            let cue = fields.next()?.trim();
            let how = match fields.next()?.trim() {
                "part" => Match::Part,
                "substring" => Match::Substring,
                _ => return None,
            };
            let text = fields.next()?.trim();
            Some(CueRow { weight, cue, how, text })
        })
        .collect()
});

/// An article part an element's name marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Byline,
    Subtitle,
    Headline,
    Dateline,
    Caption,
}

/// What the cue table says about one element.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Reading {
    /// Strongest positive weight plus strongest negative weight.
    pub weight: i32,
    /// The first furniture cue that matched (when `weight < 0` it decides).
    pub furniture: Option<&'static str>,
    /// The first article-part cue that matched.
    pub part: Option<Part>,
}

/// Reads an element's cue string (class, id, role, … lowercased).
pub fn read(cues: &str) -> Reading {
    if cues.trim().is_empty() {
        return Reading::default();
    }
    let (mut best, mut worst) = (0, 0);
    let mut reading = Reading::default();
    for row in ROWS.iter() {
        let hit = match row.how {
            Match::Substring => cues.contains(row.text),
            Match::Part => cues.split(|c: char| !c.is_ascii_alphanumeric()).any(|p| p == row.text),
        };
        if !hit {
            continue;
        }
        best = best.max(row.weight);
        worst = worst.min(row.weight);
        if row.weight < 0 && reading.furniture.is_none() {
            reading.furniture = Some(row.cue);
        }
        if row.weight == 0 && reading.part.is_none() {
            reading.part = match row.cue {
                "byline" => Some(Part::Byline),
                "subtitle" => Some(Part::Subtitle),
                "headline" => Some(Part::Headline),
                "dateline" => Some(Part::Dateline),
                "caption" => Some(Part::Caption),
                _ => None,
            };
        }
    }
    reading.weight = best + worst;
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads() {
        assert!(ROWS.len() > 50, "{} rows", ROWS.len());
        assert_eq!(ROWS.len(), data_lines(HTML_CUES).count(), "every line parses");
    }

    #[test]
    fn parts_match_whole_name_parts_only() {
        assert_eq!(read("ad-slot ").furniture, Some("advertisement"));
        assert_eq!(read("site-header ").furniture, Some("navigation"));
        assert!(read("entry-header ").weight >= 0, "entry-header is the article's own header");
        assert_eq!(read("shadow-box ").furniture, None);
    }

    #[test]
    fn content_and_furniture() {
        assert!(read("entry-content ").weight > 0);
        assert!(read("comments-area ").weight < 0);
        assert_eq!(read("comments-area ").furniture, Some("comments"));
        assert_eq!(read("sharedaddy sd-sharing ").furniture, Some("share"));
        assert_eq!(read("byline ").part, Some(Part::Byline));
        assert_eq!(read("article-dek ").part, Some(Part::Subtitle));
    }
}
