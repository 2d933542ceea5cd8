//! `parallax export --format qdpx`: the built-in corpus goes out as a
//! REFI-QDA project that validates against the standard's schema, comes
//! back through `parallax import` with every theme's passages unchanged
//! (texts and offsets), and exporting twice gives the same bytes.

mod common;

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

fn parallax(dir: &Path, args: &[&str]) -> Output {
    common::output_in(dir, args)
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn theme_ids(dir: &Path, corpus: &[&str]) -> Vec<String> {
    let mut args = vec!["themes"];
    args.extend(corpus);
    args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&ok(&parallax(dir, &args))).unwrap();
    v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn entries(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

#[test]
fn the_built_in_corpus_round_trips_through_qdpx() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(&parallax(
        dir,
        &["export", "--format", "qdpx", "-o", "a.qdpx"],
    ));
    ok(&parallax(dir, &["import", "a.qdpx", "-o", "back"]));
    let check = ok(&parallax(dir, &["check", "back"]));
    assert!(
        check.contains("6 essays, 16 themes, 140 passages, 2 tours — OK"),
        "{check}"
    );
    let ids = theme_ids(dir, &[]);
    assert_eq!(ids.len(), 16);
    assert_eq!(theme_ids(dir, &["back"]), ids, "same themes, same order");
    for id in &ids {
        let original = ok(&parallax(dir, &["show", id, "--format", "json"]));
        let imported = ok(&parallax(dir, &["show", id, "back", "--format", "json"]));
        assert_eq!(imported, original, "theme {id} changed in the round trip");
    }
    // The tours come back too, step for step: themes, essays, prompts,
    // minutes, focus, summary and reading list.
    let original = parallax::corpus::load(parallax::corpus::files::builtin()).corpus;
    let back = parallax::corpus::load(parallax::corpus::files::from_dir(&dir.join("back"))).corpus;
    let id = |c: &parallax::corpus::Corpus, e: usize| c.essays[e].id.clone();
    assert_eq!(back.map.tours.len(), original.map.tours.len());
    for (a, b) in original.map.tours.iter().zip(&back.map.tours) {
        assert_eq!((&a.id, &a.title, &a.summary), (&b.id, &b.title, &b.summary));
        let ra: Vec<String> = a.reading.iter().map(|&e| id(&original, e)).collect();
        let rb: Vec<String> = b.reading.iter().map(|&e| id(&back, e)).collect();
        assert_eq!(ra, rb, "tour {}: reading", a.id);
        assert_eq!(a.steps.len(), b.steps.len(), "tour {}", a.id);
        for (sa, sb) in a.steps.iter().zip(&b.steps) {
            assert_eq!(original.theme(sa.theme).id, back.theme(sb.theme).id);
            assert_eq!(
                (&sa.prompt, &sa.title, sa.minutes),
                (&sb.prompt, &sb.title, sb.minutes)
            );
            let fa: Vec<(String, usize)> = sa
                .focus
                .iter()
                .map(|&(e, k)| (id(&original, e), k))
                .collect();
            let fb: Vec<(String, usize)> =
                sb.focus.iter().map(|&(e, k)| (id(&back, e), k)).collect();
            // (Focus is per essay: its order in the file does not matter.)
            let (mut fa, mut fb) = (fa, fb);
            fa.sort();
            fb.sort();
            assert_eq!(fa, fb, "tour {}: focus", a.id);
        }
    }
}

/// More sources than `import` converts at once (it converts a batch at a
/// time as it writes): every essay and every theme's passages come back
/// as they were, in order.
#[test]
fn a_corpus_of_many_essays_round_trips_through_qdpx() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth::write(
        &dir.join("orig"),
        &synth::Config {
            essays: 75,
            essay_bytes: 2_000,
            passages_per_essay: 3,
            themes: 5,
            theme_files: 1,
            seed: 7,
        },
    )
    .unwrap();
    ok(&parallax(dir, &["check", "orig"]));
    ok(&parallax(
        dir,
        &["export", "orig", "--format", "qdpx", "-o", "a.qdpx"],
    ));
    ok(&parallax(dir, &["import", "a.qdpx", "-o", "back"]));
    let ids = theme_ids(dir, &["orig"]);
    assert_eq!(theme_ids(dir, &["back"]), ids);
    for id in &ids {
        let original = ok(&parallax(dir, &["show", id, "orig", "--format", "json"]));
        let imported = ok(&parallax(dir, &["show", id, "back", "--format", "json"]));
        assert_eq!(imported, original, "theme {id} changed in the round trip");
    }
    let essays = |d: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.join(d).join("essays"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(essays("back"), essays("orig"));
    assert_eq!(essays("back").len(), 75);
}

#[test]
fn exporting_twice_gives_identical_bytes_and_sources_are_plain_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(&parallax(
        dir,
        &["export", "--format", "qdpx", "-o", "a.qdpx"],
    ));
    ok(&parallax(
        dir,
        &["export", "--format", "qdpx", "-o", "b.qdpx"],
    ));
    let a = std::fs::read(dir.join("a.qdpx")).unwrap();
    let b = std::fs::read(dir.join("b.qdpx")).unwrap();
    assert!(a == b, "two exports differ");
    let files = entries(&a);
    assert_eq!(files[0].0, "project.qde");
    let sources: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("sources/"))
        .collect();
    assert_eq!(sources.len(), 6);
    for (name, bytes) in sources {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
        assert!(!text.starts_with('\u{feff}'), "{name} has a BOM");
        assert!(!text.contains('\r'), "{name} has CR line ends");
        // Referenced from the project file as the standard says.
        let guid = name.trim_start_matches("sources/").trim_end_matches(".txt");
        let qde = std::str::from_utf8(&files[0].1).unwrap();
        assert!(qde.contains(&format!("plainTextPath=\"internal://{guid}.txt\"")));
    }
}

/// Whether a tool a test needs is present; under CI it must be.
fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI (.ci/run installs it)"
        );
        eprintln!("SKIPPED: {tool} is not installed (apt-get install libxml2-utils); set CI=true to make this a failure");
    }
    found
}

#[test]
fn the_project_file_validates_against_the_refi_schema() {
    if !have("xmllint") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(&parallax(
        dir,
        &["export", "--format", "qdpx", "-o", "a.qdpx"],
    ));
    // A theme and a tour alone are projects too.
    ok(&parallax(
        dir,
        &[
            "export", "--format", "qdpx", "--theme", "gsomia", "-o", "t.qdpx",
        ],
    ));
    ok(&parallax(
        dir,
        &[
            "export", "--format", "qdpx", "--tour", "seminar", "-o", "s.qdpx",
        ],
    ));
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/refi/Project.xsd");
    for f in ["a.qdpx", "t.qdpx", "s.qdpx"] {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        let qde = &entries(&bytes)[0].1;
        let path = dir.join(format!("{f}.qde"));
        std::fs::write(&path, qde).unwrap();
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: project.qde does not validate:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn qdpx_needs_an_output_file_and_an_existing_file_is_replaced_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let o = parallax(dir, &["export", "--format", "qdpx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-o"));
    std::fs::write(
        dir.join("x.qdpx"),
        "old contents, much longer than nothing at all",
    )
    .unwrap();
    ok(&parallax(
        dir,
        &[
            "export", "--format", "qdpx", "--theme", "gsomia", "-o", "x.qdpx",
        ],
    ));
    let names: Vec<String> = entries(&std::fs::read(dir.join("x.qdpx")).unwrap())
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names.len(), 7, "{names:?}");
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1);
}
