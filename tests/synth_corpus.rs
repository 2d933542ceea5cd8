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
    let (files, _) = synth::generate(cfg);
    let mut c = CorpusFiles {
        name: "synth".into(),
        ..Default::default()
    };
    for (name, text) in files {
        let f = InputFile::memory(name.clone(), text.into_bytes());
        if name.starts_with("essays/") {
            c.essays.push(f);
        } else {
            c.themes.push(f);
        }
    }
    corpus::load(c)
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
