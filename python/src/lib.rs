//! `nutgraf._nutgraf`: the native half of the Python package.
//!
//! Type conversion only: text and options in, the Article out as JSON with
//! offsets in code points (Python `str` indices), errors as `ValueError`.
//! The Rust work runs with the GIL released; `extract_many` runs on a rayon
//! pool and keeps the input order. Everything else lives in
//! `nutgraf-core` (extraction) or the pure-Python layer (typed objects).

use nutgraf_core::{extract_with_offsets, InputFormat, LexiconEntry, OffsetUnit, Options};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;

/// mimalloc for the extension's Rust allocations (an extraction makes many
/// small, short-lived ones); objects handed to Python are Python's own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Core options from the Python keyword arguments (`lexicon`: (name, label)
/// pairs; `format`: "auto", "text" or "html").
fn options(
    published: Option<String>,
    layers: Option<Vec<String>>,
    max_input_bytes: Option<usize>,
    lexicon: Option<Vec<(String, String)>>,
    format: Option<&str>,
) -> PyResult<Options> {
    let lexicon = lexicon.unwrap_or_default().into_iter().map(|(name, label)| LexiconEntry { name, label }).collect();
    let format = match format {
        None => InputFormat::Auto,
        Some(name) => InputFormat::parse(name).map_err(|e| PyValueError::new_err(e.to_string()))?,
    };
    Ok(Options { published, layers, max_input_bytes, lexicon, format })
}

/// One article as JSON and, for HTML input, the clean text its spans index;
/// or the core error as a string with its kind.
fn extract_json(text: &str, options: &Options) -> Result<(String, Option<String>), String> {
    let article = extract_with_offsets(text, options, OffsetUnit::Codepoint).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&article).map_err(|e| e.to_string())?;
    Ok((json, article.text))
}

/// `extract(text, published=None, layers=None, max_input_bytes=None,
/// lexicon=None, format=None) -> (json, clean_text | None)`
#[pyfunction]
#[pyo3(signature = (text, published=None, layers=None, max_input_bytes=None, lexicon=None, format=None))]
fn extract(
    py: Python<'_>,
    text: &str,
    published: Option<String>,
    layers: Option<Vec<String>>,
    max_input_bytes: Option<usize>,
    lexicon: Option<Vec<(String, String)>>,
    format: Option<&str>,
) -> PyResult<(String, Option<String>)> {
    let options = options(published, layers, max_input_bytes, lexicon, format)?;
    py.detach(|| extract_json(text, &options)).map_err(PyValueError::new_err)
}

/// `extract_many(texts, threads=None, …) -> list[(json, clean_text | None)]`:
/// in input order; an article that fails raises `ValueError` naming its index.
#[pyfunction]
#[pyo3(signature = (texts, threads=None, published=None, layers=None, max_input_bytes=None, lexicon=None, format=None))]
#[allow(clippy::too_many_arguments)]
fn extract_many(
    py: Python<'_>,
    texts: Vec<String>,
    threads: Option<usize>,
    published: Option<String>,
    layers: Option<Vec<String>>,
    max_input_bytes: Option<usize>,
    lexicon: Option<Vec<(String, String)>>,
    format: Option<&str>,
) -> PyResult<Vec<(String, Option<String>)>> {
    let options = options(published, layers, max_input_bytes, lexicon, format)?;
    let threads = threads.unwrap_or(0); // 0: rayon's default, all cores
    let results: Result<Vec<(String, Option<String>)>, String> = py.detach(|| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?;
        pool.install(|| {
            texts
                .par_iter()
                .enumerate()
                .map(|(k, t)| extract_json(t, &options).map_err(|e| format!("text {k}: {e}")))
                .collect()
        })
    });
    results.map_err(PyValueError::new_err)
}

#[pymodule]
fn _nutgraf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add("SCHEMA_VERSION", nutgraf_core::SCHEMA_VERSION)?;
    m.add("LAYERS", nutgraf_core::assemble::LAYERS.to_vec())?;
    Ok(())
}
