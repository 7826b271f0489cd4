//! diwan: turns a collection of Arabic news articles into a static, cross-linked archive.
//!
//! The binary is a thin CLI over this library; [`site::build`] is the pipeline.

pub mod arabic;
pub mod bytescan;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod entities;
pub mod error;
pub mod export;
pub mod graph;
pub mod import;
pub mod json;
pub mod memo;
pub mod minify;
pub mod model;
pub mod output;
pub mod pack;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod timeline;
pub mod watch;
