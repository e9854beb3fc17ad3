//! The one error type of nutgraf.
//!
//! Every failure has an [`ErrorKind`] with a stable string id that hosts map in
//! exactly one place (Python: `ValueError`; JavaScript: an `Error` with
//! `kind`), and a human-readable message.

use std::fmt;

/// What went wrong, as a stable identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An option has a value nutgraf cannot use.
    InvalidArgument,
    /// The input is larger than [`crate::Options::max_input_bytes`].
    InputTooLarge,
}

impl ErrorKind {
    /// The stable id ("invalid_argument", "input_too_large").
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::InputTooLarge => "input_too_large",
        }
    }
}

/// An error with a kind and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for Error {}
