//! `parallax import`: hand-made projects in the shapes QualCoder, ATLAS.ti
//! and MAXQDA write (tests/fixtures/qdpx/, zipped here), each imported into
//! a corpus that passes `parallax check`, with the selected words where the
//! tool put them and everything not imported listed.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Output;

use parallax::corpus::{self, files, Corpus};

/// Zip a fixture directory into a .qdpx (entries sorted by path).
fn qdpx(fixture: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qdpx")
        .join(fixture);
    let mut paths = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for p in paths {
        let name = p
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Import a fixture into a temporary directory and load the result.
struct Imported {
    _tmp: tempfile::TempDir,
    corpus: Corpus,
    skipped: Vec<String>,
    dir: std::path::PathBuf,
}

fn import(fixture: &str) -> Imported {
    let project = parallax::qdpx::read::archive(&qdpx(fixture)).expect("the archive reads");
    let imp = parallax::import::corpus(&project);
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in &imp.files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let loaded = corpus::load(files::from_dir(tmp.path()));
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{fixture}: the imported corpus has errors: {errors:#?}\nfiles: {:#?}",
        imp.files
    );
    Imported {
        dir: tmp.path().to_path_buf(),
        _tmp: tmp,
        corpus: loaded.corpus,
        skipped: imp.skipped,
    }
}

impl Imported {
    /// (essay id, passage text, stance, note) of a theme's passages.
    fn passages(&self, theme: &str) -> Vec<(String, String, Option<String>, Option<String>)> {
        let c = &self.corpus;
        let t = c.theme_index(theme).unwrap_or_else(|| {
            panic!(
                "no theme {theme}; themes: {:?}",
                c.map.themes.iter().map(|t| &t.id).collect::<Vec<_>>()
            )
        });
        let mut out = Vec::new();
        for e in 0..c.essays.len() {
            for &p in c.passages_on(t, e) {
                let pass = c.passage(p);
                out.push((
                    c.essays[e].id.clone(),
                    c.passage_text(p).to_string(),
                    pass.stance.clone(),
                    pass.note.clone(),
                ));
            }
        }
        out
    }

    fn skipped_mentions(&self, words: &str) -> bool {
        self.skipped.iter().any(|s| s.contains(words))
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn qualcoder_sources_with_a_bom_and_code_categories() {
    let imp = import("qualcoder");
    let c = &imp.corpus;
    let ids: Vec<&str> = c.essays.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["interview-ana", "interview-ben"]);
    let ana = &c.essays[0].meta;
    assert_eq!(ana.title.as_deref(), Some("Interview Ana"));
    assert_eq!(ana.intro.as_deref(), Some("First interview, school A"));
    assert!(ana.authors.is_empty(), "no author is invented");
    // Positions exclude the BOM: the words are the ones the tool selected.
    assert_eq!(
        imp.passages("change-before"),
        [(
            s("interview-ana"),
            s("Back then we had no computers at all, only chalk and a photocopier."),
            None,
            None
        )]
    );
    assert_eq!(
        imp.passages("change-turning-point"),
        [(
            s("interview-ana"),
            s("Everything changed when the school got a lab."),
            Some(s("The lab is the turning point for her.")),
            None
        )]
    );
    let t = &c.map.themes[c.theme_index("change-turning-point").unwrap()];
    assert_eq!(t.title, "Change / Turning point");
    assert_eq!(t.description.as_deref(), Some("The moment things changed"));
    assert_eq!(crate_color(t.color), Some(s("#5f9ea0")));
    // A selection coded twice is one passage on two themes.
    let left = imp.passages("feeling-left-behind");
    assert_eq!(left.len(), 2);
    assert_eq!(left[1].1, "We need time to learn before we teach.");
    assert_eq!(
        imp.passages("workload")[0].1,
        "it asks for more than we can give. The ideas are good & the timing is not."
    );
    // Listed, not dropped.
    assert!(imp.skipped_mentions("“Unused code”"), "{:#?}", imp.skipped);
    assert!(imp.skipped_mentions("cases"), "{:#?}", imp.skipped);
    assert!(
        imp.skipped_mentions("note “Journal: first week”"),
        "{:#?}",
        imp.skipped
    );
}

fn crate_color(c: Option<parallax::mapping::ThemeColor>) -> Option<String> {
    parallax::export::color_name(c)
}

#[test]
fn atlas_ti_crlf_counted_as_one_a_named_qde_and_uncoded_selections() {
    let imp = import("atlasti");
    let c = &imp.corpus;
    assert_eq!(c.essays.len(), 1);
    assert_eq!(c.essays[0].id, "mabêl-2ième");
    assert_eq!(c.map.title.as_deref(), Some("Breakfast study"));
    // The selection spans a CRLF that ATLAS.ti counts as one character.
    assert_eq!(
        imp.passages("rushed")[0].1,
        "breakfast is mayhem.\nThe baby has porridge"
    );
    assert_eq!(
        imp.passages("rushed")[1].1,
        "Sometimes it is just a Diet Coke at the desk."
    );
    assert_eq!(
        imp.passages("coke-diet-coke")[0].1,
        "Sometimes it is just a Diet Coke at the desk."
    );
    assert_eq!(
        c.map.themes[c.theme_index("rushed").unwrap()].title,
        "\"rushed\""
    );
    assert_eq!(
        imp.passages("bacon-and-eggs")[0].1,
        "On Sundays we have bacon and eggs, all of us together."
    );
    // A selection with no coding (an annotation) is kept, its comment the stance.
    assert_eq!(
        imp.passages("annotations"),
        [(
            s("mabêl-2ième"),
            s("I know, I know."),
            Some(s("She sounds embarrassed here.")),
            None
        )]
    );
    assert!(
        imp.skipped_mentions("picture source “cornflakes-n-milk.jpg”"),
        "{:#?}",
        imp.skipped
    );
}

#[test]
fn maxqda_inline_text_memos_as_notes_and_what_cannot_be_told_apart() {
    let imp = import("maxqda");
    let c = &imp.corpus;
    assert_eq!(c.essays[0].id, "focus-group-1");
    assert_eq!(
        imp.passages("transport-public-transport"),
        [(
            s("focus-group-1"),
            s("The bus comes every hour, if it comes at all."),
            None,
            Some(s("Hourly buses rule out shift work."))
        )]
    );
    // A memo on the coding is the passage's note; a memo on the code, the theme's description.
    assert_eq!(
        imp.passages("work")[0].3.as_deref(),
        Some("Links jobs to car ownership.")
    );
    let work = &c.map.themes[c.theme_index("work").unwrap()];
    assert_eq!(
        work.description.as_deref(),
        Some("Anything about getting or keeping work.")
    );
    // A coded parent code is a theme too; #RGB is widened.
    let transport = &c.map.themes[c.theme_index("transport").unwrap()];
    assert_eq!(crate_color(transport.color), Some(s("#ff00aa")));
    assert_eq!(
        imp.passages("transport")[0].1,
        "My daughter drives me to the doctor & to the shops <on Fridays>."
    );
    // "Yes." occurs twice: parallax finds passages by their words, so it says so.
    assert!(
        imp.skipped_mentions("“Yes.” occurs more than once"),
        "{:#?}",
        imp.skipped
    );
    assert!(c.theme_index("agreement").is_none());
    assert!(
        imp.skipped_mentions("code “Agreement”"),
        "{:#?}",
        imp.skipped
    );
    assert!(
        imp.skipped_mentions("coding(s) of the whole document"),
        "{:#?}",
        imp.skipped
    );
    assert!(imp.skipped_mentions("variables"), "{:#?}", imp.skipped);
}

fn parallax(dir: &Path, args: &[&str]) -> Output {
    common::output_in(dir, args)
}

#[test]
fn the_import_command_lists_what_it_skips_and_the_result_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("fg.qdpx"), qdpx("maxqda")).unwrap();
    let o = parallax(dir, &["import", "fg.qdpx"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("not imported: selection"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("fg: 1 essays, 4 themes, 3 passages imported;"),
        "{out}"
    );
    assert!(parallax(dir, &["check", "fg"]).status.success());
    // An existing empty directory is fine; nothing is left beside it.
    std::fs::create_dir(dir.join("empty")).unwrap();
    assert!(parallax(dir, &["import", "fg.qdpx", "-o", "empty"])
        .status
        .success());
    assert!(dir.join("empty/essays/focus-group-1.md").exists());
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
    // A second import does not write over the first.
    let again = parallax(dir, &["import", "fg.qdpx"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    // Not a zip: a data error with a hint, no panic.
    std::fs::write(dir.join("bad.qdpx"), "<Project/>").unwrap();
    let bad = parallax(dir, &["import", "bad.qdpx", "-o", "b"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("hint:"));
}

#[test]
fn an_imported_project_exports_again_with_the_same_passages() {
    // Foreign project → corpus → qdpx → corpus: the second trip changes nothing.
    let first = import("qualcoder");
    let bytes = parallax::export::qdpx::qdpx(&first.corpus).unwrap();
    let project = parallax::qdpx::read::archive(&bytes).unwrap();
    let again = parallax::import::corpus(&project);
    assert!(again.skipped.is_empty(), "{:#?}", again.skipped);
    for t in &first.corpus.map.themes {
        let tmp = tempfile::tempdir().unwrap();
        for (rel, text) in &again.files {
            let p = tmp.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let a = parallax(&first.dir, &["show", &t.id, ".", "--format", "json"]);
        let b = parallax(tmp.path(), &["show", &t.id, ".", "--format", "json"]);
        assert_eq!(
            String::from_utf8_lossy(&b.stdout),
            String::from_utf8_lossy(&a.stdout)
        );
        assert!(a.status.success());
    }
}
