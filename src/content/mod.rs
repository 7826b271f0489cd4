//! Loads `content/articles/`: splits and validates front matter, parses Markdown bodies,
//! assigns slugs, and collects every content error of the run before failing.

pub mod dateline;
pub mod front_matter;
pub mod markdown;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::arabic::slug::{arabic_slug, ascii_slug};
use crate::config::{Settings, SlugStyle};
use crate::error::{ContentError, ContentErrors};
use crate::model::Article;

/// Where articles live, relative to the site root.
pub const ARTICLES_DIR: &str = "content/articles";

/// Loads every article; drafts are kept only when `drafts` is true. Returns all content
/// errors together when any file is invalid.
pub fn load_articles(settings: &Settings, drafts: bool) -> Result<Vec<Article>> {
    let files = article_files(settings)?;
    let parsed: Vec<Parsed> = files.par_iter().map(|p| parse_file(settings, p)).collect();
    assemble(parsed, settings, drafts)
}

/// One article file after parsing: the article, or every error in it.
pub type Parsed = std::result::Result<Article, Vec<ContentError>>;

/// Every article file under `content/articles/`, in path order.
pub fn article_files(settings: &Settings) -> Result<Vec<PathBuf>> {
    let dir = settings.root.join(ARTICLES_DIR);
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
            let p = entry.path();
            if entry.file_type().is_file() && is_article_file(p) {
                files.push(p.to_path_buf());
            }
        }
    }
    Ok(files)
}

/// Whether `path` is an article's Markdown file (by its name).
pub fn is_article_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Reads and parses one article file (no slug yet: see [`assemble`]).
pub fn parse_file(settings: &Settings, path: &Path) -> Parsed {
    let rel = relative(&settings.root, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(vec![ContentError::new(
                &rel,
                None,
                format!("cannot read the file: {e}"),
                "make it readable UTF-8 text",
            )])
        }
    };
    match utf8_text(bytes) {
        Ok(text) => front_matter::parse_article(&rel, &text, &settings.root),
        Err((line, at)) => Err(vec![ContentError::new(
            &rel,
            Some(line),
            format!("the file is not UTF-8 text: the bytes from offset {at} are not UTF-8"),
            "save it as UTF-8 (or bring it in with `diwan import`, which detects the encoding)",
        )]),
    }
}

/// `bytes` as a `String`, or the line (1-based) and the offset in the file of the first
/// byte that is not UTF-8.
fn utf8_text(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    crate::bytescan::utf8_string(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        (line, at)
    })
}

/// Turns parsed files (in path order) into the archive's articles: drops drafts unless
/// `drafts`, assigns slugs and sorts; fails with every content error of the run.
pub fn assemble(parsed: Vec<Parsed>, settings: &Settings, drafts: bool) -> Result<Vec<Article>> {
    assemble_with(parsed, settings, drafts, None)
}

/// Base slugs made by earlier assemblies, by article path with what each was made from:
/// `diwan watch` keeps it, so a rebuild makes only the edited articles' (normalizing every
/// title again was most of a rebuild's assembly at 10,000 articles).
#[derive(Default)]
pub struct SlugMemo(HashMap<String, SlugMade>);

struct SlugMade {
    style: SlugStyle,
    title: String,
    date: Option<chrono::NaiveDate>,
    base: String,
}

/// [`assemble`], reusing and refreshing the base slugs of `memo`.
pub fn assemble_with(
    parsed: Vec<Parsed>,
    settings: &Settings,
    drafts: bool,
    memo: Option<&mut SlugMemo>,
) -> Result<Vec<Article>> {
    let mut errors = ContentErrors::default();
    let mut articles = Vec::with_capacity(parsed.len());
    for r in parsed {
        match r {
            Ok(a) => articles.push(a),
            Err(es) => errors.extend(es),
        }
    }
    if !drafts {
        articles.retain(|a| !a.draft);
    }
    assign_slugs_with(&mut articles, settings.slugs, &mut errors, memo);
    errors.into_result()?;
    sort_articles(&mut articles);
    Ok(articles)
}

/// A digest of what [`assemble`] reads of an article besides its title and date: path, draft
/// flag and front-matter slug (`None` for a file with errors). While it is the same for every
/// edited file, `diwan watch` swaps the edited articles into the last assembly instead of
/// assembling 10,000 articles again: their slugs stay as they were if their
/// [`base_slug`]s did, and the order is mended by sorting again when a title or date changed.
pub fn identity(parsed: &Parsed) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let a = parsed.as_ref().ok()?;
    let mut h = rustc_hash::FxHasher::default();
    (&a.path, a.draft, &a.slug).hash(&mut h);
    Some(h.finish())
}

/// Newest first, undated last, then by title and path so the order is total.
pub fn sort_articles(articles: &mut [Article]) {
    articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// Gives every article a unique slug: front-matter overrides first (duplicates are errors),
/// then generated slugs in path order, with `-2`, `-3` … on collisions.
pub fn assign_slugs(articles: &mut [Article], style: SlugStyle, errors: &mut ContentErrors) {
    assign_slugs_with(articles, style, errors, None)
}

/// [`assign_slugs`], taking from `memo` the base slug of an article whose path, title and
/// date are those it was made from, and leaving in it the base slugs of this assembly.
fn assign_slugs_with(
    articles: &mut [Article],
    style: SlugStyle,
    errors: &mut ContentErrors,
    mut memo: Option<&mut SlugMemo>,
) {
    let mut taken: HashMap<String, String> = HashMap::default();
    for a in articles.iter().filter(|a| !a.slug.is_empty()) {
        if let Some(first) = taken.insert(a.slug.clone(), a.path.clone()) {
            errors.push(ContentError::new(
                &a.path,
                None,
                format!("duplicate slug `{}`, also used by {first}", a.slug),
                "give one of the two articles a different `slug`",
            ));
        }
    }
    let mut order: Vec<usize> = (0..articles.len())
        .filter(|&i| articles[i].slug.is_empty())
        .collect();
    order.sort_by(|&a, &b| articles[a].path.cmp(&articles[b].path));
    // Each article's base slug (normalizing every title is most of the work), in parallel;
    // then collisions are settled in path order.
    let bases: Vec<String> = {
        use rayon::prelude::*;
        order
            .par_iter()
            .map(|&i| {
                let a = &articles[i];
                let made = memo
                    .as_ref()
                    .and_then(|memo| memo.0.get(&a.path))
                    .filter(|m| m.style == style && m.title == a.title && m.date == a.date);
                match made {
                    Some(m) => m.base.clone(),
                    None => base_slug(style, a),
                }
            })
            .collect()
    };
    if let Some(memo) = memo.as_mut() {
        memo.0 = order
            .iter()
            .zip(&bases)
            .map(|(&i, base)| {
                let a = &articles[i];
                let made = SlugMade {
                    style,
                    title: a.title.clone(),
                    date: a.date,
                    base: base.clone(),
                };
                (a.path.clone(), made)
            })
            .collect();
    }
    let mut next_suffix: HashMap<String, usize> = HashMap::default();
    for (i, base) in order.into_iter().zip(bases) {
        let a = &articles[i];
        // Resume each base's suffix count where the last collision left it: probing from
        // -2 every time was quadratic in the number of articles sharing a title.
        let n = next_suffix.entry(base.clone()).or_insert(2);
        let mut slug = base.clone();
        while taken.contains_key(&slug) {
            slug = format!("{base}-{n}");
            *n += 1;
        }
        taken.insert(slug.clone(), a.path.clone());
        articles[i].slug = slug;
    }
}

/// The slug an article without a front-matter `slug` gets before collisions are settled:
/// from its title, or from its date and file name.
pub fn base_slug(style: SlugStyle, a: &Article) -> String {
    match style {
        SlugStyle::Arabic => {
            let s = arabic_slug(&a.title);
            if s.is_empty() {
                ascii_slug(a.date_iso().as_deref(), &a.path)
            } else {
                s
            }
        }
        SlugStyle::Ascii => ascii_slug(a.date_iso().as_deref(), &a.path),
    }
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::utf8_text;

    #[test]
    fn utf8_text_takes_utf8_and_names_the_line_of_other_bytes() {
        // The text, or the line and offset of the first byte that is not UTF-8.
        type Want = Result<&'static str, (usize, usize)>;
        let rows: &[(&[u8], Want)] = &[
            ("".as_bytes(), Ok("")),
            (
                "+++\ntitle = \"أمن\"\n+++\nنص ١٢ Europol".as_bytes(),
                Ok("+++\ntitle = \"أمن\"\n+++\nنص ١٢ Europol"),
            ),
            // Windows-1256 "الرباط" on line 3.
            (b"+++\n+++\n\xc7\xe1\xd1\xc8\xc7\xd8\n", Err((3, 8))),
            // A UTF-8 letter cut short at the end.
            (b"a\nb\n\xd8", Err((3, 4))),
            (b"\xff", Err((1, 0))),
        ];
        for (bytes, want) in rows {
            let got = utf8_text(bytes.to_vec());
            match (want, got) {
                (Ok(w), Ok(g)) => assert_eq!(*w, g),
                (Err(w), Err(g)) => assert_eq!(*w, g, "{bytes:?}"),
                (w, g) => panic!("{bytes:?}: want {w:?}, got {g:?}"),
            }
        }
    }
}
