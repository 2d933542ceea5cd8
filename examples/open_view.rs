//! Open the reader on a corpus without a terminal and draw one view, for
//! `tools/hostile-bench.sh` (which wraps it in `/usr/bin/time -v` for the
//! memory figure). Prints the load time, the first frame and the view's
//! first frame, in milliseconds. `load` only loads the corpus (the
//! baseline a view's memory is compared with).
//!
//! ```text
//! cargo run --release --example open_view -- CORPUS_DIR [load|reader|compare|matrix|synoptic|present|problems] [W H]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use parallax::corpus::{self, files};
use parallax::tui::action::Action;
use parallax::tui::app::{App, StartOptions, View};
use parallax::tui::authoring::AuthorAction;
use parallax::tui::view;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: open_view CORPUS_DIR [VIEW] [W H]");
        return ExitCode::from(2);
    };
    let which = args.get(1).map_or("reader", String::as_str);
    let w: u16 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(160);
    let h: u16 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(48);
    let t0 = Instant::now();
    let loaded = corpus::load(files::from_dir(&dir));
    let load = t0.elapsed();
    if which == "load" {
        // The load alone: what a view adds is its peak less this one's.
        println!(
            "load {:.0} ms ({} diagnostics)",
            load.as_secs_f64() * 1e3,
            loaded.diagnostics.len()
        );
        return ExitCode::SUCCESS;
    }
    let corpus = Arc::new(loaded.corpus);
    let theme = (!corpus.map.themes.is_empty()).then_some(0);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let t1 = Instant::now();
    let mut app = App::new(
        corpus,
        StartOptions {
            theme,
            size: (w, h),
            color: true,
            ..StartOptions::default()
        },
    );
    view::render(&app, area, &mut buf);
    let first = t1.elapsed();
    let t2 = Instant::now();
    let action = match which {
        "reader" => None,
        "compare" => Some(Action::ShowView(View::Compare)),
        "matrix" => Some(Action::ShowView(View::Matrix)),
        "synoptic" => Some(Action::ShowView(View::Synoptic)),
        "present" => Some(Action::TogglePresent),
        "problems" => Some(Action::Author(AuthorAction::ShowProblems)),
        other => {
            eprintln!("unknown view {other}");
            return ExitCode::from(2);
        }
    };
    if let Some(a) = action {
        app.update(a);
        buf.reset();
        view::render(&app, area, &mut buf);
    }
    let view_ms = t2.elapsed();
    println!(
        "load {:.0} ms, first frame {:.0} ms, {which} {:.0} ms ({} diagnostics)",
        load.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        view_ms.as_secs_f64() * 1e3,
        loaded.diagnostics.len()
    );
    ExitCode::SUCCESS
}
