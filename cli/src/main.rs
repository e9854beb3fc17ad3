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
use nutgraf_core::{extract_with_offsets, OffsetUnit, Options};
use rayon::prelude::*;
use serde_json::Value;

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
}

impl Common {
    fn options(&self) -> Options {
        Options { published: self.published.clone(), ..Options::default() }
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

fn run_extract(file: Option<PathBuf>, pretty: bool, unit: OffsetUnit, options: Options) -> Result<ExitCode, Fatal> {
    let (name, bytes) = if is_stdin(&file) {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes).map_err(|e| Fatal(format!("cannot read stdin: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let path = file.unwrap_or_default();
        let bytes = std::fs::read(&path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
        (path.display().to_string(), bytes)
    };
    let text = decode_utf8(&bytes).map_err(|e| Fatal(format!("{name}: {e}")))?;
    let article = extract_with_offsets(text, &options, unit).map_err(|e| Fatal(e.to_string()))?;
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

/// Lines processed per parallel round: bounds memory to one chunk in flight.
const BATCH_CHUNK: usize = 512;

fn run_batch(
    input: PathBuf,
    output: Option<PathBuf>,
    threads: Option<usize>,
    unit: OffsetUnit,
    options: Options,
) -> Result<ExitCode, Fatal> {
    let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Fatal(format!("cannot start {threads} threads: {e}")))?;
    let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        let file = File::open(&input).map_err(|e| Fatal(format!("cannot read {}: {e}", input.display())))?;
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    let writer: Box<dyn Write> = match &output {
        Some(path) => Box::new(File::create(path).map_err(|e| Fatal(format!("cannot create {}: {e}", path.display())))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = BufWriter::with_capacity(1 << 20, writer);
    let mut reader = reader;
    let mut failures = 0usize;
    let mut line_number = 0usize;
    let mut done = false;
    while !done {
        let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH_CHUNK);
        while chunk.len() < BATCH_CHUNK {
            let mut line = Vec::new();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| Fatal(format!("cannot read {}: {e}", input.display())))?;
            if n == 0 {
                done = true;
                break;
            }
            line_number += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue; // blank lines carry no document
            }
            chunk.push((line_number, line));
        }
        let results: Vec<(String, bool)> =
            pool.install(|| chunk.par_iter().map(|(n, line)| process_line(*n, line, unit, &options)).collect());
        for (json, ok) in results {
            failures += usize::from(!ok);
            writeln!(writer, "{json}").map_err(|e| Fatal(format!("cannot write: {e}")))?;
        }
    }
    writer.flush().map_err(|e| Fatal(format!("cannot write: {e}")))?;
    if failures > 0 {
        eprintln!("nutgraf: {failures} input line(s) failed; see their \"error\" fields");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
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
    let Some(article_text) = record.get("text").and_then(Value::as_str) else {
        return fail(&id, "no \"text\" string".to_string());
    };
    // A "published" field on the line overrides --published.
    let mut options = options.clone();
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
