//! One keypress in the reader at 6 panes, 300×80: `update` plus a full
//! render into a buffer (what a frame costs before the terminal write).
//! Budget (ARCHITECTURE.md): under 1 ms. Run: `cargo bench --bench keypress`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::corpus::{self, files};
use parallax::tui::action::Action;
use parallax::tui::app::{App, StartOptions, View};
use parallax::tui::view;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn app() -> App {
    let loaded = corpus::load(files::builtin());
    let corpus = Arc::new(loaded.corpus);
    let essays: Vec<usize> = (0..corpus.essays.len()).collect();
    let theme = corpus.theme_index("us-role");
    App::new(
        corpus,
        StartOptions {
            essays,
            theme,
            size: (300, 80),
            color: true,
            ..StartOptions::default()
        },
    )
}

fn keypress(c: &mut Criterion) {
    let area = Rect::new(0, 0, 300, 80);
    let mut buf = Buffer::empty(area);
    let mut group = c.benchmark_group("keypress_6_panes_300x80");
    let cases: [(&str, Vec<Action>); 6] = [
        (
            "next_passage",
            vec![Action::NextPassage, Action::PrevPassage],
        ),
        ("next_theme", vec![Action::NextTheme, Action::PrevTheme]),
        ("scroll_synced", vec![Action::Scroll(1), Action::Scroll(-1)]),
        ("page", vec![Action::Page(1), Action::Page(-1)]),
        (
            "compare_view",
            vec![
                Action::ShowView(View::Compare),
                Action::ShowView(View::Compare),
            ],
        ),
        (
            "synoptic_scroll",
            vec![Action::Scroll(1), Action::Scroll(-1)],
        ),
    ];
    for (name, actions) in cases {
        let mut a = app();
        if name == "synoptic_scroll" {
            a.update(Action::ShowView(View::Synoptic));
        }
        let mut k = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                a.update(actions[k % actions.len()].clone());
                k += 1;
                buf.reset();
                view::render(black_box(&a), area, &mut buf);
            })
        });
    }
    group.finish();
}

/// The first frame of `parallax` with no arguments, after the process has
/// started: load the built-in corpus, open the reader at 120×40, draw.
fn first_frame(c: &mut Criterion) {
    let area = Rect::new(0, 0, 120, 40);
    c.bench_function("first_frame_builtin_120x40", |b| {
        b.iter(|| {
            let loaded = corpus::load(files::builtin());
            let a = App::new(
                Arc::new(loaded.corpus),
                StartOptions {
                    size: (120, 40),
                    color: true,
                    ..StartOptions::default()
                },
            );
            let mut buf = Buffer::empty(area);
            view::render(black_box(&a), area, &mut buf);
            buf
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(3));
    targets = keypress, first_frame
}
criterion_main!(benches);
