//! # nutgraf-wasm
//!
//! The WebAssembly face of nutgraf: `extract(text, options?)` and a reusable
//! `Extractor`, returning the [`Article`] of `nutgraf-core` as a plain
//! JavaScript object.
//!
//! This crate only converts; every decision is core's:
//!
//! - **options in**: a JS object (`{ layers, published, maxInputBytes, format,
//!   lexicon }`) read property by property into [`nutgraf_core::Options`];
//!   unknown keys and wrong types are rejected, so a typo is an error
//!   instead of a silent default;
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

/// A JS `Error` with `kind` set.
fn error(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("kind"), &JsValue::from_str(kind));
    err.into()
}

fn invalid(message: &str) -> JsValue {
    error("invalid_argument", message)
}

/// The keys `ExtractOptions` has.
const OPTION_KEYS: [&str; 5] = ["layers", "published", "maxInputBytes", "lexicon", "format"];

/// What a JS value is, for error messages: the number itself ("-1",
/// "NaN", printed by the engine), else its type ("a string", "an array").
fn describe(value: &JsValue) -> String {
    if let Some(number) = value.dyn_ref::<js_sys::Number>() {
        return number.to_string_with_radix(10).map(String::from).unwrap_or_else(|_| "a number".into());
    }
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_null() {
        return "null".into();
    }
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    let name = value.js_typeof().as_string().unwrap_or_default();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

/// Nothing when `value` is an object and not an array, else an error naming
/// `what` and what was found instead.
fn expect_object(value: &JsValue, what: &str) -> Result<(), JsValue> {
    if value.is_object() && !js_sys::Array::is_array(value) {
        Ok(())
    } else {
        Err(invalid(&format!("{what} must be an object, not {}", describe(value))))
    }
}

/// Property `key` of `object`, `None` when absent, `undefined` or `null`;
/// a getter that throws is an error naming `what`.
fn property(object: &JsValue, key: &str, what: &str) -> Result<Option<JsValue>, JsValue> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| invalid(&format!("{what} could not be read")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Option `key` of the options object.
fn option(object: &JsValue, key: &str) -> Result<Option<JsValue>, JsValue> {
    property(object, key, &format!("option {key:?}"))
}

/// A string, or an error naming `what` and what was found instead.
fn string(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| invalid(&format!("{what} must be a string, not {}", describe(value))))
}

/// An array's elements, or an error naming `what`.
fn elements(value: &JsValue, what: &str) -> Result<Vec<JsValue>, JsValue> {
    if !js_sys::Array::is_array(value) {
        return Err(invalid(&format!("{what} must be an array, not {}", describe(value))));
    }
    Ok(value.unchecked_ref::<js_sys::Array>().iter().collect())
}

/// Reads the optional options object (`undefined` and `null` mean
/// defaults) into core's [`Options`]: only type conversion here; core checks
/// the values (layer names, the date, the lexicon) and says what is wrong.
///
/// An unknown option key is an error (a typo must not silently fall back to
/// a default); a lexicon entry may carry keys of its own besides `name` and
/// `label` (records from the caller's database), which are ignored.
///
/// By hand rather than with serde-wasm-bindgen: its error messages print
/// numbers through Rust's float formatting, which with the deserializer
/// cost the package about 10 KB gzip.
fn read_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    let Some(object) = options.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(Options::default());
    };
    expect_object(&object, "options")?;
    for key in js_sys::Object::keys(object.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(invalid(&format!("unknown option {key:?}; options are {}", OPTION_KEYS.join(", "))));
        }
    }
    let layers = match option(&object, "layers")? {
        None => None,
        Some(v) => Some(
            elements(&v, "option \"layers\"")?
                .iter()
                .enumerate()
                .map(|(i, layer)| string(layer, &format!("layers[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let published = option(&object, "published")?.map(|v| string(&v, "option \"published\"")).transpose()?;
    let max_input_bytes = match option(&object, "maxInputBytes")? {
        None => None,
        Some(v) => match v.as_f64() {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n.min(usize::MAX as f64) as usize),
            _ => return Err(invalid(&format!("option \"maxInputBytes\" must be a finite number ≥ 0, not {}", describe(&v)))),
        },
    };
    let format = match option(&object, "format")? {
        None => InputFormat::Auto,
        Some(v) => {
            let name = string(&v, "option \"format\"")?;
            InputFormat::parse(&name).map_err(|e| error(e.kind().as_str(), e.message()))?
        }
    };
    let mut lexicon = Vec::new();
    if let Some(v) = option(&object, "lexicon")? {
        for (i, entry) in elements(&v, "option \"lexicon\"")?.iter().enumerate() {
            let what = format!("lexicon[{i}]");
            expect_object(entry, &what)?;
            let text = |key: &str| {
                let field = format!("{what}.{key}");
                match property(entry, key, &field)? {
                    Some(v) => string(&v, &field),
                    None => Err(invalid(&format!("{what}: missing field `{key}`"))),
                }
            };
            lexicon.push(LexiconEntry { name: text("name")?, label: text("label")? });
        }
    }
    Ok(Options { format, max_input_bytes, published, layers, lexicon })
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
