//! A zip archive written as it goes, to any seekable output: each entry
//! deflated straight to the output, its header completed by seeking back,
//! the directory written at the end.
//!
//! Why not the zip crate's `ZipWriter` (still used to read): it makes a
//! new deflater (about 370 KB, allocated aligned) for every entry, and
//! between one entry's deflater and the next it allocates that entry's
//! bookkeeping. glibc then often cannot reuse the freed deflater's block,
//! and the heap grew by the size of a deflater per entry: a 1,000-essay
//! export peaked at 370 MB instead of 120 MB. Here one deflater is reset
//! between entries, so what is held is one deflater, one 32 KB buffer and
//! the directory (a name and four numbers per entry).
//!
//! The bytes are those the zip crate wrote for the same options (deflate
//! at the default level, a fixed 1980-01-01 timestamp, Unix mode 0644,
//! no extra fields), so an archive fed the same way is the same file.

use std::io::{self, Seek, SeekFrom, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

/// One entry of the directory.
struct Entry {
    name: String,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// The entry being written: where its header is, and its running sums.
struct Open {
    entry: Entry,
    hasher: crc32fast::Hasher,
    size: u64,
    start: u64,
}

/// A zip archive being written to `W`. [`ZipOut::start`] an entry, write
/// its contents ([`Write`]), start the next; [`ZipOut::finish`] writes
/// the directory.
pub struct ZipOut<W: Write + Seek> {
    out: W,
    /// Bytes written to `out` so far (the archive starts at 0).
    pos: u64,
    deflate: Compress,
    buf: Box<[u8]>,
    open: Option<Open>,
    entries: Vec<Entry>,
}

/// The DOS date of 1980-01-01 (the zip epoch) at 00:00: a fixed time,
/// so that two archives of the same files are the same bytes.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Deflate needs version 2.0 to extract; made by "Unix" (3), version 2.0.
const VERSION_NEEDED: u16 = 20;
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, mode 0644, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100644 << 16;
/// Flag bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

fn too_big(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what} is over 4 GiB, too big for a zip archive without zip64"),
    )
}

fn u32_of(n: u64, what: &str) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_big(what))
}

fn flags(name: &str) -> u16 {
    if name.is_ascii() {
        0
    } else {
        UTF8_NAME
    }
}

impl<W: Write + Seek> ZipOut<W> {
    /// An empty archive over `out`, which is written from its start.
    pub fn new(out: W) -> Self {
        ZipOut {
            out,
            pos: 0,
            // The zip crate's deflate: flate2's default level, raw deflate.
            deflate: Compress::new(Compression::default(), false),
            buf: vec![0; 32 * 1024].into_boxed_slice(),
            open: None,
            entries: Vec::new(),
        }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Close the entry being written, if any, and start one named `name`.
    pub fn start(&mut self, name: &str) -> io::Result<()> {
        self.close()?;
        let offset = u32_of(self.pos, "the archive")?;
        let name_len = u16::try_from(name.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "an entry name too long"))?;
        // The local header; CRC and sizes are filled in by `close`.
        let mut h = Vec::with_capacity(30 + name.len());
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        h.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
        h.extend_from_slice(&flags(name).to_le_bytes());
        h.extend_from_slice(&8u16.to_le_bytes()); // deflate
        h.extend_from_slice(&0u16.to_le_bytes()); // 00:00
        h.extend_from_slice(&DOS_DATE.to_le_bytes());
        h.extend_from_slice(&[0; 12]); // CRC, compressed size, size
        h.extend_from_slice(&name_len.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        h.extend_from_slice(name.as_bytes());
        self.put(&h)?;
        self.deflate.reset();
        self.open = Some(Open {
            entry: Entry {
                name: name.to_string(),
                crc: 0,
                compressed: 0,
                size: 0,
                offset,
            },
            hasher: crc32fast::Hasher::new(),
            size: 0,
            start: self.pos,
        });
        Ok(())
    }

    /// Deflate `input` into the output, `flush` as flate2's encoder does:
    /// the whole remaining input offered each time, the 32 KB buffer
    /// written out whenever it fills.
    fn deflate(&mut self, mut input: &[u8], flush: FlushCompress) -> io::Result<()> {
        loop {
            let (in0, out0) = (self.deflate.total_in(), self.deflate.total_out());
            let status = self
                .deflate
                .compress(input, &mut self.buf, flush)
                .map_err(io::Error::other)?;
            let took = (self.deflate.total_in() - in0) as usize;
            let made = (self.deflate.total_out() - out0) as usize;
            input = &input[took..];
            self.out.write_all(&self.buf[..made])?;
            self.pos += made as u64;
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => input.is_empty(),
            };
            if done {
                return Ok(());
            }
            if took == 0 && made == 0 {
                return Err(io::Error::other("the deflater made no progress"));
            }
        }
    }

    /// Finish the entry being written: its deflate stream ended, its
    /// header's CRC and sizes written in place.
    fn close(&mut self) -> io::Result<()> {
        let Some(mut open) = self.open.take() else {
            return Ok(());
        };
        self.deflate(&[], FlushCompress::Finish)?;
        let e = &mut open.entry;
        e.crc = open.hasher.finalize();
        e.size = u32_of(open.size, "an entry")?;
        e.compressed = u32_of(self.pos - open.start, "an entry")?;
        let mut sums = [0; 12];
        sums[..4].copy_from_slice(&e.crc.to_le_bytes());
        sums[4..8].copy_from_slice(&e.compressed.to_le_bytes());
        sums[8..].copy_from_slice(&e.size.to_le_bytes());
        self.out.seek(SeekFrom::Start(u64::from(e.offset) + 14))?;
        self.out.write_all(&sums)?;
        self.out.seek(SeekFrom::Start(self.pos))?;
        self.entries.push(open.entry);
        Ok(())
    }

    /// Close the last entry, write the directory and give the output back.
    pub fn finish(mut self) -> io::Result<W> {
        self.close()?;
        let dir_start = self.pos;
        let entries = std::mem::take(&mut self.entries);
        let mut h = Vec::new();
        for e in &entries {
            h.clear();
            h.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            h.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
            h.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
            h.extend_from_slice(&flags(&e.name).to_le_bytes());
            h.extend_from_slice(&8u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&DOS_DATE.to_le_bytes());
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&e.compressed.to_le_bytes());
            h.extend_from_slice(&e.size.to_le_bytes());
            // The name's length was checked by `start`.
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
            h.extend_from_slice(&EXTERNAL_ATTRIBUTES.to_le_bytes());
            h.extend_from_slice(&e.offset.to_le_bytes());
            h.extend_from_slice(e.name.as_bytes());
            self.put(&h)?;
        }
        let dir_size = self.pos - dir_start;
        let count = entries.len() as u64;
        h.clear();
        // More entries than the end record counts (65,535), or a
        // directory past 4 GiB: the zip64 end record and its locator
        // carry the true figures, the end record all ones.
        let zip64 = count >= 0xffff || dir_start >= 0xffff_ffff || dir_size >= 0xffff_ffff;
        if zip64 {
            let record = self.pos;
            h.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            h.extend_from_slice(&44u64.to_le_bytes()); // the record's size after this field
            h.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
            h.extend_from_slice(&45u16.to_le_bytes()); // zip64 needs 4.5
            h.extend_from_slice(&[0; 8]); // this disk, the directory's disk
            h.extend_from_slice(&count.to_le_bytes());
            h.extend_from_slice(&count.to_le_bytes());
            h.extend_from_slice(&dir_size.to_le_bytes());
            h.extend_from_slice(&dir_start.to_le_bytes());
            h.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes());
            h.extend_from_slice(&record.to_le_bytes());
            h.extend_from_slice(&1u32.to_le_bytes()); // one disk
        }
        let small = |n: u64, max: u64| if zip64 { max } else { n };
        h.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        h.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        h.extend_from_slice(&(small(count, 0xffff) as u16).to_le_bytes());
        h.extend_from_slice(&(small(count, 0xffff) as u16).to_le_bytes());
        h.extend_from_slice(&(small(dir_size, 0xffff_ffff) as u32).to_le_bytes());
        h.extend_from_slice(&(small(dir_start, 0xffff_ffff) as u32).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // no comment
        self.put(&h)?;
        Ok(self.out)
    }
}

impl<W: Write + Seek> Write for ZipOut<W> {
    /// Deflate `buf` into the entry being written (an error when none is).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let Some(open) = self.open.as_mut() else {
            return Err(io::Error::other("no zip entry is open"));
        };
        open.hasher.update(buf);
        open.size += buf.len() as u64;
        self.deflate(buf, FlushCompress::None)?;
        Ok(buf.len())
    }

    /// Nothing to do: a deflate stream is only flushed when it ends.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn read_back(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut v = Vec::new();
                f.read_to_end(&mut v).unwrap();
                (f.name().to_string(), v)
            })
            .collect()
    }

    #[test]
    fn entries_read_back_with_their_names_and_contents() {
        let mut z = ZipOut::new(Cursor::new(Vec::new()));
        z.start("a.txt").unwrap();
        z.write_all(b"hello ").unwrap();
        z.write_all(b"world").unwrap();
        z.start("empty").unwrap();
        z.start("sources/é.txt").unwrap();
        let big = "lorem ipsum ".repeat(50_000);
        z.write_all(big.as_bytes()).unwrap();
        let files = read_back(z.finish().unwrap().into_inner());
        assert_eq!(files.len(), 3);
        assert_eq!(files[0], ("a.txt".into(), b"hello world".to_vec()));
        assert_eq!(files[1], ("empty".into(), Vec::new()));
        assert_eq!(files[2].0, "sources/é.txt");
        assert!(files[2].1 == big.as_bytes());
    }

    #[test]
    fn the_bytes_are_the_zip_crates_for_the_same_entries() {
        use zip::write::SimpleFileOptions;
        use zip::{CompressionMethod, DateTime, ZipWriter};
        let text = "Lorem <ipsum> & dolor sit amet, ".repeat(20_000);
        let entries = [
            ("project.qde", "<Project/>\n"),
            ("sources/a.txt", text.as_str()),
            ("sources/b.txt", ""),
        ];
        // What parallax wrote with the zip crate before.
        let mut theirs = ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        let mut ours = ZipOut::new(Cursor::new(Vec::new()));
        for (name, body) in entries {
            theirs.start_file(name, opts).unwrap();
            theirs.write_all(body.as_bytes()).unwrap();
            ours.start(name).unwrap();
            ours.write_all(body.as_bytes()).unwrap();
        }
        let theirs = theirs.finish().unwrap().into_inner();
        let ours = ours.finish().unwrap().into_inner();
        assert_eq!(ours.len(), theirs.len());
        assert!(ours == theirs, "the archives differ");
    }

    #[test]
    fn more_entries_than_the_end_record_counts_take_a_zip64_end() {
        let mut z = ZipOut::new(Cursor::new(Vec::new()));
        for i in 0..70_000 {
            z.start(&format!("{i}")).unwrap();
        }
        let files = read_back(z.finish().unwrap().into_inner());
        assert_eq!(files.len(), 70_000);
        assert_eq!(files[69_999].0, "69999");
    }

    #[test]
    fn writing_with_no_entry_open_is_an_error() {
        let mut z = ZipOut::new(Cursor::new(Vec::new()));
        assert!(z.write_all(b"x").is_err());
    }
}
