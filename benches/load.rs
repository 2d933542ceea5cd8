//! Load, anchor and validate: the synthetic 50 MB corpus of ARCHITECTURE.md's
//! budget (read from disk, as `parallax check DIR` does) and the built-in
//! corpus; one 5 MB map file; an essay body read block by block against
//! the Markdown parser.
//!
//! `cargo bench --bench load`. The synthetic corpus is generated into a
//! temporary directory first (a few seconds); set `PARALLAX_BENCH_CORPUS`
//! to a directory written by `cargo run --release --example gen_corpus` to
//! reuse one, or `PARALLAX_BENCH_ESSAYS=N` to generate a smaller one. The
//! files are read through the page cache, so this measures a warm load.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::corpus::{self, files};

fn synthetic(c: &mut Criterion) {
    let mut _tmp = None;
    let dir: PathBuf = match std::env::var_os("PARALLAX_BENCH_CORPUS") {
        Some(d) => d.into(),
        None => {
            let mut cfg = synth::Config::default();
            if let Some(n) = std::env::var("PARALLAX_BENCH_ESSAYS")
                .ok()
                .and_then(|n| n.parse().ok())
            {
                cfg.essays = n;
            }
            let tmp = tempfile::tempdir().expect("temporary directory");
            let stats = synth::write(tmp.path(), &cfg).expect("write synthetic corpus");
            eprintln!(
                "synthetic corpus: {} essays, {:.1} MB + {:.1} MB of theme maps, {} passages",
                stats.essays,
                stats.essay_bytes as f64 / 1e6,
                stats.theme_bytes as f64 / 1e6,
                stats.passages
            );
            let dir = tmp.path().to_path_buf();
            _tmp = Some(tmp);
            dir
        }
    };
    // Fail loudly rather than time the error paths.
    let loaded = corpus::load(files::from_dir(&dir));
    assert!(
        loaded.diagnostics.is_empty(),
        "synthetic corpus has diagnostics, first: {}",
        loaded.diagnostics[0]
    );
    drop(loaded);

    let mut g = c.benchmark_group("load");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("synthetic-50MB-from-disk", |b| {
        b.iter(|| corpus::load(black_box(files::from_dir(&dir))))
    });
    g.finish();
}

fn builtin(c: &mut Criterion) {
    let loaded = corpus::load(files::builtin());
    assert!(!loaded.has_errors(), "built-in corpus has errors");
    let mut g = c.benchmark_group("load");
    g.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("builtin", |b| {
        b.iter(|| corpus::load(black_box(files::builtin())))
    });
    g.finish();
}

/// One 5 MB theme map (20,000 passages in one file), read and checked
/// against the schema: whole, as the TOML parser reads it on one core, and
/// in pieces cut at `[[passages]]`, parsed in parallel (what `read` does).
fn one_big_map(c: &mut Criterion) {
    let cfg = synth::Config {
        theme_files: 1,
        ..synth::Config::default()
    };
    let (files, _) = synth::generate(&cfg);
    let (name, text) = files
        .into_iter()
        .find(|(n, _)| n.starts_with("themes/"))
        .expect("a theme map");
    eprintln!("one map file: {:.1} MB", text.len() as f64 / 1e6);
    let src = vec![parallax::diag::Source::new(name, text)];
    let mut g = c.benchmark_group("map-5MB");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    g.bench_function("whole", |b| {
        b.iter(|| parallax::mapping::read_in_pieces(black_box(&src), usize::MAX, 0))
    });
    g.bench_function("pieces", |b| {
        b.iter(|| parallax::mapping::read(black_box(&src)))
    });
    g.finish();
}

/// An essay body read block by block (`corpus::body`) against the Markdown
/// parser on the whole body: paragraphs of plain prose (read without the
/// parser), paragraphs with a link (given to the parser), and one-line
/// paragraphs between list items (given to the parser with the lists).
fn essay_body(c: &mut Criterion) {
    use parallax::corpus::{body, markdown};
    let paragraph = "The agreement of 2015 was called *final and irreversible* by both \
        governments, yet the survivors were not consulted; the foundation it set up \
        closed in 2019.";
    let prose = vec![paragraph; 2_000].join("\n\n");
    let linked =
        vec![format!("{paragraph} See [the text](https://example.org)."); 2_000].join("\n\n");
    // Short prose between list items: too short to be worth cutting the
    // lists' run for (`corpus::body`'s CUT_FOR).
    let alternating = vec!["Word here.\n\n- item"; 20_000].join("\n\n");
    let mut g = c.benchmark_group("essay-body");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, text) in [
        ("prose", &prose),
        ("linked", &linked),
        ("alternating", &alternating),
    ] {
        g.bench_function(format!("{name}-block-by-block"), |b| {
            b.iter(|| body::parse(black_box(text)))
        });
        g.bench_function(format!("{name}-markdown-whole"), |b| {
            b.iter(|| markdown::parse(black_box(text)))
        });
    }
    g.finish();
}

criterion_group!(benches, synthetic, builtin, one_big_map, essay_body);
criterion_main!(benches);
