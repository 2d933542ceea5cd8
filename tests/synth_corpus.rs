//! The synthetic benchmark corpus (benches/support/synth.rs) must load with
//! no diagnostics at all, or the benchmark would time the error paths.

#[path = "../benches/support/synth.rs"]
mod synth;

use parallax::corpus::{self, CorpusFiles, InputFile};

fn small() -> synth::Config {
    synth::Config {
        essays: 12,
        essay_bytes: 12_000,
        theme_files: 3,
        ..synth::Config::default()
    }
}

fn load(cfg: &synth::Config) -> corpus::Loaded {
    corpus::load(files(cfg, |_, t| t))
}

/// The corpus as files in memory, each essay's text through `edit`.
fn files(cfg: &synth::Config, mut edit: impl FnMut(usize, String) -> String) -> CorpusFiles {
    let (files, _) = synth::generate(cfg);
    let mut c = CorpusFiles {
        name: "synth".into(),
        ..Default::default()
    };
    for (name, text) in files {
        if name.starts_with("essays/") {
            let text = edit(c.essays.len(), text);
            c.essays.push(InputFile::memory(name, text.into_bytes()));
        } else {
            c.themes.push(InputFile::memory(name, text.into_bytes()));
        }
    }
    c
}

/// `check` anchors each essay as it is parsed, in parallel, and drops its
/// text; it must report exactly what the reader's full load reports, in
/// the same order, when passages of many essays are moved, changed or
/// lost (every third essay loses a stretch of its text, every fifth gets a
/// word changed throughout).
#[test]
fn check_reports_what_the_full_load_reports_with_broken_essays() {
    let cfg = small();
    let edit = |i: usize, t: String| {
        let body = t.find("+++\n\n").or_else(|| t.rfind("+++")).unwrap_or(0);
        let (head, rest) = t.split_at(body);
        let mut rest = rest.to_string();
        if i % 3 == 0 {
            let cut = rest.len() / 3;
            let cut = (cut..rest.len())
                .find(|&k| rest.is_char_boundary(k))
                .unwrap();
            let end = (cut + rest.len() / 4..rest.len())
                .find(|&k| rest.is_char_boundary(k))
                .unwrap();
            rest.replace_range(cut..end, " ");
        }
        if i % 5 == 0 {
            rest = rest.replace(" the ", " a ");
        }
        format!("{head}{rest}")
    };
    let loaded = corpus::load(files(&cfg, edit));
    let checked = corpus::check(files(&cfg, edit));
    let render = |ds: &[parallax::diag::Diagnostic]| -> Vec<String> {
        ds.iter().map(|d| d.render(false)).collect()
    };
    let kinds = |ds: &[parallax::diag::Diagnostic]| {
        ds.iter()
            .filter(|d| d.message.contains("not found"))
            .count()
    };
    // The edits did break passages, in several essays.
    assert!(
        kinds(&loaded.diagnostics) > 5,
        "{:#?}",
        render(&loaded.diagnostics)
    );
    assert_eq!(render(&checked.diagnostics), render(&loaded.diagnostics));
    assert_eq!(checked.counts, corpus::Counts::of(&loaded.corpus));
}

#[test]
fn synthetic_corpus_loads_without_diagnostics() {
    let cfg = small();
    let loaded = load(&cfg);
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{shown:#?}");
    let c = &loaded.corpus;
    assert_eq!(c.essays.len(), cfg.essays);
    assert_eq!(c.map.themes.len(), cfg.themes);
    assert_eq!(c.map.passages.len(), cfg.essays * cfg.passages_per_essay);
    // Every passage is non-empty text of its essay.
    for p in 0..c.map.passages.len() {
        assert!(!c.passage_text(p).trim().is_empty());
    }
}

#[test]
fn synthetic_corpus_is_deterministic_and_sized() {
    let cfg = small();
    let (a, sa) = synth::generate(&cfg);
    let (b, _) = synth::generate(&cfg);
    assert_eq!(a, b);
    let per_essay = sa.essay_bytes as usize / cfg.essays;
    assert!(
        (cfg.essay_bytes..cfg.essay_bytes + 2_000).contains(&per_essay),
        "{per_essay}"
    );
    let other = synth::generate(&synth::Config { seed: 7, ..cfg }).0;
    assert_ne!(a, other);
}
