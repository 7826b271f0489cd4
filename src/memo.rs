//! Digests remembered by the address of the shared data they were made from, for rebuilds.
//!
//! An article that did not change between two rebuilds of `diwan watch` shares its `Arc`s
//! (blocks, entities) with the previous build, so the digest the analysis caches are keyed
//! by is looked up by those addresses instead of being made again by hashing every text of
//! the archive (15 ms for the entity step alone at 10,000 articles). The memo holds the
//! `Arc`s it was made from, so an address it knows cannot be reused for other data.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// An `Arc` compared and hashed by its address.
#[derive(Debug)]
pub struct ByAddress<T: ?Sized>(pub Arc<T>);

impl<T: ?Sized> Clone for ByAddress<T> {
    fn clone(&self) -> Self {
        ByAddress(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for ByAddress<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: ?Sized> Eq for ByAddress<T> {}

impl<T: ?Sized> Hash for ByAddress<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.0) as *const () as usize).hash(state)
    }
}

/// Digests by key (built from [`ByAddress`] parts and plain values).
pub struct DigestMemo<K>(FxHashMap<K, u64>);

impl<K> Default for DigestMemo<K> {
    fn default() -> Self {
        DigestMemo(FxHashMap::default())
    }
}

impl<K: Hash + Eq + Send + Sync> DigestMemo<K> {
    /// The digest of every item, in order: looked up by `key`, made with `digest` where the
    /// key is new. Afterwards the memo holds the keys of these items only (an item gone
    /// from the archive frees its data).
    pub fn digests<T: Sync>(
        &mut self,
        items: &[T],
        key: impl Fn(&T) -> K + Sync,
        digest: impl Fn(&T) -> u64 + Sync,
    ) -> Vec<u64> {
        let known = &self.0;
        let keyed: Vec<(K, u64)> = items
            .par_iter()
            .map(|item| {
                let k = key(item);
                let d = known.get(&k).copied().unwrap_or_else(|| digest(item));
                (k, d)
            })
            .collect();
        let digests = keyed.iter().map(|(_, d)| *d).collect();
        self.0 = keyed.into_iter().collect();
        digests
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_shared_part_is_looked_up_and_an_equal_copy_is_digested_again() {
        let a: Arc<str> = Arc::from("نص المقال الأول");
        let b: Arc<str> = Arc::from("نص المقال الثاني");
        let made = AtomicUsize::new(0);
        let digest = |s: &Arc<str>| {
            made.fetch_add(1, Ordering::Relaxed);
            s.len() as u64
        };
        let mut memo = DigestMemo::default();
        let first = memo.digests(&[a.clone(), b.clone()], |s| ByAddress(s.clone()), digest);
        assert_eq!(first, vec![a.len() as u64, b.len() as u64]);
        assert_eq!(made.load(Ordering::Relaxed), 2);
        // The same `Arc`s: nothing hashed. An equal text in a new `Arc`: hashed again.
        let copy: Arc<str> = Arc::from(&*a);
        let second = memo.digests(&[a.clone(), copy], |s| ByAddress(s.clone()), digest);
        assert_eq!(second, first[..1].repeat(2));
        assert_eq!(made.load(Ordering::Relaxed), 3);
        // Only the keys of the last call are kept: `b` is no longer held.
        assert_eq!(memo.0.len(), 2);
        assert_eq!(Arc::strong_count(&b), 1);
    }
}
