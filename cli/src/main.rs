//! `nutgraf`: the command-line front end of nutgraf-core.
//!
//! Reads articles from files or stdin, writes Article JSON. All extraction is
//! in core; this crate only does I/O, argument parsing, offset-unit choice and
//! parallel batch processing.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use nutgraf_core::{extract_with_offsets, InputFormat, OffsetUnit, Options};
use rayon::prelude::*;
use serde_json::Value;

/// Many small, short-lived allocations per article: mimalloc serves them
/// faster than the system allocator (the core itself does not choose).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_HELP: &str = "\
Exit codes:
  0  success
  1  batch: at least one input line could not be processed (its output line holds the error)
  2  usage error (unknown option, missing argument)
  3  input or output error: unreadable file, invalid UTF-8, failed write, or an invalid --published date";

#[derive(Parser)]
#[command(name = "nutgraf", version, about = "Extract the article, people, entities and quotes from pasted news text", after_help = EXIT_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the Article JSON of one article.
    #[command(after_help = EXIT_HELP)]
    Extract {
        /// The article as a UTF-8 text file; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Process JSON Lines `{"id": …, "text": …}`, one output line per input line, in order.
    #[command(after_help = EXIT_HELP)]
    Batch {
        /// Input JSONL; `-` reads stdin.
        input: PathBuf,
        /// Output JSONL (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Unit of every start/end offset in the output.
    #[arg(long, value_enum, default_value_t = Unit::Codepoint)]
    offsets: Unit,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against
    /// (batch: a "published" field on an input line overrides it).
    #[arg(long)]
    published: Option<String>,
    /// How to read the input: `html` finds the article in a web page (spans
    /// then point into the output's "text"), `text` takes it as pasted,
    /// `auto` reads HTML documents as HTML (batch: a line with an "html"
    /// field instead of "text" is read as HTML).
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    format: Format,
}

impl Common {
    fn options(&self) -> Options {
        Options { published: self.published.clone(), format: self.format.into(), ..Options::default() }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Auto,
    Text,
    Html,
}

impl From<Format> for InputFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Auto => InputFormat::Auto,
            Format::Text => InputFormat::Text,
            Format::Html => InputFormat::Html,
        }
    }
}

/// Offset units, as Google NL's encodingType: code points suit Python and
/// most JSON consumers, UTF-16 suits JavaScript, UTF-8 suits Rust and C.
#[derive(Clone, Copy, ValueEnum)]
enum Unit {
    Codepoint,
    Utf16,
    Utf8,
}

impl From<Unit> for OffsetUnit {
    fn from(unit: Unit) -> Self {
        match unit {
            Unit::Codepoint => OffsetUnit::Codepoint,
            Unit::Utf16 => OffsetUnit::Utf16,
            Unit::Utf8 => OffsetUnit::Utf8,
        }
    }
}

/// A failure that ends the command with exit code 3.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { file, pretty, common } => run_extract(file, pretty, common.offsets.into(), common.options()),
        Command::Batch { input, output, threads, common } => {
            run_batch(input, output, threads, common.offsets.into(), common.options())
        }
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("nutgraf: {message}");
            ExitCode::from(3)
        }
    }
}

fn is_stdin(path: &Option<PathBuf>) -> bool {
    path.as_ref().is_none_or(|p| p.as_os_str() == "-")
}

fn run_extract(file: Option<PathBuf>, pretty: bool, unit: OffsetUnit, mut options: Options) -> Result<ExitCode, Fatal> {
    let (name, bytes) = if is_stdin(&file) {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes).map_err(|e| Fatal(format!("cannot read stdin: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let path = file.unwrap_or_default();
        let bytes = std::fs::read(&path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
        (path.display().to_string(), bytes)
    };
    // A saved page may be in windows-1252: HTML is decoded by its declared
    // charset; text must be UTF-8 (the error says where it is not).
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let is_html = match options.format {
        InputFormat::Html => true,
        InputFormat::Text => false,
        InputFormat::Auto => nutgraf_core::html::looks_like_document(&head),
    };
    let text = if is_html {
        // Decided here, on the bytes: core need not detect it again.
        options.format = InputFormat::Html;
        nutgraf_core::html::charset::decode_page(&bytes).map_err(|e| Fatal(format!("{name}: {e}")))?
    } else {
        std::borrow::Cow::Borrowed(decode_utf8(&bytes).map_err(|e| Fatal(format!("{name}: {e}")))?)
    };
    let article = extract_with_offsets(&text, &options, unit).map_err(|e| Fatal(e.to_string()))?;
    // Stream the JSON: a long article's output is several times its size,
    // and building it as one string first would double peak memory.
    let mut stdout = BufWriter::new(io::stdout().lock());
    let written = if pretty {
        serde_json::to_writer_pretty(&mut stdout, &article)
    } else {
        serde_json::to_writer(&mut stdout, &article)
    };
    written.map_err(|e| Fatal(format!("cannot write the article: {e}")))?;
    writeln!(stdout).and_then(|_| stdout.flush()).map_err(|e| Fatal(format!("cannot write: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Decodes UTF-8, saying where it is invalid (byte, line and column).
fn decode_utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // The prefix is valid UTF-8, so the column can count characters.
        let column = std::str::from_utf8(&before[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        format!("invalid UTF-8 at byte {at} (line {line}, column {column})")
    })
}

/// Lines per parallel round. Memory is bounded by the chunks in flight: one
/// being read, one being extracted, one being written, and one queued
/// between each pair ([`PIPELINE_DEPTH`]), whatever the input's size.
const BATCH_CHUNK: usize = 512;
/// Chunks that may wait between the reader, the extractor and the writer.
const PIPELINE_DEPTH: usize = 2;
/// A progress line this often when stderr is not a terminal (a log).
const PROGRESS_LOG_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Input lines of one chunk: (line number, bytes).
type Chunk = Vec<(usize, Vec<u8>)>;

/// `nutgraf batch`: a three-stage pipeline so that reading and writing
/// overlap extraction. A reader thread cuts the input into chunks of
/// [`BATCH_CHUNK`] lines; the calling thread extracts each chunk in parallel
/// on the rayon pool; a writer thread writes the results in input order and
/// reports progress. Bounded channels keep memory constant.
fn run_batch(
    input: PathBuf,
    output: Option<PathBuf>,
    threads: Option<usize>,
    unit: OffsetUnit,
    options: Options,
) -> Result<ExitCode, Fatal> {
    use std::sync::mpsc::sync_channel;

    let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Fatal(format!("cannot start {threads} threads: {e}")))?;
    let (reader, total_bytes): (Box<dyn BufRead + Send>, Option<u64>) = if input.as_os_str() == "-" {
        (Box::new(BufReader::new(io::stdin())), None)
    } else {
        let file = File::open(&input).map_err(|e| Fatal(format!("cannot read {}: {e}", input.display())))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 20, file)), size)
    };
    let writer: Box<dyn Write + Send> = match &output {
        Some(path) => Box::new(File::create(path).map_err(|e| Fatal(format!("cannot create {}: {e}", path.display())))?),
        None => Box::new(io::stdout()),
    };
    let input_name = input.display().to_string();
    let (chunks_in, chunks) = sync_channel::<Result<(Chunk, u64), String>>(PIPELINE_DEPTH);
    let (results_in, results) = sync_channel::<(Vec<(String, bool)>, u64)>(PIPELINE_DEPTH);

    let reading = std::thread::spawn(move || read_chunks(reader, &input_name, &chunks_in));
    let writing = std::thread::spawn(move || write_results(writer, &results, total_bytes));
    let mut read_error = None;
    for message in chunks {
        match message {
            Ok((chunk, bytes)) => {
                let out = pool.install(|| chunk.par_iter().map(|(n, line)| process_line(*n, line, unit, &options)).collect());
                if results_in.send((out, bytes)).is_err() {
                    break; // the writer failed; its error is reported below
                }
            }
            Err(e) => {
                read_error = Some(e);
                break;
            }
        }
    }
    drop(results_in);
    let written = writing.join().map_err(|_| Fatal("the writer thread failed".into()))?;
    // The reader ends once the channel is dropped or the input is done.
    let _ = reading.join();
    if let Some(e) = read_error {
        return Err(Fatal(e));
    }
    let failures = written.map_err(Fatal)?;
    if failures > 0 {
        eprintln!("nutgraf: {failures} input line(s) failed; see their \"error\" fields");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The reader stage: chunks of non-blank lines with the bytes they span.
fn read_chunks(
    mut reader: Box<dyn BufRead + Send>,
    input_name: &str,
    out: &std::sync::mpsc::SyncSender<Result<(Chunk, u64), String>>,
) {
    let mut line_number = 0usize;
    loop {
        let mut chunk: Chunk = Vec::with_capacity(BATCH_CHUNK);
        let mut bytes = 0u64;
        let mut done = false;
        while chunk.len() < BATCH_CHUNK {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(n) => {
                    bytes += n as u64;
                    line_number += 1;
                    if !line.iter().all(u8::is_ascii_whitespace) {
                        chunk.push((line_number, line)); // blank lines carry no document
                    }
                }
                Err(e) => {
                    let _ = out.send(Err(format!("cannot read {input_name}: {e}")));
                    return;
                }
            }
        }
        if (!chunk.is_empty() || bytes > 0) && out.send(Ok((chunk, bytes))).is_err() {
            return; // the extractor stopped
        }
        if done {
            return;
        }
    }
}

/// The writer stage: output lines in order, the failure count, progress on
/// stderr (a live line on a terminal, a line every 30 s in a log).
fn write_results(
    writer: Box<dyn Write + Send>,
    results: &std::sync::mpsc::Receiver<(Vec<(String, bool)>, u64)>,
    total_bytes: Option<u64>,
) -> Result<usize, String> {
    use std::io::IsTerminal;
    use std::time::Instant;

    let mut writer = BufWriter::with_capacity(1 << 20, writer);
    let terminal = io::stderr().is_terminal();
    let started = Instant::now();
    let mut last_report = started;
    let (mut failures, mut lines, mut bytes) = (0usize, 0usize, 0u64);
    for (chunk, chunk_bytes) in results {
        for (json, ok) in chunk {
            failures += usize::from(!ok);
            lines += 1;
            writeln!(writer, "{json}").map_err(|e| format!("cannot write: {e}"))?;
        }
        bytes += chunk_bytes;
        let now = Instant::now();
        let due = if terminal { now - last_report >= std::time::Duration::from_millis(200) } else { now - last_report >= PROGRESS_LOG_EVERY };
        if due {
            last_report = now;
            let line = progress_line(lines, bytes, total_bytes, now - started);
            if terminal {
                eprint!("\r{line}\x1b[K");
            } else {
                eprintln!("{line}");
            }
        }
    }
    writer.flush().map_err(|e| format!("cannot write: {e}"))?;
    if terminal && last_report != started {
        eprintln!("\r{}\x1b[K", progress_line(lines, bytes, total_bytes, started.elapsed()));
    }
    Ok(failures)
}

/// "nutgraf: 12,288 articles · 15.8 MB of 1.0 GB (1.6 %) · 4.2 MB/s · 3 min left".
fn progress_line(lines: usize, bytes: u64, total: Option<u64>, elapsed: std::time::Duration) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let rate = mb(bytes) / elapsed.as_secs_f64().max(1e-3);
    let mut line = format!("nutgraf: {lines} articles · {:.1} MB", mb(bytes));
    if let Some(total) = total.filter(|&t| t > 0) {
        line += &format!(" of {:.1} MB ({:.1} %)", mb(total), 100.0 * bytes as f64 / total as f64);
        if rate > 0.0 && total > bytes {
            let left = mb(total - bytes) / rate;
            line += &format!(" · {rate:.1} MB/s · {} left", if left >= 90.0 { format!("{:.0} min", left / 60.0) } else { format!("{left:.0} s") });
            return line;
        }
    }
    line + &format!(" · {rate:.1} MB/s")
}

/// One output line for one input line, and whether it succeeded.
fn process_line(line_number: usize, line: &[u8], unit: OffsetUnit, options: &Options) -> (String, bool) {
    let fail = |id: &Value, message: String| {
        let record = serde_json::json!({ "id": id, "error": format!("line {line_number}: {message}") });
        (record.to_string(), false)
    };
    let text = match decode_utf8(line) {
        Ok(text) => text,
        Err(e) => return fail(&Value::Null, e),
    };
    let record: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return fail(&Value::Null, format!("not JSON: {e}")),
    };
    let id = record.get("id").cloned().unwrap_or(Value::Null);
    let mut options = options.clone();
    let article_text = match (record.get("text").and_then(Value::as_str), record.get("html").and_then(Value::as_str)) {
        (Some(text), _) => text,
        (None, Some(html)) => {
            options.format = InputFormat::Html;
            html
        }
        (None, None) => return fail(&id, "no \"text\" (or \"html\") string".to_string()),
    };
    // A "published" field on the line overrides --published.
    match record.get("published") {
        Some(Value::String(date)) => options.published = Some(date.clone()),
        Some(Value::Null) | None => {}
        Some(_) => return fail(&id, "\"published\" must be a string YYYY-MM-DD".to_string()),
    }
    let article = match extract_with_offsets(article_text, &options, unit) {
        Ok(article) => article,
        Err(e) => return fail(&id, e.to_string()),
    };
    match serde_json::to_string(&article) {
        // `{"schema_version":…}` → `{"id":…,"schema_version":…}`
        Ok(json) => (format!("{{\"id\":{},{}", id, &json[1..]), true),
        Err(e) => fail(&id, format!("cannot serialize: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::progress_line;
    use std::time::Duration;

    #[test]
    fn progress_lines_say_how_far_and_how_fast() {
        let line = progress_line(12_288, 16_000_000, Some(1_000_000_000), Duration::from_secs(4));
        assert_eq!(line, "nutgraf: 12288 articles · 16.0 MB of 1000.0 MB (1.6 %) · 4.0 MB/s · 4 min left");
        let line = progress_line(10, 2_000_000, Some(3_000_000), Duration::from_secs(1));
        assert_eq!(line, "nutgraf: 10 articles · 2.0 MB of 3.0 MB (66.7 %) · 2.0 MB/s · 0 s left");
        // stdin: no total; a finished file: no time left.
        assert_eq!(progress_line(5, 1_000_000, None, Duration::from_secs(2)), "nutgraf: 5 articles · 1.0 MB · 0.5 MB/s");
        assert_eq!(
            progress_line(5, 3_000_000, Some(3_000_000), Duration::from_secs(1)),
            "nutgraf: 5 articles · 3.0 MB of 3.0 MB (100.0 %) · 3.0 MB/s"
        );
        // No time elapsed yet: no division by zero.
        assert!(progress_line(0, 0, Some(10), Duration::ZERO).starts_with("nutgraf: 0 articles"));
    }
}
