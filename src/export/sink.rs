//! Writing an export as it is made. The text exports build their output
//! with `write!` into a [`Sink`], which hands it to the real writer a few
//! kilobytes at a time, so a corpus with a 30 MB passage never has its
//! output (or an escaped copy of the passage) in memory whole; the
//! escapers write character by character into it for the same reason.

use std::fmt;
use std::io;

/// Buffered text bound for an [`io::Write`]: at most about [`Sink::CHUNK`]
/// bytes are held at once. Writing never fails as far as `write!` sees
/// (the exports ignore its result); the first I/O error is kept, later
/// output is dropped, and [`Sink::finish`] returns the error.
pub(crate) struct Sink<'w> {
    buf: String,
    w: &'w mut dyn io::Write,
    err: Option<io::Error>,
}

impl<'w> Sink<'w> {
    /// Bytes gathered before they are written out.
    pub(crate) const CHUNK: usize = 64 * 1024;

    /// A sink writing to `w`.
    pub(crate) fn new(w: &'w mut dyn io::Write) -> Self {
        Sink {
            buf: String::with_capacity(Self::CHUNK),
            w,
            err: None,
        }
    }

    /// Append `s`. A string longer than the buffer goes straight through.
    pub(crate) fn push_str(&mut self, s: &str) {
        if self.err.is_some() {
            return;
        }
        if self.buf.len() + s.len() > Self::CHUNK {
            self.drain();
            if s.len() >= Self::CHUNK {
                if let Err(e) = self.w.write_all(s.as_bytes()) {
                    self.err = Some(e);
                }
                return;
            }
        }
        self.buf.push_str(s);
    }

    /// Append one character.
    pub(crate) fn push(&mut self, c: char) {
        if self.err.is_some() {
            return;
        }
        if self.buf.len() + 4 > Self::CHUNK {
            self.drain();
        }
        self.buf.push(c);
    }

    fn drain(&mut self) {
        if self.err.is_none() && !self.buf.is_empty() {
            if let Err(e) = self.w.write_all(self.buf.as_bytes()) {
                self.err = Some(e);
            }
        }
        self.buf.clear();
    }

    /// Write out what is left; the first error met, if any.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.drain();
        match self.err.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        self.push(c);
        Ok(())
    }
}

/// The characters of a text with runs of whitespace (line breaks too) as
/// single spaces and none at either end: what
/// [`crate::export::handout::one_line`] makes, without making it.
pub(crate) struct OneLine<I: Iterator<Item = char>> {
    chars: I,
    started: bool,
    space: bool,
    held: Option<char>,
}

impl<I: Iterator<Item = char>> OneLine<I> {
    /// `chars` made one line.
    pub(crate) fn new(chars: I) -> Self {
        OneLine {
            chars,
            started: false,
            space: false,
            held: None,
        }
    }
}

impl<I: Iterator<Item = char>> Iterator for OneLine<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.held.take() {
            return Some(c);
        }
        for c in self.chars.by_ref() {
            if c.is_whitespace() {
                self.space = self.started;
                continue;
            }
            self.started = true;
            if std::mem::take(&mut self.space) {
                self.held = Some(c);
                return Some(' ');
            }
            return Some(c);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn one_line_collapses_whitespace_as_split_and_join_do() {
        for s in [
            "",
            "   ",
            "a",
            " a  b\n\nc\t d ",
            "\u{3000}wide\u{a0}space\r\nend\u{2028}",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(OneLine::new(s.chars()).collect::<String>(), want, "{s:?}");
        }
    }

    /// A writer that keeps what it is given and the largest single write.
    struct Recorder {
        out: Vec<u8>,
        largest: usize,
    }

    impl io::Write for Recorder {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.largest = self.largest.max(b.len());
            self.out.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sink_writes_everything_in_order_and_holds_a_chunk_at_most() {
        let mut r = Recorder {
            out: Vec::new(),
            largest: 0,
        };
        let mut want = String::new();
        let mut s = Sink::new(&mut r);
        for i in 0..50_000 {
            let _ = write!(s, "{i},");
            want.push_str(&format!("{i},"));
            s.push('é');
            want.push('é');
            assert!(s.buf.len() <= Sink::CHUNK);
        }
        let big = "x".repeat(3 * Sink::CHUNK);
        s.push_str(&big);
        want.push_str(&big);
        s.push_str("end");
        want.push_str("end");
        s.finish().unwrap();
        assert_eq!(String::from_utf8(r.out).unwrap(), want);
        // Chunks went out as they filled; only the long string went whole.
        assert_eq!(r.largest, big.len());
    }

    #[test]
    fn a_sink_reports_the_first_error_and_drops_the_rest() {
        let mut full = io::Cursor::new([0u8; 10]);
        let mut s = Sink::new(&mut full);
        s.push_str(&"y".repeat(Sink::CHUNK + 1));
        s.push_str("more");
        assert!(s.finish().is_err());
    }
}
