//! The checks of an upload as it streams past: its type from its first bytes (never from its
//! name or the client's `Content-Type`), its size against the limit, a PDF's content
//! ([`crate::pdf`]), its end (a PDF's `%%EOF`, a PNG's `IEND`), and its SHA-256.

use crate::pdf::{PdfProblem, PdfScanner};
use sha2::{Digest, Sha256};

/// The types Logbog accepts, decided by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Pdf, FileType::Png, FileType::Jpeg];

    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }

    /// The type stored as a content type.
    pub fn from_content_type(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.content_type() == value)
    }

    /// The type whose signature starts `head`, once `head` is long enough to tell.
    fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else {
            None
        }
    }
}

/// Why an upload was refused. Each names what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing was sent.
    Empty,
    /// Not a PDF, PNG or JPEG.
    NotAllowedType,
    /// Larger than the kind's limit (bytes).
    TooLarge { limit: u64 },
    /// The trainee's files would exceed their quota (bytes), of which `used` are taken.
    QuotaExceeded { limit: u64, used: u64 },
    /// The file stops before its type's end marker.
    Truncated,
    /// A password-protected PDF: nobody but its owner could read it.
    PdfEncrypted,
    /// A PDF with JavaScript or a launch action.
    PdfActive,
    /// A PDF whose compressed parts could not be checked.
    PdfUnreadable,
}

/// The longest signature we sniff.
const HEAD: usize = 8;
/// How far from the end a PDF's `%%EOF` may be (readers look at the last 1024 bytes).
const TAIL: usize = 1024;

/// What a finished check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub file_type: FileType,
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// The check of one upload, fed its bytes in order.
#[derive(Debug)]
pub struct Inspector {
    limit: u64,
    head: Vec<u8>,
    file_type: Option<FileType>,
    pdf: Option<PdfScanner>,
    tail: Vec<u8>,
    size: u64,
    hash: Sha256,
}

impl Inspector {
    /// A check with a size limit in bytes.
    pub fn new(limit: u64) -> Self {
        Self {
            limit,
            head: Vec::with_capacity(HEAD),
            file_type: None,
            pdf: None,
            tail: Vec::with_capacity(2 * TAIL),
            size: 0,
            hash: Sha256::new(),
        }
    }

    /// Read the next bytes; a refusal as soon as one is certain (the type, the size, an
    /// encrypted or active PDF), so the rest of the body need not be stored.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), Refusal> {
        self.size += bytes.len() as u64;
        if self.size > self.limit {
            return Err(Refusal::TooLarge { limit: self.limit });
        }
        self.hash.update(bytes);
        if self.file_type.is_none() {
            let want = HEAD - self.head.len();
            self.head.extend_from_slice(&bytes[..want.min(bytes.len())]);
            if self.head.len() == HEAD {
                let t = FileType::sniff(&self.head).ok_or(Refusal::NotAllowedType)?;
                self.file_type = Some(t);
                if t == FileType::Pdf {
                    let mut scanner = PdfScanner::default();
                    scanner.feed(&self.head);
                    let rest = &bytes[want.min(bytes.len())..];
                    scanner.feed(rest);
                    self.pdf = Some(scanner);
                    self.keep_tail(bytes);
                    return self.pdf_verdict(false);
                }
            }
        } else if let Some(scanner) = &mut self.pdf {
            scanner.feed(bytes);
            self.keep_tail(bytes);
            return self.pdf_verdict(false);
        }
        self.keep_tail(bytes);
        Ok(())
    }

    fn keep_tail(&mut self, bytes: &[u8]) {
        if bytes.len() >= TAIL {
            self.tail.clear();
            self.tail.extend_from_slice(&bytes[bytes.len() - TAIL..]);
        } else {
            self.tail.extend_from_slice(bytes);
            if self.tail.len() > 2 * TAIL {
                self.tail.drain(..self.tail.len() - TAIL);
            }
        }
    }

    fn pdf_verdict(&self, at_end: bool) -> Result<(), Refusal> {
        match self.pdf.as_ref().and_then(PdfScanner::problem) {
            Some(PdfProblem::Encrypted) => Err(Refusal::PdfEncrypted),
            Some(PdfProblem::Active) => Err(Refusal::PdfActive),
            // Unreadable only counts once the whole file is read: encryption found later
            // explains it better.
            Some(PdfProblem::Unreadable) if at_end => Err(Refusal::PdfUnreadable),
            _ => Ok(()),
        }
    }

    /// The end of the body: the verdict on the whole file.
    pub fn finish(self) -> Result<Checked, Refusal> {
        if self.size == 0 {
            return Err(Refusal::Empty);
        }
        let file_type = match self.file_type {
            Some(t) => t,
            None => FileType::sniff(&self.head).ok_or(Refusal::NotAllowedType)?,
        };
        let tail = &self.tail[self.tail.len().saturating_sub(TAIL)..];
        match file_type {
            FileType::Pdf => {
                let problem = self.pdf.and_then(PdfScanner::finish);
                match problem {
                    Some(PdfProblem::Encrypted) => return Err(Refusal::PdfEncrypted),
                    Some(PdfProblem::Active) => return Err(Refusal::PdfActive),
                    Some(PdfProblem::Unreadable) => return Err(Refusal::PdfUnreadable),
                    None => {}
                }
                if !tail.windows(5).any(|w| w == b"%%EOF") {
                    return Err(Refusal::Truncated);
                }
            }
            FileType::Png => {
                if !tail.ends_with(b"IEND\xAE\x42\x60\x82") {
                    return Err(Refusal::Truncated);
                }
            }
            FileType::Jpeg => {
                // Cameras and scanners may append data after the end-of-image marker, so a
                // JPEG is only required to have one near its end.
                if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
                    return Err(Refusal::Truncated);
                }
            }
        }
        Ok(Checked {
            file_type,
            size: self.size,
            sha256: hex::encode(self.hash.finalize()),
        })
    }
}

/// Small valid files of each type, for tests and the demo.
pub mod samples {
    /// A one-page PDF with `text` on it (ASCII), valid for `qpdf --check`.
    pub fn pdf(text: &str) -> Vec<u8> {
        build_pdf(text, 0)
    }

    /// A valid PDF of about `size` bytes: [`pdf`] with an unused stream object of padding, the
    /// benchmark's and the streaming tests' large file.
    pub fn large_pdf(size: usize) -> Vec<u8> {
        let base = pdf("Logbog").len() + 64;
        build_pdf("Logbog", size.saturating_sub(base))
    }

    fn build_pdf(text: &str, padding: usize) -> Vec<u8> {
        let text: String = text
            .chars()
            .map(|c| {
                if c.is_ascii() && !matches!(c, '(' | ')' | '\\') {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        let content = format!("BT /F1 14 Tf 56 760 Td ({text}) Tj ET");
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
              /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_vec(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ];
        if padding > 0 {
            let mut o = format!("<< /Length {padding} >>\nstream\n").into_bytes();
            o.extend(std::iter::repeat_n(b'x', padding));
            o.extend_from_slice(b"\nendstream");
            objects.push(o);
        }
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// A 1×1 PNG.
    pub fn png() -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        // zlib of one filter byte and one grey pixel.
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], limit: u64) -> Result<Checked, Refusal> {
        let mut i = Inspector::new(limit);
        for part in bytes.chunks(3) {
            i.feed(part)?;
        }
        i.finish()
    }

    #[test]
    fn the_type_comes_from_the_content() {
        assert_eq!(
            check(&samples::pdf("x"), 1 << 20).map(|c| c.file_type),
            Ok(FileType::Pdf)
        );
        assert_eq!(check(&samples::png(), 1 << 20).map(|c| c.file_type), Ok(FileType::Png));
        let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16][..], b"JFIF\0", &[0xFF, 0xD9]].concat();
        assert_eq!(check(&jpeg, 1 << 20).map(|c| c.file_type), Ok(FileType::Jpeg));
        assert_eq!(check(b"<html><script>", 1 << 20), Err(Refusal::NotAllowedType));
        assert_eq!(check(b"PK\x03\x04 a zip", 1 << 20), Err(Refusal::NotAllowedType));
        assert_eq!(check(b"%PDF", 1 << 20), Err(Refusal::NotAllowedType));
        assert_eq!(check(b"", 1 << 20), Err(Refusal::Empty));
    }

    #[test]
    fn the_limit_is_exact() {
        let pdf = samples::pdf("x");
        let n = pdf.len() as u64;
        assert!(check(&pdf, n).is_ok());
        assert_eq!(check(&pdf, n - 1), Err(Refusal::TooLarge { limit: n - 1 }));
    }

    #[test]
    fn a_file_cut_short_is_refused() {
        let pdf = samples::pdf("x");
        assert_eq!(check(&pdf[..pdf.len() - 10], 1 << 20), Err(Refusal::Truncated));
        let png = samples::png();
        assert_eq!(check(&png[..png.len() - 4], 1 << 20), Err(Refusal::Truncated));
    }

    #[test]
    fn the_hash_is_sha256_of_the_bytes() {
        let c = check(b"%PDF-1.4\n%%EOF\n", 100).expect("ok");
        assert_eq!(c.sha256, hex::encode(Sha256::digest(b"%PDF-1.4\n%%EOF\n")));
        assert_eq!(c.size, 15);
    }

    #[test]
    fn scripts_and_encryption_refuse_a_pdf_before_its_end() {
        let mut i = Inspector::new(1 << 20);
        assert_eq!(
            i.feed(b"%PDF-1.7\n1 0 obj << /S /JavaScript >> endobj\n"),
            Err(Refusal::PdfActive)
        );
        let mut i = Inspector::new(1 << 20);
        assert_eq!(
            i.feed(b"%PDF-1.7\ntrailer << /Encrypt 2 0 R >>"),
            Err(Refusal::PdfEncrypted)
        );
    }

    #[test]
    fn the_large_sample_is_as_large_as_asked_and_valid() {
        let pdf = samples::large_pdf(1_000_000);
        assert!(pdf.len() > 999_000 && pdf.len() < 1_001_000, "{}", pdf.len());
        assert_eq!(check(&pdf, 1 << 21).map(|c| c.file_type), Ok(FileType::Pdf));
    }
}
