//! The catalog types now live in `model::catalog`; reading a catalog file in `content::catalog`.

// shim: removed after the merge (issue 20)
pub use crate::model::catalog::*;
