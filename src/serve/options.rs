//! The settings of a dev-server session.

use std::path::PathBuf;

use crate::diagnostics::MessageFormat;

/// Settings of a serve session.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Output folder.
    pub output: PathBuf,
    /// Interface.
    pub interface: String,
    /// First port to try.
    pub port: u16,
    /// Base path, `/` or `/repo/`.
    pub base_path: String,
    /// Include drafts.
    pub drafts: bool,
    /// Diagnostics format for the terminal.
    pub format: MessageFormat,
    /// `--verbose`: every new warning in full.
    pub verbose: bool,
    /// Open the browser once serving.
    pub open: bool,
    /// Poll for changes instead of using the system's file events.
    pub poll: bool,
    /// Print the time of each stage after every rebuild.
    pub timings: bool,
    /// Images kept from earlier builds (read and added to, never pruned: `build` prunes).
    pub images: Option<std::sync::Arc<crate::site::image_store::ImageStore>>,
}
