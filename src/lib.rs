//! cityprofiles: a static-site generator for U4SSC Smart Sustainable City profiles.
//!
//! Shared domain types live in [`model`]. Pipeline, one stage per module: [`config`] → [`content`] (load) → [`kpi`] (engine) →
//! [`render`] → [`site`] (write). [`check`] verifies the rendered output; [`cmd`] holds the CLI
//! verbs.

// A `Diagnostic` (file, span, message, help, and the long help of `--verbose`) is 128 bytes;
// it is returned only on the cold path of bad input, where boxing every one would buy nothing
// but noise in every signature.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod downloads;
pub mod fingerprint;
pub mod kpi;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sheet;
pub mod site;
