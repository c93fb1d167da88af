//! The `cityprofiles` command.

// A build makes millions of small strings (cells, attributes, rows); mimalloc cut the 1,000-city
// build's CPU time noticeably against the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cityprofiles::cmd::main()
}
