//! The saved reading session: per corpus, the open essays and where each
//! pane is, the theme and step, the view, the tour step, and bookmarks —
//! what the reader restores when it is started again without `--essays`,
//! `--theme` or `--tour`.
//!
//! One small TOML file, `session.toml` in the platform's state directory
//! (`$XDG_STATE_HOME/parallax/`, else `~/.local/state/parallax/` on
//! Linux), holds an entry per corpus, keyed by the corpus directory's
//! canonical path or `built-in`, most recently used first. It is written
//! atomically. Places are kept as text offsets plus the words found there,
//! never as screen rows, so a different terminal width (or a small edit to
//! the essay) restores the same place. Nothing read from the file is
//! trusted: a missing essay, theme or tour drops that part with a note, and
//! an unreadable file starts a fresh session with a note — never an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;

/// The format version written; a file with another is set aside.
pub const VERSION: u32 = 1;
/// Corpora remembered (the least recently used are forgotten).
pub const MAX_CORPORA: usize = 32;
/// Bookmarks kept per corpus.
pub const MAX_BOOKMARKS: usize = 500;
/// Longest bookmark label, in characters.
pub const MAX_LABEL: usize = 120;
/// A larger state file is not read (it is not one parallax wrote).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Bytes of text kept with a place to find it again.
const WORDS_BYTES: usize = 48;

/// The key of a corpus: its directory's canonical path, or `built-in`.
pub fn corpus_key(dir: Option<&Path>) -> String {
    match dir {
        None => "built-in".to_string(),
        Some(d) => std::fs::canonicalize(d)
            .unwrap_or_else(|_| d.to_path_buf())
            .to_string_lossy()
            .into_owned(),
    }
}

/// Where the session file lives: `parallax/session.toml` in the state
/// directory (honouring `XDG_STATE_HOME`), or in the local data directory
/// on platforms without one. None when neither is known (no home).
pub fn default_path() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("parallax").join("session.toml"))
}

/// A place in an essay: a byte offset into its plain text and the text
/// that starts there, so the place is found again if offsets shift.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Byte offset into the essay's plain text.
    pub offset: usize,
    /// The text starting at `offset` (a few words).
    #[serde(default)]
    pub words: String,
}

impl Place {
    /// The place at `offset` of `text` (moved back to a char boundary).
    pub fn at(text: &str, offset: usize) -> Place {
        let offset = floor_boundary(text, offset.min(text.len()));
        let end = floor_boundary(text, (offset + WORDS_BYTES).min(text.len()));
        Place {
            offset,
            words: text[offset..end].to_string(),
        }
    }

    /// Find the place in `text`: the offset when the words are still
    /// there, else the occurrence of the words nearest to it, else the
    /// offset itself (clamped). The flag is false when the words were not
    /// found, i.e. the text has changed here.
    pub fn find(&self, text: &str) -> (usize, bool) {
        let clamped = floor_boundary(text, self.offset.min(text.len()));
        if self.words.is_empty() || text[clamped..].starts_with(&self.words) {
            return (clamped, true);
        }
        let nearest = text
            .match_indices(self.words.as_str())
            .map(|(i, _)| i)
            .min_by_key(|&i| i.abs_diff(self.offset));
        match nearest {
            Some(i) => (i, true),
            None => (clamped, false),
        }
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A pane as saved: its essay and the place it is at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPane {
    /// Essay id.
    pub essay: String,
    /// The text at the pane's marker row (the line being read; offset 0
    /// for a pane at or above its essay's start).
    #[serde(flatten)]
    pub place: Place,
    /// Rows from the place's row to the marker row (-1 on a blank row);
    /// for a pane at its essay's start, its top row (negative: padding
    /// above the essay, as alignment makes near an essay's top).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub shift: i32,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// A bookmark as saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBookmark {
    /// Essay id.
    pub essay: String,
    /// Where.
    #[serde(flatten)]
    pub place: Place,
    /// The user's label, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A tour being played, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTour {
    /// Tour id.
    pub id: String,
    /// Step, 0-based.
    pub step: usize,
}

/// One corpus's session, as saved (ids, not indices).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// The corpus key ([`corpus_key`]).
    pub key: String,
    /// The focused pane.
    pub focus: usize,
    /// Theme id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The step within the theme.
    pub step: usize,
    /// Whether the panes were aligned on the step (then they are aligned
    /// again at the new size rather than put back row for row).
    pub aligned: bool,
    /// Scroll panes together.
    pub sync: bool,
    /// reader, compare, matrix, synoptic or present.
    pub view: String,
    /// Paragraph numbers shown in the gutter.
    pub numbers: bool,
    /// The tour being played.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tour: Option<SavedTour>,
    /// The panes, left to right.
    pub panes: Vec<SavedPane>,
    /// Bookmarks, in the order they were made.
    pub bookmarks: Vec<SavedBookmark>,
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    /// Format version ([`VERSION`]).
    #[serde(default)]
    pub version: u32,
    /// One entry per corpus, most recently used first.
    #[serde(default)]
    pub corpus: Vec<Saved>,
}

impl File {
    /// The entry for a corpus key.
    pub fn get(&self, key: &str) -> Option<&Saved> {
        self.corpus.iter().find(|s| s.key == key)
    }

    /// Put `saved` first (replacing its key's entry) and forget the least
    /// recently used corpora beyond [`MAX_CORPORA`].
    pub fn put(&mut self, saved: Saved) {
        self.corpus.retain(|s| s.key != saved.key);
        self.corpus.insert(0, saved);
        self.corpus.truncate(MAX_CORPORA);
    }
}

/// Read the session file. A missing file is an empty session; an
/// unreadable, oversized, malformed or other-version file is an empty
/// session and a note saying so.
pub fn read(path: &Path) -> (File, Option<String>) {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (File::default(), None),
        Err(e) => {
            return (
                File::default(),
                Some(format!("saved session not read ({shown}: {e})")),
            )
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        return (
            File::default(),
            Some(format!(
                "saved session ignored: {shown} is too large ({} KiB)",
                meta.len() / 1024
            )),
        );
    }
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            return (
                File::default(),
                Some(format!("saved session ignored: {shown} is not UTF-8")),
            )
        }
        Err(e) => {
            return (
                File::default(),
                Some(format!("saved session not read ({shown}: {e})")),
            )
        }
    };
    match toml::from_str::<File>(&text) {
        Ok(f) if f.version == VERSION => (f, None),
        Ok(f) => (
            File::default(),
            Some(format!(
                "saved session ignored: {shown} has format version {}, not {VERSION}",
                f.version
            )),
        ),
        Err(e) => {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(":{line}")
                })
                .unwrap_or_default();
            let why = e
                .message()
                .lines()
                .next()
                .unwrap_or("malformed")
                .to_string();
            (
                File::default(),
                Some(
                    crate::safe_text::neutralise_str(&format!(
                        "saved session ignored, starting fresh: {shown}{at}: {why}"
                    ))
                    .into_owned(),
                ),
            )
        }
    }
}

/// Save one corpus's session: the file is read again (another reader may
/// have saved another corpus meanwhile), this entry put first, and the
/// whole written atomically, creating the directory if needed. A file that
/// cannot be read is not destroyed: it is kept beside the new one as
/// `session.toml.bad` (replacing an older one).
pub fn write(path: &Path, saved: Saved) -> std::io::Result<()> {
    let (mut file, note) = read(path);
    if note.is_some() && path.exists() {
        std::fs::rename(path, bad_path(path))?;
    }
    file.version = VERSION;
    file.put(saved);
    let text = toml::to_string(&file).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic::write(path, text.as_bytes())
}

/// Where an unreadable session file is kept: `session.toml.bad`.
pub fn bad_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bad");
    path.with_file_name(name)
}

/// A pane resolved against the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanePlace {
    /// Essay index.
    pub essay: usize,
    /// Byte offset of the text at the pane's marker row (0 for a pane at
    /// or above its essay's start).
    pub offset: usize,
    /// Rows from the row of `offset` to the marker row, or the top row of
    /// a pane at its essay's start.
    pub shift: i32,
}

/// A bookmark resolved against the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// Essay index.
    pub essay: usize,
    /// Byte offset in its text.
    pub offset: usize,
    /// The user's label, if any.
    pub label: Option<String>,
}

/// A session resolved against a corpus: indices, every one valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// Panes, left to right (at least one when restoring).
    pub panes: Vec<PanePlace>,
    /// Focused pane (a valid index when there are panes).
    pub focus: usize,
    /// Theme index.
    pub theme: Option<usize>,
    /// Step within the theme.
    pub step: usize,
    /// Aligned on the step.
    pub aligned: bool,
    /// Scroll together.
    pub sync: bool,
    /// reader, compare, matrix, synoptic or present (a known name).
    pub view: String,
    /// Paragraph numbers shown.
    pub numbers: bool,
    /// Tour index and step.
    pub tour: Option<(usize, usize)>,
    /// Bookmarks.
    pub bookmarks: Vec<Bookmark>,
}

/// The view names a session may hold.
pub const VIEWS: &[&str] = &["reader", "compare", "matrix", "synoptic", "present"];

impl Saved {
    /// Resolve against `corpus`. What no longer exists is dropped, each
    /// with a note: an essay (its pane and bookmarks), the theme, the tour
    /// or a tour step past its end. A place whose words are gone from the
    /// text keeps its offset (clamped).
    pub fn resolve(&self, corpus: &Corpus) -> (Session, Vec<String>) {
        let mut notes = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        fn essay<'a>(corpus: &Corpus, id: &'a str, missing: &mut Vec<&'a str>) -> Option<usize> {
            let i = corpus.essay_index(id);
            if i.is_none() && !missing.contains(&id) {
                missing.push(id);
            }
            i
        }
        let mut panes = Vec::new();
        for p in &self.panes {
            let Some(e) = essay(corpus, &p.essay, &mut missing) else {
                continue;
            };
            if panes.iter().any(|q: &PanePlace| q.essay == e) {
                continue;
            }
            let (offset, _) = p.place.find(&corpus.essays[e].text);
            panes.push(PanePlace {
                essay: e,
                offset,
                // A shift is at most a screen of rows.
                shift: p.shift.clamp(-500, 500),
            });
        }
        let mut bookmarks = Vec::new();
        for b in self.bookmarks.iter().take(MAX_BOOKMARKS) {
            let Some(e) = essay(corpus, &b.essay, &mut missing) else {
                continue;
            };
            let (offset, _) = b.place.find(&corpus.essays[e].text);
            bookmarks.push(Bookmark {
                essay: e,
                offset,
                label: b
                    .label
                    .as_deref()
                    .map(clean_label)
                    .filter(|l| !l.is_empty()),
            });
        }
        for id in &missing {
            notes.push(format!(
                "essay `{}` is no longer in the corpus; dropped from the saved session",
                crate::safe_text::neutralise_str(id)
            ));
        }
        let theme = self.theme.as_deref().and_then(|id| {
            let t = corpus.theme_index(id);
            if t.is_none() {
                notes.push(format!(
                    "theme `{}` is no longer in the map; dropped from the saved session",
                    crate::safe_text::neutralise_str(id)
                ));
            }
            t
        });
        let tour = self.tour.as_ref().and_then(|t| {
            match corpus.map.tours.iter().position(|x| x.id == t.id) {
                Some(i) if t.step < corpus.map.tours[i].steps.len() => Some((i, t.step)),
                Some(_) => {
                    notes.push(format!(
                        "tour `{}` has fewer steps now; dropped from the saved session",
                        crate::safe_text::neutralise_str(&t.id)
                    ));
                    None
                }
                None => {
                    notes.push(format!(
                        "tour `{}` is no longer in the map; dropped from the saved session",
                        crate::safe_text::neutralise_str(&t.id)
                    ));
                    None
                }
            }
        });
        let view = if VIEWS.contains(&self.view.as_str()) {
            self.view.clone()
        } else {
            "reader".to_string()
        };
        let focus = self.focus.min(panes.len().saturating_sub(1));
        let session = Session {
            focus,
            theme,
            step: if theme.is_some() { self.step } else { 0 },
            aligned: self.aligned && theme.is_some(),
            sync: self.sync,
            view,
            numbers: self.numbers,
            tour,
            panes,
            bookmarks,
        };
        (session, notes)
    }
}

impl Session {
    /// The saved form for `corpus` under `key`: ids, and places with the
    /// words found there.
    pub fn to_saved(&self, corpus: &Corpus, key: &str) -> Saved {
        let text = |e: usize| corpus.essays[e].text.as_str();
        Saved {
            key: key.to_string(),
            focus: self.focus,
            theme: self.theme.map(|t| corpus.theme(t).id.clone()),
            step: self.step,
            aligned: self.aligned,
            sync: self.sync,
            view: self.view.clone(),
            numbers: self.numbers,
            tour: self.tour.map(|(t, step)| SavedTour {
                id: corpus.map.tours[t].id.clone(),
                step,
            }),
            panes: self
                .panes
                .iter()
                .map(|p| SavedPane {
                    essay: corpus.essays[p.essay].id.clone(),
                    place: Place::at(text(p.essay), p.offset),
                    shift: p.shift,
                })
                .collect(),
            bookmarks: self
                .bookmarks
                .iter()
                .rev()
                .take(MAX_BOOKMARKS)
                .rev()
                .map(|b| SavedBookmark {
                    essay: corpus.essays[b.essay].id.clone(),
                    place: Place::at(text(b.essay), b.offset),
                    label: b.label.clone(),
                })
                .collect(),
        }
    }
}

/// A label as kept: one line, no control characters, at most
/// [`MAX_LABEL`] characters.
pub fn clean_label(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::safe_text::neutralise_str(&one_line)
        .chars()
        .take(MAX_LABEL)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::corpus::builtin_for_tests as builtin;

    fn sample(c: &Corpus) -> Session {
        let hl = c.essay_index("hawley-leopold-2021").unwrap();
        let aum = c.essay_index("aum-2022").unwrap();
        Session {
            panes: vec![
                PanePlace {
                    essay: hl,
                    offset: 1000,
                    shift: 0,
                },
                PanePlace {
                    essay: aum,
                    offset: 0,
                    shift: -3,
                },
            ],
            focus: 1,
            theme: c.theme_index("gsomia"),
            step: 1,
            aligned: true,
            sync: true,
            view: "compare".into(),
            numbers: true,
            tour: Some((0, 2)),
            bookmarks: vec![Bookmark {
                essay: aum,
                offset: 200,
                label: Some("the 1965 treaty".into()),
            }],
        }
    }

    #[test]
    fn a_session_survives_the_file_unchanged() {
        let c = builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("session.toml");
        let s = sample(&c);
        write(&path, s.to_saved(&c, "built-in")).unwrap();
        let (file, note) = read(&path);
        assert_eq!(note, None);
        let (back, notes) = file.get("built-in").unwrap().resolve(&c);
        assert!(notes.is_empty(), "{notes:?}");
        // Offsets come back moved to a char boundary at most.
        let mut want = s.clone();
        let text = &c.essays[want.panes[0].essay].text;
        want.panes[0].offset = floor_boundary(text, 1000);
        let text = &c.essays[want.bookmarks[0].essay].text;
        want.bookmarks[0].offset = floor_boundary(text, 200);
        assert_eq!(back, want);
        // Small: a session of two panes and a bookmark is well under 2 KiB.
        assert!(std::fs::metadata(&path).unwrap().len() < 2048);
    }

    #[test]
    fn places_follow_their_words_when_the_text_shifts() {
        let text = "One two three. Four five six. Seven eight nine.";
        let p = Place::at(text, text.find("Four").unwrap());
        let edited = format!("A new opening sentence. {text}");
        let (at, found) = p.find(&edited);
        assert!(found);
        assert!(edited[at..].starts_with("Four five six."));
        // Words gone: the offset is kept (clamped to the text).
        let (at, found) = p.find("Short.");
        assert!(!found);
        assert_eq!(at, "Short.".len());
    }

    #[test]
    fn missing_essay_theme_and_tour_are_dropped_with_notes() {
        let c = builtin();
        let mut saved = sample(&c).to_saved(&c, "built-in");
        saved.panes[0].essay = "gone-essay".into();
        saved.theme = Some("gone-theme".into());
        saved.tour = Some(SavedTour {
            id: "gone-tour".into(),
            step: 0,
        });
        saved.view = "nonsense".into();
        let (s, notes) = saved.resolve(&c);
        assert_eq!(s.panes.len(), 1);
        assert_eq!(s.focus, 0, "focus moved onto a pane that exists");
        assert_eq!(s.theme, None);
        assert!(!s.aligned);
        assert_eq!(s.tour, None);
        assert_eq!(s.view, "reader");
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].contains("`gone-essay`"));
        assert!(notes[1].contains("`gone-theme`"));
        assert!(notes[2].contains("`gone-tour`"));
    }

    #[test]
    fn a_corrupt_file_is_a_fresh_session_and_a_note_then_is_replaced() {
        let c = builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.toml");
        std::fs::write(&path, "version = 1\n[[corpus]\nkey = \"x\u{1b}\"\n").unwrap();
        let (file, note) = read(&path);
        assert_eq!(file, File::default());
        let note = note.unwrap();
        assert!(note.contains("session.toml:2"), "{note}");
        assert!(!note.contains('\u{1b}'));
        write(&path, sample(&c).to_saved(&c, "built-in")).unwrap();
        let (file, note) = read(&path);
        assert_eq!(note, None);
        assert_eq!(file.corpus.len(), 1);
        // The unreadable file is kept, not destroyed.
        let bad = std::fs::read_to_string(dir.path().join("session.toml.bad")).unwrap();
        assert!(bad.starts_with("version = 1\n[[corpus]\n"), "{bad}");
    }

    #[test]
    fn another_version_or_binary_junk_is_ignored_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.toml");
        std::fs::write(&path, "version = 99\n").unwrap();
        assert!(read(&path).1.unwrap().contains("version 99"));
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert!(read(&path).1.unwrap().contains("not UTF-8"));
        assert_eq!(read(&dir.path().join("none.toml")), (File::default(), None));
    }

    #[test]
    fn corpora_are_kept_most_recent_first_and_bounded() {
        let mut f = File::default();
        for i in 0..MAX_CORPORA + 5 {
            f.put(Saved {
                key: format!("k{i}"),
                ..Saved::default()
            });
        }
        f.put(Saved {
            key: "k10".into(),
            ..Saved::default()
        });
        assert_eq!(f.corpus.len(), MAX_CORPORA);
        assert_eq!(f.corpus[0].key, "k10");
        assert_eq!(f.corpus[1].key, format!("k{}", MAX_CORPORA + 4));
        assert_eq!(f.corpus.iter().filter(|s| s.key == "k10").count(), 1);
    }

    #[test]
    fn labels_are_one_clean_bounded_line() {
        assert_eq!(clean_label("  two\nlines\u{7} "), "two lines␇");
        assert_eq!(clean_label(&"x".repeat(500)).chars().count(), MAX_LABEL);
    }

    proptest::proptest! {
        /// Text added before a place (an edit above it) never loses it:
        /// the place is found at the same words, wherever they moved.
        #[test]
        fn a_place_survives_text_added_before_it(
            text in "[a-zé ,.\n]{0,200}",
            at in 0usize..220,
            added in "[a-z ]{0,40}",
        ) {
            let p = Place::at(&text, at);
            let edited = format!("{added}{text}");
            let (found, ok) = p.find(&edited);
            proptest::prop_assert!(ok);
            proptest::prop_assert!(edited[found..].starts_with(&p.words));
            // And in the unedited text, exactly where it was.
            proptest::prop_assert_eq!(p.find(&text), (p.offset, true));
        }
    }
}
