//! One module per subcommand; `main.rs` parses the CLI and calls `execute`.

pub mod build;
pub mod import;
