//! The `cityprofiles` command.

fn main() -> std::process::ExitCode {
    cityprofiles::cli::main()
}
