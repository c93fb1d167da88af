//! Rebuilds the binary when an embedded folder changes: `include_dir!` cannot tell Cargo that
//! a new file appeared in a folder it embeds.

fn main() {
    for dir in ["templates", "static", "i18n", "catalog"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
