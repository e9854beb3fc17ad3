//! Invariants every Article satisfies, shared by the robustness and HTML
//! tests (the fuzz target checks the same).

use nutgraf_core::Article;

/// Checks every invariant of an Article in UTF-8 offsets over `text` (the
/// input, or for HTML input the article's clean text).
pub fn check_invariants(text: &str, article: &Article) -> Result<(), String> {
    let slice = |start: usize, end: usize, what: &str, reported: &str| -> Result<(), String> {
        match text.get(start..end) {
            Some(s) if s == reported => Ok(()),
            _ => Err(format!("{what} {start}..{end} does not slice to {reported:?}")),
        }
    };
    let mut previous_end = 0;
    for b in &article.blocks {
        slice(b.start, b.end, "block", &b.text)?;
        if b.start < previous_end || b.start >= b.end {
            return Err(format!("block {}..{} overlaps or is empty", b.start, b.end));
        }
        previous_end = b.end;
        if let Some(d) = b.duplicate_of {
            if d >= article.blocks.len() {
                return Err(format!("duplicate_of {d} points nowhere"));
            }
        }
    }
    let mut previous_end = 0;
    for s in &article.sentences {
        slice(s.start, s.end, "sentence", &s.text)?;
        let block = article.blocks.get(s.block).ok_or("sentence.block points nowhere")?;
        if s.start < block.start || s.end > block.end || s.start < previous_end || s.start >= s.end {
            return Err(format!("sentence {}..{} outside its block or out of order", s.start, s.end));
        }
        if !block.kind.is_content() {
            return Err("sentence in a non-content block".into());
        }
        previous_end = s.end;
    }
    if let Some(b) = &article.byline {
        slice(b.start, b.end, "byline", &b.text)?;
    }
    if let Some(d) = &article.dateline {
        slice(d.start, d.end, "dateline", &d.text)?;
    }
    // Every other span, as the fuzz target checks them.
    for e in &article.entities {
        slice(e.start, e.end, "entity", &e.text)?;
        if e.text.len() > nutgraf_core::MAX_MENTION_BYTES {
            return Err(format!("entity {}..{} is longer than MAX_MENTION_BYTES", e.start, e.end));
        }
    }
    for w in article.entities.windows(2) {
        if w[0].end > w[1].start {
            return Err(format!("entities {}..{} and {}..{} overlap or are unsorted", w[0].start, w[0].end, w[1].start, w[1].end));
        }
    }
    for q in &article.quotes {
        slice(q.start, q.end, "quote", &q.text)?;
        for span in q.speaker_mention.iter().chain(q.cue.iter()) {
            slice(span.start, span.end, "quote speaker or cue", &span.text)?;
        }
    }
    for d in &article.dates {
        slice(d.start, d.end, "date", &d.text)?;
    }
    for n in &article.numbers {
        slice(n.start, n.end, "number", &n.text)?;
    }
    for s in &article.summary.sentences {
        slice(s.start, s.end, "summary sentence", &s.text)?;
    }
    for p in &article.people {
        for r in &p.roles {
            slice(r.start, r.end, "role", &r.text)?;
        }
    }
    // Every link points to an existing record or quote.
    for record in article.records() {
        for m in &record.mentions {
            slice(m.start, m.end, "record mention", &m.text)?;
        }
    }
    let records: std::collections::HashSet<&str> = article.records().map(|r| r.id.as_str()).collect();
    for id in article.entities.iter().filter_map(|e| e.entity.as_deref()).chain(article.quotes.iter().filter_map(|q| q.speaker_id.as_deref())) {
        if !records.contains(id) {
            return Err(format!("link to missing record {id}"));
        }
    }
    let quotes: std::collections::HashSet<&str> = article.quotes.iter().map(|q| q.id.as_str()).collect();
    if let Some(missing) = article.people.iter().flat_map(|p| &p.quotes).find(|q| !quotes.contains(q.as_str())) {
        return Err(format!("person lists missing quote {missing}"));
    }
    Ok(())
}

