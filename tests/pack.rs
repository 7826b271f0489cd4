//! `diwan pack` and `diwan verify`: BagIt bags (folder and zip) checked by diwan and by the
//! Library of Congress reference tool (`bagit` from PyPI), corrupted in every way verify must
//! catch, and the packed site's links walked as from file://.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The reference validator: `bagit.py`, or `python3 -m bagit`. `None` when neither is
/// installed, unless DIWAN_REQUIRE_BAGIT is set (as in .ci/run), which makes it a failure.
fn bagit_tool() -> Option<Vec<&'static str>> {
    for cmd in [vec!["bagit.py"], vec!["python3", "-m", "bagit"]] {
        let ok = Command::new(cmd[0])
            .args(&cmd[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(cmd);
        }
    }
    assert!(
        std::env::var_os("DIWAN_REQUIRE_BAGIT").is_none(),
        "bagit (pip install bagit) is required"
    );
    eprintln!("skipping the reference validation: `pip install bagit` to run it");
    None
}

/// Runs `bagit.py --validate` on a bag folder; `None` when the tool is not installed.
fn reference_valid(bag: &Path) -> Option<bool> {
    let cmd = bagit_tool()?;
    let out = Command::new(cmd[0])
        .args(&cmd[1..])
        .arg("--validate")
        .arg(bag)
        .output()
        .unwrap();
    Some(out.status.success())
}

fn verify(bag: &Path) -> (bool, String) {
    let (ok, out, err) = diwan(Path::new("."), &["verify", bag.to_str().unwrap()]);
    (ok, format!("{out}{err}"))
}

fn pack(site: &Path, out: &str) -> std::path::PathBuf {
    let (ok, stdout, err) = diwan(site, &["pack", "--out", out]);
    assert!(ok, "{stdout}{err}");
    site.join(out)
}

/// Every link of the packed site resolves to a file, as a browser needs from file://.
fn assert_site_links_resolve(site: &Path) {
    let report = diwan::check::check_output(site, None).unwrap();
    assert!(report.pages > 3);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}

#[test]
fn directory_bag_is_valid_for_diwan_and_the_reference_tool() {
    let site = fixture("basic");
    let bag = pack(site.path(), "bag");
    assert_eq!(
        std::fs::read(bag.join("bagit.txt")).unwrap(),
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    for label in [
        "Source-Organization: أرشيف الاختبار\n",
        "Bagging-Date: ",
        "Payload-Oxum: ",
        "Bag-Size: ",
        "External-Description: ",
        "Bag-Software-Agent: diwan ",
    ] {
        assert!(info.contains(label), "{label} missing in\n{info}");
    }
    let manifest = std::fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
    for line in manifest.lines() {
        let (sum, path) = line.split_once("  ").unwrap();
        assert_eq!(sum.len(), 64);
        assert!(path.starts_with("data/"), "{line}");
    }
    assert!(manifest.contains("  data/site/index.html\n"));
    assert!(manifest.contains("  data/site/articles/المغرب-وإسبانيا-يعززان-التعاون/index.html\n"));
    assert!(manifest.contains("  data/seeds/capture_one.txt\n"));
    let tags = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    for t in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] {
        assert!(tags.contains(&format!("  {t}\n")), "{tags}");
    }
    assert_eq!(
        std::fs::read(bag.join("data/seeds/capture_one.txt")).unwrap(),
        std::fs::read(site.path().join("seeds/capture_one.txt")).unwrap()
    );
    let (ok, out) = verify(&bag);
    assert!(ok, "{out}");
    assert!(out.contains("valid bag"), "{out}");
    assert_ne!(
        reference_valid(&bag),
        Some(false),
        "bagit.py rejects the bag"
    );
    assert_site_links_resolve(&bag.join("data/site"));
    // Packing again replaces the previous bag.
    pack(site.path(), "bag");
    assert!(verify(&bag).0);
}

/// Rewrites `bag-info.txt` with another Payload-Oxum and updates the tag manifest to match,
/// so only the Oxum is wrong.
fn set_oxum(bag: &Path, oxum: &str) {
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    let info: String = info
        .lines()
        .map(|l| {
            if l.starts_with("Payload-Oxum:") {
                format!("Payload-Oxum: {oxum}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(bag.join("bag-info.txt"), &info).unwrap();
    let sum = diwan::pack::bagit::sha256_hex(info.as_bytes());
    let tags = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    let tags: String = tags
        .lines()
        .map(|l| {
            if l.ends_with("  bag-info.txt") {
                format!("{sum}  bag-info.txt\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(bag.join("tagmanifest-sha256.txt"), tags).unwrap();
}

#[test]
fn corrupted_missing_extra_files_and_a_wrong_oxum_fail_both_validators() {
    let site = fixture("basic");
    let bag = pack(site.path(), "bag");
    let copy = |name: &str| {
        let dest = site.path().join(name);
        let (ok, _, _) = diwan(site.path(), &["pack", "--out", name]);
        assert!(ok);
        dest
    };
    let capture = "data/seeds/capture_one.txt";

    // One changed byte.
    let mut bytes = std::fs::read(bag.join(capture)).unwrap();
    bytes[0] ^= 1;
    std::fs::write(bag.join(capture), bytes).unwrap();
    let (ok, out) = verify(&bag);
    assert!(!ok);
    assert!(
        out.contains(&format!("{capture}: sha256 checksum mismatch")),
        "{out}"
    );
    assert_ne!(reference_valid(&bag), Some(true));

    // A missing file.
    let missing = copy("missing");
    std::fs::remove_file(missing.join("data/site/index.html")).unwrap();
    let (ok, out) = verify(&missing);
    assert!(!ok);
    assert!(
        out.contains("data/site/index.html: missing (listed in manifest-sha256.txt)"),
        "{out}"
    );
    assert_ne!(reference_valid(&missing), Some(true));

    // An extra payload file.
    let extra = copy("extra");
    std::fs::write(extra.join("data/site/extra.txt"), "x").unwrap();
    let (ok, out) = verify(&extra);
    assert!(!ok);
    assert!(
        out.contains("data/site/extra.txt: extra file, not listed in manifest-sha256.txt"),
        "{out}"
    );
    assert_ne!(reference_valid(&extra), Some(true));

    // A wrong Payload-Oxum, everything else consistent.
    let oxum = copy("oxum");
    set_oxum(&oxum, "1.1");
    let (ok, out) = verify(&oxum);
    assert!(!ok);
    assert!(
        out.contains("bag-info.txt: Payload-Oxum 1.1 says 1 octets in 1 files"),
        "{out}"
    );
    assert!(!out.contains("mismatch"), "only the Oxum is wrong: {out}");
    assert_ne!(reference_valid(&oxum), Some(true));
}

/// Copies a zip, replacing the bytes of the entry whose name ends with `suffix`.
fn rewrite_zip(src: &Path, dest: &Path, suffix: &str, content: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(dest).unwrap());
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        writer
            .start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .unwrap();
        if name.ends_with(suffix) {
            std::io::Write::write_all(&mut writer, content).unwrap();
        } else {
            std::io::copy(&mut f, &mut writer).unwrap();
        }
    }
    writer.finish().unwrap();
}

#[test]
fn zip_bag_has_one_top_level_folder_verifies_and_unpacks_to_a_valid_bag() {
    let site = fixture("basic");
    let zip_path = pack(site.path(), "archive.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("archive/")), "{names:?}");
    assert!(names.contains(&"archive/bagit.txt".to_string()));
    assert!(names.contains(
        &"archive/data/site/articles/المغرب-وإسبانيا-يعززان-التعاون/index.html".to_string()
    ));
    let (ok, out) = verify(&zip_path);
    assert!(ok, "{out}");

    let unpacked = tempfile::tempdir().unwrap();
    archive.extract(unpacked.path()).unwrap();
    let bag = unpacked.path().join("archive");
    assert!(verify(&bag).0);
    assert_ne!(
        reference_valid(&bag),
        Some(false),
        "bagit.py rejects the unpacked zip"
    );
    assert_site_links_resolve(&bag.join("data/site"));

    let corrupt = site.path().join("corrupt.zip");
    rewrite_zip(&zip_path, &corrupt, "data/site/style.css", b"body{}");
    let (ok, out) = verify(&corrupt);
    assert!(!ok);
    assert!(
        out.contains("data/site/style.css: sha256 checksum mismatch"),
        "{out}"
    );
}

#[test]
fn pack_refuses_to_overwrite_a_folder_that_is_not_a_bag() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("keep")).unwrap();
    std::fs::write(site.path().join("keep/notes.txt"), "mine").unwrap();
    let (ok, _, err) = diwan(site.path(), &["pack", "--out", "keep"]);
    assert!(!ok);
    assert!(err.contains("exists and is not a bag"), "{err}");
    assert!(site.path().join("keep/notes.txt").is_file());
}
