//! The catalog translation types now live in `model::translation`; reading them in
//! `content::translation`.

// shim: removed after the merge (issue 20)
pub use crate::model::translation::*;
