//! `site.toml`: a raw serde struct with defaults, turned into validated [`Settings`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::minify::Minify;
use anyhow::{Context, Result};
use serde::Deserialize;

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// `site.toml` exactly as written. Unknown keys are refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    minify: Option<RawMinify>,
    #[serde(default)]
    slugs: Option<String>,
    #[serde(default)]
    digits: Option<String>,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    /// Overrides of the theme's UI strings, by key.
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    timeline: RawTimeline,
    #[serde(default)]
    entities: RawEntities,
    /// `diwan import`: the originals folder and patterns added to the bundled lists.
    #[serde(default)]
    import: RawImport,
}

/// `[entities]` in `site.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntities {
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

/// `[timeline]` in `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeline {
    #[serde(default = "default_timeline_order")]
    order: String,
    #[serde(default = "default_timeline_split")]
    split_above: usize,
}

impl Default for RawTimeline {
    fn default() -> Self {
        RawTimeline {
            order: default_timeline_order(),
            split_above: default_timeline_split(),
        }
    }
}

/// The `[import]` table: where originals go, and patterns that extend the bundled
/// boilerplate list (`src/import/boilerplate.toml`), list by list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    #[serde(default = "default_originals")]
    originals: String,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    end: Vec<String>,
    #[serde(default)]
    share_words: Vec<String>,
    #[serde(default)]
    home_words: Vec<String>,
    #[serde(default)]
    source_chrome: Vec<String>,
    #[serde(default)]
    caption: Vec<String>,
    #[serde(default)]
    byline: Vec<String>,
    #[serde(default)]
    published: Vec<String>,
    #[serde(default)]
    attribution: Vec<String>,
}

impl Default for RawImport {
    fn default() -> Self {
        RawImport {
            originals: default_originals(),
            remove: Vec::new(),
            related: Vec::new(),
            end: Vec::new(),
            share_words: Vec::new(),
            home_words: Vec::new(),
            source_chrome: Vec::new(),
            caption: Vec::new(),
            byline: Vec::new(),
            published: Vec::new(),
            attribution: Vec::new(),
        }
    }
}

fn default_timeline_order() -> String {
    "newest".into()
}
fn default_timeline_split() -> usize {
    500
}

/// Which mentions of an entity an article page links to the entity's page, in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMentions {
    /// The first mention in each paragraph (the default).
    Paragraph,
    /// The first mention in the article.
    Article,
    /// Every mention.
    All,
    /// None: entities are listed beside the article only.
    None,
}

/// Which end of the chronology the timeline page starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineOrder {
    Newest,
    Oldest,
}

/// The `[timeline]` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineSettings {
    pub order: TimelineOrder,
    /// Above this many events the timeline is split into one page per decade.
    pub split_above: usize,
}

fn default_originals() -> String {
    "seeds".into()
}

/// Validated `[import]` settings.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// Absolute path of the folder raw captures are copied into.
    pub originals: PathBuf,
    /// Patterns added to the bundled boilerplate lists.
    pub patterns: crate::import::clean::PatternLists,
}

fn default_language() -> String {
    "ar".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_paginate() -> usize {
    20
}
fn default_feed_limit() -> usize {
    20
}
/// `minify` as written: a boolean or a mode name.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawMinify {
    Bool(bool),
    Name(String),
}

/// How article paths are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugStyle {
    /// Readable Arabic slugs from the title.
    Arabic,
    /// Date and a short stable id, ASCII only.
    Ascii,
}

/// Which digits the theme shows in dates and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    Western,
    Eastern,
}

/// Validated settings with resolved paths.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site root: the folder holding `site.toml`.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    /// `rtl` or `ltr`.
    pub direction: String,
    pub theme: String,
    /// Absolute path of the output directory.
    pub output_dir: PathBuf,
    pub paginate: usize,
    pub minify: Minify,
    pub slugs: SlugStyle,
    pub digits: Digits,
    /// The publishing organization (BagIt Source-Organization, JSON-LD publisher).
    pub organization: String,
    /// Entries in each Atom feed (the latest dated articles).
    pub feed_limit: usize,
    pub strings: BTreeMap<String, String>,
    pub timeline: TimelineSettings,
    /// `[entities] link`: which mentions article pages link in place.
    pub link_mentions: LinkMentions,
    /// `[entities] country`: the country whose bodies bare institution names (وزارة الصحة)
    /// are in an article that names no country; an ISO code of the built-in country table.
    pub home_country: Option<String>,
    pub import: ImportSettings,
}

/// Languages written right to left; direction is derived from the language unless overridden.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "fa", "he", "ur", "ps", "ku", "ckb", "sd", "ug", "yi", "dv",
];

impl Settings {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Settings> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {}: run diwan in a site folder (one with a site.toml) or pass --root",
                path.display()
            )
        })?;
        Settings::parse(root, &text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
    }

    /// Parses `site.toml` text; errors start with the line number.
    pub fn parse(root: &Path, text: &str) -> std::result::Result<Settings, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            let msg = e.message().to_string();
            let fix = if msg.contains("unknown field") {
                "remove it or fix its spelling; the keys are listed in the README's site.toml reference"
            } else if msg.contains("missing field") {
                "add it to site.toml"
            } else {
                "fix the value's type (strings in quotes, numbers and true/false bare)"
            };
            format!("{line}: {msg} ({fix})")
        })?;
        let root = root.to_path_buf();
        let err = |key: &str, msg: String| format!("1: `{key}`: {msg}");
        let direction = match raw.direction.as_deref() {
            None => {
                let primary = raw.language.split(['-', '_']).next().unwrap_or("");
                if RTL_LANGUAGES.contains(&primary) {
                    "rtl".to_string()
                } else {
                    "ltr".to_string()
                }
            }
            Some(d @ ("rtl" | "ltr")) => d.to_string(),
            Some(other) => {
                return Err(err(
                    "direction",
                    format!("unknown direction `{other}` (expected \"rtl\" or \"ltr\", or leave it out to derive it from `language`)"),
                ))
            }
        };
        let slugs = match raw.slugs.as_deref() {
            None | Some("arabic") => SlugStyle::Arabic,
            Some("ascii") => SlugStyle::Ascii,
            Some(other) => {
                return Err(err(
                    "slugs",
                    format!("unknown slug style `{other}` (expected \"arabic\" or \"ascii\")"),
                ))
            }
        };
        let minify = match &raw.minify {
            None | Some(RawMinify::Bool(true)) => Minify::Whitespace,
            Some(RawMinify::Bool(false)) => Minify::Off,
            Some(RawMinify::Name(n)) if n == "whitespace" => Minify::Whitespace,
            Some(RawMinify::Name(n)) if n == "full" => Minify::Full,
            Some(RawMinify::Name(n)) if n == "off" => Minify::Off,
            Some(RawMinify::Name(other)) => {
                return Err(err(
                    "minify",
                    format!(
                        "unknown minify mode `{other}` (expected true, false, \"whitespace\", \"full\" or \"off\")"
                    ),
                ))
            }
        };
        let digits = match raw.digits.as_deref() {
            None | Some("western") => Digits::Western,
            Some("eastern") => Digits::Eastern,
            Some(other) => {
                return Err(err(
                    "digits",
                    format!("unknown digits `{other}` (expected \"western\" or \"eastern\")"),
                ))
            }
        };
        let timeline = TimelineSettings {
            order: match raw.timeline.order.as_str() {
                "newest" => TimelineOrder::Newest,
                "oldest" => TimelineOrder::Oldest,
                other => {
                    return Err(err(
                        "timeline.order",
                        format!("unknown order `{other}` (expected \"newest\" or \"oldest\")"),
                    ))
                }
            },
            split_above: raw.timeline.split_above.max(1),
        };
        let link_mentions = match raw.entities.link.as_deref() {
            None | Some("paragraph") => LinkMentions::Paragraph,
            Some("article") => LinkMentions::Article,
            Some("all") => LinkMentions::All,
            Some("none") => LinkMentions::None,
            Some(other) => {
                return Err(err(
                    "entities.link",
                    format!("unknown value `{other}` (expected \"paragraph\", \"article\", \"all\" or \"none\")"),
                ))
            }
        };
        let home_country = match raw.entities.country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) if crate::entities::institutions::is_country(code) => Some(code.to_string()),
            Some(other) => {
                return Err(err(
                    "entities.country",
                    format!(
                    "unknown country `{other}` (expected the two-letter ISO code of one of: {})",
                    crate::entities::institutions::country_codes().join(", ")
                ),
                ))
            }
        };
        if raw.paginate == 0 {
            return Err(err("paginate", "must be at least 1".into()));
        }
        if raw.title.trim().is_empty() {
            return Err(err("title", "must not be empty".into()));
        }
        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(err(
                "base_url",
                format!("`{base_url}` is not an absolute http(s) URL (write e.g. \"https://example.org/archive/\")"),
            ));
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        if raw.theme.contains(['/', '\\']) || raw.theme.is_empty() {
            return Err(err("theme", "must be a folder name under themes/".into()));
        }
        let output_dir = root.join(&raw.output_dir);
        if output_dir == root || raw.output_dir.trim().is_empty() {
            return Err(err(
                "output_dir",
                "must be a sub-folder of the site, such as \"public\"".into(),
            ));
        }
        let imp = raw.import;
        if imp.originals.trim().is_empty()
            || imp.originals.starts_with('/')
            || imp.originals.split(['/', '\\']).any(|c| c == "..")
        {
            return Err(err(
                "import.originals",
                "must be a folder inside the site, such as \"seeds\"".into(),
            ));
        }
        let patterns = crate::import::clean::PatternLists {
            remove: imp.remove,
            related: imp.related,
            end: imp.end,
            share_words: imp.share_words,
            home_words: imp.home_words,
            source_chrome: imp.source_chrome,
            caption: imp.caption,
            byline: imp.byline,
            published: imp.published,
            attribution: imp.attribution,
        };
        for (list, pattern) in patterns.regex_patterns() {
            if let Err(e) = crate::import::clean::compile(list, pattern) {
                return Err(err(
                    "import",
                    format!("{e:#} (write a regular expression; see the README's `diwan import` section)"),
                ));
            }
        }
        let import = ImportSettings {
            originals: root.join(&imp.originals),
            patterns,
        };
        Ok(Settings {
            import,
            organization: raw.organization.unwrap_or_else(|| raw.title.clone()),
            root,
            title: raw.title,
            description: raw.description,
            base_url,
            language: raw.language,
            direction,
            theme: raw.theme,
            output_dir,
            paginate: raw.paginate,
            minify,
            slugs,
            digits,
            feed_limit: raw.feed_limit,
            strings: raw.strings,
            timeline,
            link_mentions,
            home_country,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<Settings, String> {
        Settings::parse(Path::new("/site"), text)
    }

    #[test]
    fn defaults_and_derived_direction() {
        let s = parse("title = \"ديوان\"\nbase_url = \"https://example.org/a\"\n").unwrap();
        assert_eq!(s.direction, "rtl");
        assert_eq!(s.base_url, "https://example.org/a/");
        assert_eq!(s.output_dir, Path::new("/site/public"));
        assert_eq!(s.paginate, 20);
        assert_eq!(s.minify, Minify::Whitespace);
        assert_eq!(s.timeline.order, TimelineOrder::Newest);
        assert_eq!(s.import.originals, Path::new("/site/seeds"));
        assert!(s.import.patterns.remove.is_empty());
        let s = parse("title = \"x\"\nbase_url = \"https://e.org/\"\n[import]\noriginals = \"captures\"\nremove = [\"^لمتابعة\"]\n").unwrap();
        assert_eq!(s.import.originals, Path::new("/site/captures"));
        assert_eq!(s.import.patterns.remove, ["^لمتابعة"]);
        let s = parse("title = \"x\"\nbase_url = \"https://e.org/\"\nlanguage = \"en\"\n").unwrap();
        assert_eq!(s.direction, "ltr");
    }

    #[test]
    fn error_table() {
        let rows: &[(&str, &str)] = &[
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\ntitel = \"y\"\n",
                "3: unknown field `titel`",
            ),
            ("title = \"x\"\n", "missing field `base_url`"),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\npaginate = \"ten\"\n",
                "3: invalid type",
            ),
            (
                "title = \"x\"\nbase_url = \"e.org\"\n",
                "`base_url`: `e.org` is not an absolute",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\ndirection = \"up\"\n",
                "unknown direction `up`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\nslugs = \"latin\"\n",
                "unknown slug style `latin`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[timeline]\norder = \"random\"\n",
                "`timeline.order`: unknown order `random`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[timeline]\nsort = \"newest\"\n",
                "4: unknown field `sort`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[entities]\nlink = \"first\"\n",
                "`entities.link`: unknown value `first`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\npaginate = 0\n",
                "`paginate`: must be at least 1",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[import]\nremov = []\n",
                "4: unknown field `remov`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[import]\nremove = [\"(\"]\n",
                "`import`: invalid `remove` pattern `(`",
            ),
            (
                "title = \"x\"\nbase_url = \"https://e.org/\"\n[import]\noriginals = \"../x\"\n",
                "`import.originals`: must be a folder inside the site",
            ),
        ];
        for (text, expected) in rows {
            let e = parse(text).unwrap_err();
            assert!(
                e.contains(expected),
                "{text:?} gave {e:?}, expected {expected:?}"
            );
        }
    }
}
