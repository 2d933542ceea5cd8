//! Copying to the system clipboard through the terminal: the OSC 52
//! escape sequence (`ESC ] 52 ; c ; <base64> BEL`), which works over SSH
//! because the terminal on the user's own machine does the copying.
//!
//! What can be known: a program cannot ask a terminal whether it honours
//! OSC 52 (the query form is disabled almost everywhere, for security),
//! so support is judged from the environment. A few terminals are known to
//! take it; the Linux console is known not to; anything else is unknown
//! and the status bar says so. Inside tmux, an application's OSC 52 is
//! only passed on when tmux's `set-clipboard` is `on` (the default,
//! `external`, ignores it) or when `allow-passthrough` is on and the
//! sequence is wrapped for passthrough; parallax sends both forms and asks
//! tmux which options are set, to say which one will work.

use base64::Engine;

/// The most text one copy carries. Terminals cap OSC 52 (xterm and hterm
/// at about 100 kB of base64); a passage is far below this.
pub const MAX_BYTES: usize = 64 * 1024;

/// `ESC ] 52 ; c ; <base64 of text> BEL`: set the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

/// `seq` wrapped in tmux's DCS passthrough (`ESC P tmux; … ESC \`, each
/// ESC inside doubled), which tmux 3.3+ forwards to the outer terminal
/// when `allow-passthrough` is on.
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// What is known about the terminal's OSC 52 support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// A terminal that takes OSC 52 by default (its name).
    Known(&'static str),
    /// A terminal that does not (its name): nothing is sent.
    No(&'static str),
    /// Inside tmux, with what its options say: `set-clipboard` and
    /// `allow-passthrough` values when tmux answered.
    Tmux {
        /// `set-clipboard` (on, external, off).
        set_clipboard: Option<String>,
        /// `allow-passthrough` (on, off, all).
        allow_passthrough: Option<String>,
    },
    /// Cannot tell.
    Unknown,
}

/// Judge support from environment variables (`var` looks one up). Inside
/// tmux, `tmux_option` is asked for tmux's options.
pub fn detect(
    var: impl Fn(&str) -> Option<String>,
    tmux_option: impl Fn(&str) -> Option<String>,
) -> Support {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    if set("TMUX") {
        return Support::Tmux {
            set_clipboard: tmux_option("set-clipboard"),
            allow_passthrough: tmux_option("allow-passthrough"),
        };
    }
    let term = var("TERM").unwrap_or_default();
    let program = var("TERM_PROGRAM").unwrap_or_default();
    if term == "linux" {
        return Support::No("the Linux console");
    }
    if term == "dumb" {
        return Support::No("a dumb terminal");
    }
    if set("KITTY_WINDOW_ID") || term == "xterm-kitty" {
        return Support::Known("kitty");
    }
    if program == "WezTerm" {
        return Support::Known("WezTerm");
    }
    if set("ALACRITTY_WINDOW_ID") || term == "alacritty" {
        return Support::Known("Alacritty");
    }
    if term == "foot" || term.starts_with("foot-") {
        return Support::Known("foot");
    }
    if program == "ghostty" || term == "xterm-ghostty" {
        return Support::Known("Ghostty");
    }
    if set("WT_SESSION") {
        return Support::Known("Windows Terminal");
    }
    Support::Unknown
}

/// Ask the running tmux for an option's value (`tmux show-options -gqv`,
/// global then server scope). None when tmux does not answer.
pub fn tmux_option(name: &str) -> Option<String> {
    for scope in ["-gqv", "-sqv"] {
        let out = std::process::Command::new("tmux")
            .args(["show-options", scope, name])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !v.is_empty() {
            return Some(v);
        }
    }
    None
}

/// The bytes to write for copying `text`, and a status line saying what
/// happened as far as can be known. Err with the status line when nothing
/// is sent (too long, or a terminal known not to take it).
pub fn copy(text: &str, support: &Support, what: &str) -> Result<(String, String), String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "too long to copy through the terminal ({} KiB, at most {} KiB); `parallax show` prints it",
            text.len().div_ceil(1024),
            MAX_BYTES / 1024
        ));
    }
    let seq = osc52(text);
    let chars = text.chars().count();
    match support {
        Support::No(name) => Err(format!(
            "{name} cannot copy to the clipboard (no OSC 52); `parallax show THEME --format md` prints passages"
        )),
        Support::Known(name) => Ok((seq, format!("copied {what} ({chars} chars) via {name}"))),
        Support::Unknown => Ok((
            seq,
            format!("sent {what} by OSC 52 ({chars} chars); a terminal without OSC 52 drops it — `parallax show` prints passages"),
        )),
        Support::Tmux {
            set_clipboard,
            allow_passthrough,
        } => {
            let on = |v: &Option<String>| v.as_deref().is_some_and(|v| v == "on" || v == "all");
            let bytes = format!("{seq}{}", tmux_passthrough(&seq));
            let status = if on(set_clipboard) || on(allow_passthrough) {
                format!("sent {what} through tmux by OSC 52 ({chars} chars); the outer terminal must support it")
            } else {
                format!("tmux holds back the copy (set-clipboard {}): `tmux set -g set-clipboard on`, then copy again", set_clipboard.as_deref().unwrap_or("unknown"))
            };
            Ok((bytes, status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn osc52_frames_standard_base64_of_the_utf8_text() {
        // "“Hi” ¶ 1" in UTF-8, base64 by hand: e2809c 4869 e2809d 20 c2b6 2031.
        assert_eq!(osc52("“Hi” ¶ 1"), "\x1b]52;c;4oCcSGnigJ0gwrYgMQ==\x07");
    }

    #[test]
    fn tmux_passthrough_doubles_every_escape() {
        let wrapped = tmux_passthrough("\x1b]52;c;QQ==\x07");
        assert_eq!(wrapped, "\x1bPtmux;\x1b\x1b]52;c;QQ==\x07\x1b\\");
    }

    #[test]
    fn the_linux_console_gets_nothing_and_a_reason() {
        let s = detect(env(&[("TERM", "linux")]), |_| None);
        assert_eq!(s, Support::No("the Linux console"));
        let err = copy("text", &s, "the passage").unwrap_err();
        assert!(err.contains("parallax show"), "{err}");
    }

    #[test]
    fn unknown_terminals_are_told_so_known_ones_named() {
        let s = detect(env(&[("TERM", "xterm-256color")]), |_| None);
        assert_eq!(s, Support::Unknown);
        let (bytes, status) = copy("abc", &s, "the passage").unwrap();
        assert_eq!(bytes, "\x1b]52;c;YWJj\x07");
        assert!(status.contains("drops it"), "{status}");
        let s = detect(env(&[("TERM", "xterm-kitty")]), |_| None);
        let (_, status) = copy("abc", &s, "the passage").unwrap();
        assert_eq!(status, "copied the passage (3 chars) via kitty");
    }

    #[test]
    fn inside_tmux_both_forms_are_sent_and_the_option_is_reported() {
        let s = detect(env(&[("TMUX", "/tmp/tmux-1/default,1,0")]), |o| {
            (o == "set-clipboard").then(|| "external".to_string())
        });
        let (bytes, status) = copy("abc", &s, "the passage").unwrap();
        assert_eq!(
            bytes,
            "\x1b]52;c;YWJj\x07\x1bPtmux;\x1b\x1b]52;c;YWJj\x07\x1b\\"
        );
        assert!(status.contains("set-clipboard on") && status.contains("external"));
        let s = detect(env(&[("TMUX", "x")]), |o| {
            (o == "set-clipboard").then(|| "on".to_string())
        });
        let (_, status) = copy("abc", &s, "the passage").unwrap();
        assert!(status.contains("through tmux"), "{status}");
    }

    #[test]
    fn an_over_long_text_is_not_sent() {
        let long = "x".repeat(MAX_BYTES + 1);
        assert!(copy(&long, &Support::Unknown, "it").is_err());
    }
}
