//! The reader: a thin terminal UI over the core. `App` holds the state,
//! `Action`s change it in `App::update`, `view` draws it.

pub mod action;
pub mod app;
pub mod geometry;
pub mod input;
pub mod keymap;
pub mod search;
pub mod style;
pub mod terminal;
pub mod view;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use ratatui::crossterm::event;

use crate::cli::{eprint_lines, eprint_str};
use crate::cli::{OpenArgs, EXIT_DATA, EXIT_USAGE};
use crate::corpus::Corpus;
use crate::diag::did_you_mean;
use crate::safe_text::neutralise_line;
use app::{App, StartOptions};
use keymap::Keymap;

/// Whether colour is allowed (NO_COLOR unset or empty).
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Resolve the command-line options against the corpus: essay and theme
/// ids to indices. Errors are usage errors, printed before the screen
/// is taken over.
pub fn start_options(corpus: &Corpus, args: &OpenArgs) -> Result<StartOptions, String> {
    let mut essays = Vec::new();
    for id in args
        .essays
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match corpus.essay_index(id) {
            Some(i) if essays.contains(&i) => {
                return Err(format!(
                    "essay `{}` is listed twice in --essays",
                    neutralise_line(id)
                ))
            }
            Some(i) => essays.push(i),
            None => {
                let mut msg = format!("unknown essay `{}` in --essays", neutralise_line(id));
                if let Some(h) = did_you_mean(id, corpus.essays.iter().map(|e| e.id.as_str())) {
                    msg.push_str(&format!("\nhint: {h}"));
                }
                msg.push_str("\nhint: `parallax themes` lists the essay ids");
                return Err(msg);
            }
        }
    }
    if essays.len() > app::MAX_PANES {
        return Err(format!(
            "at most {} essays side by side (got {})",
            app::MAX_PANES,
            essays.len()
        ));
    }
    let theme = match &args.theme {
        None => None,
        Some(id) => match corpus.theme_index(id) {
            Some(t) => Some(t),
            None => {
                let mut msg = format!("unknown theme `{}`", neutralise_line(id));
                if let Some(h) = did_you_mean(id, corpus.map.themes.iter().map(|t| t.id.as_str())) {
                    msg.push_str(&format!("\nhint: {h}"));
                }
                msg.push_str("\nhint: `parallax themes` lists the theme ids");
                return Err(msg);
            }
        },
    };
    let tour = match &args.tour {
        None => None,
        Some(id) => match corpus.map.tours.iter().position(|t| &t.id == id) {
            Some(t) => Some(t),
            None => {
                let mut msg = format!("unknown tour `{}`", neutralise_line(id));
                if let Some(h) = did_you_mean(id, corpus.map.tours.iter().map(|t| t.id.as_str())) {
                    msg.push_str(&format!("\nhint: {h}"));
                }
                let ids: Vec<&str> = corpus.map.tours.iter().map(|t| t.id.as_str()).collect();
                if ids.is_empty() {
                    msg.push_str("\nhint: this corpus has no tours");
                } else {
                    msg.push_str(&format!("\nhint: tours: {}", ids.join(", ")));
                }
                return Err(msg);
            }
        },
    };
    Ok(StartOptions {
        essays,
        theme,
        size: (120, 40),
        color: color_allowed(),
        keymap: Keymap::default(),
        message: None,
        keymap_path: Keymap::user_path(),
        tour,
        present: args.present,
    })
}

/// Open the reader on a corpus; returns when the user quits.
pub fn run(corpus: Corpus, args: &OpenArgs) -> ExitCode {
    let mut opts = match start_options(&corpus, args) {
        Ok(o) => o,
        Err(msg) => {
            eprint_lines(&format!("error: {msg}"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprint_str("error: the reader needs a terminal\nhint: for output to a file or pipe, use `parallax themes` or `parallax show THEME`\n");
        return ExitCode::from(EXIT_USAGE);
    }
    let (keymap, problems) = Keymap::load_user(opts.keymap_path.as_deref());
    opts.keymap = keymap;
    if let Some(first) = problems.first() {
        opts.message = Some(format!(
            "keymap not loaded, using defaults: {first}{}",
            if problems.len() > 1 {
                format!(" (+{} more)", problems.len() - 1)
            } else {
                String::new()
            }
        ));
    }
    terminal::exit_on_signals();
    let mut guard = match terminal::TerminalGuard::enter() {
        Ok(g) => g,
        Err(e) => {
            eprint_str(&format!("error: cannot set up the terminal: {e}\n"));
            return ExitCode::from(EXIT_DATA);
        }
    };
    if let Ok(size) = guard.terminal.size() {
        opts.size = (size.width, size.height);
    }
    let mut app = App::new(Arc::new(corpus), opts);
    let result = event_loop(&mut guard, &mut app);
    drop(guard);
    if !problems.is_empty() {
        for d in &problems {
            eprint_str(&d.render(crate::cli::stderr_color()));
        }
        eprint_str("warning: keymap file not loaded; the default keys were used\n");
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint_str(&format!("error: {e}\n"));
            ExitCode::from(EXIT_DATA)
        }
    }
}

/// Draw, wait for an event, update; until the user quits.
fn event_loop(guard: &mut terminal::TerminalGuard, app: &mut App) -> std::io::Result<()> {
    // Start crossterm's event reader before the first frame: it is what
    // listens for SIGWINCH, so a resize right after the frame is not lost.
    event::poll(std::time::Duration::ZERO)?;
    let mut dirty = true;
    while !app.quit {
        if terminal::take_resumed() {
            guard.invalidate()?;
            dirty = true;
        }
        if dirty {
            guard.terminal.draw(|f| view::view(app, f))?;
        }
        // Wake now and then to notice a continue after a suspend, which
        // sends no input event.
        dirty = event::poll(std::time::Duration::from_millis(250))?;
        if !dirty {
            continue;
        }
        let ev = event::read()?;
        // Ctrl-Z reaches a raw-mode terminal as a key, not as SIGTSTP.
        if let event::Event::Key(k) = &ev {
            if k.code == event::KeyCode::Char('z')
                && k.modifiers.contains(event::KeyModifiers::CONTROL)
            {
                terminal::suspend();
                continue;
            }
        }
        if let Some(action) = input::action_for_event(app, &ev) {
            app.update(action);
        }
    }
    Ok(())
}
