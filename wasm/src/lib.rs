//! # nutgraf-wasm
//!
//! The WebAssembly face of nutgraf: `extract(text, options?)` and a reusable
//! `Extractor`, returning the [`Article`] of `nutgraf-core` as a plain
//! JavaScript object.
//!
//! This crate only converts; every decision is core's:
//!
//! - **options in**: a JS object (`{ layers, published, maxInputBytes, format,
//!   lexicon }`) deserialized with serde into [`nutgraf_core::Options`];
//!   unknown keys are rejected, so a typo is an error instead of a silent
//!   default;
//! - **offsets out in UTF-16 code units**, JavaScript's string indices, so
//!   `text.slice(span.start, span.end) === span.text` for every span, emoji
//!   and CJK included (core converts, [`Article::convert_offsets`]);
//! - **the article out** as JSON text parsed by the engine's `JSON.parse`
//!   (one string crossing the boundary measured a little faster and smaller
//!   than building the object field by field through `serde-wasm-bindgen`):
//!   plain objects, `null` for a missing value, exactly the JSON of the CLI
//!   and the Python package;
//! - **errors out** as JS `Error`s whose `kind` is core's stable id
//!   (`invalid_argument`, `input_too_large`) and whose message says what to
//!   fix; `output_too_large` when the article's JSON is longer than the
//!   engine's longest string (V8: about 512 MB, which 14 MB of text dense
//!   with numbers reaches).
//!
//! Panics: the package is built with `panic = "abort"` (smaller), so a panic
//! would trap the module instead of throwing. Core is written to be
//! panic-free on any input and fuzzed for it (`fuzz/`); this layer has no
//! `unwrap` either.
//!
//! TypeScript: the output types derive `tsify::Tsify` in core (feature
//! `typescript`), the options are declared below, and each export names its
//! types, so the generated `.d.ts` has no `any` for the Article.

use nutgraf_core::{Article, InputFormat, LexiconEntry, OffsetUnit, Options};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// Talc instead of Rust's default dlmalloc: an extraction makes many small,
/// short-lived allocations, and talc serves them faster in a smaller module
/// (see `scripts/bench-wasm`). The module is single-threaded (no `atomics`).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"
/** A layer of the article that can be switched on or off. */
export type Layer = "entities" | "people" | "quotes" | "dates" | "numbers" | "summary";

/** A name to recognize whatever the model says. */
export interface LexiconEntry {
    /** The name exactly as the text writes it ("Zorblat Industries"). */
    name: string;
    label: "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "MISC";
}

/** Options of `extract` and `new Extractor`. */
export interface ExtractOptions {
    /** Layers to compute; all when absent. Blocks and sentences always come. */
    layers?: Layer[];
    /** Publication date (YYYY-MM-DD) that relative dates resolve against. */
    published?: string;
    /** Refuse texts longer than this many UTF-8 bytes (`input_too_large`). */
    maxInputBytes?: number;
    /** Names to label wherever they occur (people, organizations, places…). */
    lexicon?: LexiconEntry[];
    /**
     * How to read the input: "html" finds the article in a web page or a
     * rich paste (spans then point into `article.text`, blocks carry their
     * `source` range in the HTML); "text" takes it as pasted; "auto" (the
     * default) reads HTML documents as HTML.
     */
    format?: "auto" | "text" | "html";
}

/** What `extract` throws: a JS Error with core's stable error id. */
export interface NutgrafError extends Error {
    kind: "invalid_argument" | "input_too_large" | "output_too_large";
}
"#;

#[wasm_bindgen]
extern "C" {
    /// An `ExtractOptions` object (declared above); typed so the `.d.ts`
    /// says `options?: ExtractOptions | null`.
    #[wasm_bindgen(typescript_type = "ExtractOptions")]
    pub type ExtractOptionsObject;
}

/// The options as JavaScript writes them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    layers: Option<Vec<String>>,
    published: Option<String>,
    max_input_bytes: Option<f64>,
    lexicon: Option<Vec<JsLexiconEntry>>,
    format: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsLexiconEntry {
    name: String,
    label: String,
}

impl JsOptions {
    fn into_core(self) -> Result<Options, JsValue> {
        let max_input_bytes = match self.max_input_bytes {
            None => None,
            Some(n) if n.is_finite() && n >= 0.0 => Some(n.min(usize::MAX as f64) as usize),
            Some(n) => return Err(error("invalid_argument", &format!("maxInputBytes must be a number ≥ 0, not {n}"))),
        };
        let format = match self.format.as_deref() {
            None => InputFormat::Auto,
            Some(name) => InputFormat::parse(name).map_err(|e| error(e.kind().as_str(), e.message()))?,
        };
        Ok(Options {
            format,
            max_input_bytes,
            published: self.published,
            layers: self.layers,
            lexicon: self
                .lexicon
                .unwrap_or_default()
                .into_iter()
                .map(|e| LexiconEntry { name: e.name, label: e.label })
                .collect(),
        })
    }
}

/// A JS `Error` with `kind` set.
fn error(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("kind"), &JsValue::from_str(kind));
    err.into()
}

/// The keys `ExtractOptions` has (serde-wasm-bindgen looks up known fields
/// only, so `deny_unknown_fields` alone would not see a typo).
const OPTION_KEYS: [&str; 5] = ["layers", "published", "maxInputBytes", "lexicon", "format"];

/// Reads the optional options object (`undefined` and `null` mean defaults).
fn read_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    let Some(value) = options.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return JsOptions::default().into_core();
    };
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(error("invalid_argument", "options must be an object"));
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key: String = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(error(
                "invalid_argument",
                &format!("unknown option {key:?}; options are {}", OPTION_KEYS.join(", ")),
            ));
        }
    }
    for key in ["layers", "lexicon"] {
        let field = js_sys::Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if !field.is_undefined() && !field.is_null() && !js_sys::Array::is_array(&field) {
            return Err(error("invalid_argument", &format!("option {key:?} must be an array")));
        }
    }
    let js: JsOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| error("invalid_argument", &format!("bad options: {e}")))?;
    js.into_core()
}

fn run(text: &str, options: &Options) -> Result<JsValue, JsValue> {
    let article = nutgraf_core::extract_with_offsets(text, options, OffsetUnit::Utf16)
        .map_err(|e| error(e.kind().as_str(), e.message()))?;
    to_js(&article)
}

fn to_js(article: &Article) -> Result<JsValue, JsValue> {
    // Serializing core's types cannot fail (no map has non-string keys).
    let json = serde_json::to_string(article).map_err(|_| error("internal", "could not serialize the article"))?;
    // The JSON is valid, so parsing fails only when it is longer than the
    // engine's longest string (or the engine runs out of memory).
    js_sys::JSON::parse(&json).map_err(|_| {
        error("output_too_large", &format!("the result is {} MB of JSON, too long for this engine: pass a shorter text or fewer layers", json.len() / 1_000_000))
    })
}

/// Extracts the article from `text` (offsets in UTF-16 code units).
///
/// Throws a `NutgrafError` for bad options or a text over `maxInputBytes`.
#[wasm_bindgen(unchecked_return_type = "Article")]
pub fn extract(
    text: &str,
    options: Option<ExtractOptionsObject>,
) -> Result<JsValue, JsValue> {
    run(text, &read_options(options.map(Into::into))?)
}

/// Extracts many articles with the same options: the options are read and
/// checked once.
#[wasm_bindgen]
pub struct Extractor {
    options: Options,
}

#[wasm_bindgen]
impl Extractor {
    /// Checks the options now (throws a `NutgrafError` if they are bad), so
    /// later calls only fail on the text itself (`input_too_large`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: Option<ExtractOptionsObject>,
    ) -> Result<Extractor, JsValue> {
        let options = read_options(options.map(Into::into))?;
        // Core validates options as it extracts; an empty text costs nothing.
        nutgraf_core::extract("", &options).map_err(|e| error(e.kind().as_str(), e.message()))?;
        Ok(Extractor { options })
    }

    /// Extracts the article from `text` (offsets in UTF-16 code units).
    #[wasm_bindgen(unchecked_return_type = "Article")]
    pub fn extract(&self, text: &str) -> Result<JsValue, JsValue> {
        run(text, &self.options)
    }
}

/// The version of nutgraf ("0.1.0").
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The version of the Article's JSON schema ("1.1").
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> String {
    nutgraf_core::SCHEMA_VERSION.to_string()
}
