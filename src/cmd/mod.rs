//! One module per subcommand; `main.rs` parses the CLI and calls `execute`.

pub mod build;
pub mod check;
pub mod entities;
pub mod import;
pub mod pack;
pub mod serve;
pub mod verify;
pub mod watch;
