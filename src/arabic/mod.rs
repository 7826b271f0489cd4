//! The Arabic text core: normalization with offsets, slugs and collation; every other module calls it.

pub mod collate;
pub mod normalize;
pub mod ordinals;
pub mod sentences;
pub mod slug;
pub mod stem;
pub mod tokens;

pub use collate::collation_key;
pub use normalize::{clean_display, fold, normalize, Normalized};
