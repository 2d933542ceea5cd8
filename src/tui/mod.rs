//! The reader: a thin terminal UI over the core. `App` composes one state
//! per view (`reader`, `compare`, `matrix`, `synoptic`, `present`) and per
//! overlay (`overlay`); `Action`s change it in `App::update`; `view` draws
//! it. ARCHITECTURE.md describes how the pieces fit.

pub mod action;
pub mod app;
pub mod authoring;
pub mod compare;
pub mod geometry;
pub mod input;
pub mod keymap;
pub mod matrix;
pub mod message;
pub mod overlay;
pub mod present;
pub mod reader;
pub mod reading;
pub mod search;
pub mod style;
pub mod synoptic;
pub mod terminal;
pub mod tour;
pub mod view;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use std::io::Write;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::{clipboard, session};
use reading::Effect;

use crate::cli::suggest;
use crate::cli::{eprint_lines, eprint_str};
use crate::cli::{OpenArgs, EXIT_DATA, EXIT_USAGE};
use crate::corpus::Corpus;
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
                if let Some(h) = suggest(id, corpus.essays.iter().map(|e| e.id.as_str())) {
                    msg.push_str(&format!("\nhint: {h}"));
                }
                msg.push_str("\nhint: `parallax themes` lists the essay ids");
                return Err(msg);
            }
        }
    }
    if essays.len() > reader::MAX_PANES {
        return Err(format!(
            "at most {} essays side by side (got {})",
            reader::MAX_PANES,
            essays.len()
        ));
    }
    let theme = match &args.theme {
        None => None,
        Some(id) => match corpus.theme_index(id) {
            Some(t) => Some(t),
            None => {
                let mut msg = format!("unknown theme `{}`", neutralise_line(id));
                if let Some(h) = suggest(id, corpus.map.themes.iter().map(|t| t.id.as_str())) {
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
                if let Some(h) = suggest(id, corpus.map.tours.iter().map(|t| t.id.as_str())) {
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
        reveal: args.reveal,
        resume: None,
        bookmarks: Vec::new(),
        no_mouse: args.no_mouse,
        corpus_dir: args.corpus.clone(),
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
    let key = session::corpus_key(args.corpus.as_deref());
    let state_path = session::default_path();
    let notes = resume_options(&corpus, args, &key, state_path.as_deref(), &mut opts);
    let (keymap, problems) = Keymap::load_user(opts.keymap_path.as_deref());
    opts.keymap = keymap;
    if let Some(first) = notes.first() {
        opts.message = Some(if notes.len() > 1 {
            format!("{first} (+{} more)", notes.len() - 1)
        } else {
            first.clone()
        });
    }
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
    if opts.no_mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let mut app = App::new(Arc::new(corpus), opts);
    let save = |app: &App| -> Result<(), String> {
        let Some(path) = &state_path else {
            return Ok(());
        };
        let saved = app.session().to_saved(&app.corpus, &key);
        session::write(path, saved).map_err(|e| {
            format!(
                "the reading position was not saved to {}: {e}",
                crate::safe_text::neutralise_str(&path.display().to_string())
            )
        })
    };
    let result = event_loop(&mut guard, &mut app, &save);
    drop(guard);
    if let Err(e) = save(&app) {
        eprintln!("warning: {e}");
    }
    if !problems.is_empty() {
        for d in &problems {
            eprint_str(&d.render(crate::cli::stderr_color()));
        }
        eprint_str("warning: keymap file not loaded; the default keys were used\n");
    }
    if let Some(sig) = terminal::stop_requested() {
        // Ended by a signal: the shell's code for it, whatever the loop
        // made of a terminal that may be gone.
        return ExitCode::from(u8::try_from(128 + sig).unwrap_or(EXIT_DATA));
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
fn event_loop(
    guard: &mut terminal::TerminalGuard,
    app: &mut App,
    save: &dyn Fn(&App) -> Result<(), String>,
) -> std::io::Result<()> {
    // Start crossterm's event reader before the first frame: it is what
    // listens for SIGWINCH, so a resize right after the frame is not lost.
    event::poll(std::time::Duration::ZERO)?;
    // Judged once, on the first copy (inside tmux it asks tmux).
    let mut support: Option<clipboard::Support> = None;
    // A corpus directory is watched: changes made elsewhere are reloaded.
    let mut watch = app
        .authoring
        .as_ref()
        .and_then(|a| authoring::Watch::start(&a.dir));
    let mut dirty = true;
    while !app.quit {
        if terminal::stop_requested().is_some() {
            return Ok(());
        }
        if terminal::take_resumed() {
            guard.invalidate()?;
            dirty = true;
        }
        if dirty {
            guard.terminal.draw(|f| view::view(app, f))?;
            dirty = false;
        }
        // Wake now and then: a continue after a suspend sends no input
        // event, and file changes settle while no key is pressed.
        let wait = match &watch {
            Some(w) if w.busy() => std::time::Duration::from_millis(50),
            _ => std::time::Duration::from_millis(250),
        };
        if event::poll(wait)? {
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
            dirty = true;
        }
        if let Some(paths) = watch.as_mut().and_then(authoring::Watch::ready) {
            app.update(action::Action::Author(
                authoring::AuthorAction::FilesChanged(paths),
            ));
            dirty = true;
        }
        for effect in std::mem::take(&mut app.effects) {
            let mut out = std::io::stdout();
            match effect {
                Effect::Mouse(true) => execute!(out, EnableMouseCapture)?,
                Effect::Mouse(false) => execute!(out, DisableMouseCapture)?,
                Effect::Save => {
                    if let Err(e) = save(app) {
                        app.message = Some(e.into());
                    }
                }
                Effect::Copy { text, what } => {
                    let support = support.get_or_insert_with(|| {
                        clipboard::detect(|k| std::env::var(k).ok(), clipboard::tmux_option)
                    });
                    let status = match clipboard::copy(&text, support, &what) {
                        Ok((bytes, status)) => {
                            out.write_all(bytes.as_bytes())?;
                            out.flush()?;
                            status
                        }
                        Err(status) => status,
                    };
                    app.message = Some(status.into());
                }
            }
        }
    }
    Ok(())
}

/// Read the saved session for this corpus: its bookmarks always, its
/// reading position unless `--fresh` or an explicit `--essays`, `--theme`
/// or `--tour` says where to start. Returns notes for the status bar
/// (what was dropped, or that the file was unreadable).
fn resume_options(
    corpus: &Corpus,
    args: &OpenArgs,
    key: &str,
    path: Option<&std::path::Path>,
    opts: &mut StartOptions,
) -> Vec<String> {
    let Some(path) = path else {
        return Vec::new();
    };
    let (file, note) = session::read(path);
    let mut notes: Vec<String> = note.into_iter().collect();
    let Some(saved) = file.get(key) else {
        return notes;
    };
    let (s, more) = saved.resolve(corpus);
    notes.extend(more);
    opts.bookmarks = s.bookmarks.clone();
    let explicit = !args.essays.is_empty() || args.theme.is_some() || args.tour.is_some();
    if !args.fresh && !explicit && !s.panes.is_empty() {
        if notes.is_empty() {
            notes.push("resumed where you left off (parallax --fresh starts anew)".into());
        }
        opts.resume = Some(s);
    }
    notes
}
