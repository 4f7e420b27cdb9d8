//! A PDF checked while it streams past: is it encrypted, or does it carry JavaScript or a launch
//! action? Both show as names (`/Encrypt`, `/JS`, `/JavaScript`, `/Launch`) in a dictionary,
//! and dictionaries live either in the file's plain syntax or, since PDF 1.5, compressed inside
//! object streams (`/Type /ObjStm`). So the scanner reads the plain syntax as tokens (skipping
//! strings and comments, decoding `#xx` in names), skips the data of ordinary streams (page
//! content, images: no dictionaries there), and inflates object streams to read their objects
//! the same way. Memory stays a few buffers whatever the file's size.

use flate2::{Decompress, FlushDecompress, Status};

/// What the scanner found that refuses the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfProblem {
    Encrypted,
    /// JavaScript or a launch action.
    Active,
    /// An object stream the scanner cannot read (a filter other than Flate, a predictor, a
    /// broken or oversized stream): its dictionaries could hide either of the above.
    Unreadable,
}

/// Inflated bytes read from object streams, in all: beyond it the file is refused as
/// unreadable (a compression bomb costs time, not memory, but the time is bounded too).
const MAX_INFLATED: u64 = 512 * 1024 * 1024;

/// The lexer of PDF's plain syntax: only what finds names and the `stream` keyword.
#[derive(Debug, Default)]
struct Lexer {
    state: LexState,
    /// The current name or keyword, bounded: a longer one is no name we look for.
    token: Vec<u8>,
    /// A `#` escape in a name: the hex digits so far.
    hex: Option<Vec<u8>>,
    /// Nesting depth inside a literal string.
    depth: u32,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum LexState {
    #[default]
    Between,
    Comment,
    Name,
    Keyword,
    Literal,
    LiteralEscape,
    /// After one `<`: a dictionary (`<<`) or a hex string.
    AngleOpen,
    HexString,
}

/// A token the scanner cares about.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Name(Vec<u8>),
    Keyword(Vec<u8>),
}

const MAX_TOKEN: usize = 64;

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl Lexer {
    /// Feed one byte; a completed token, if any.
    fn push(&mut self, b: u8) -> Option<Token> {
        match self.state {
            LexState::Comment => {
                if b == b'\n' || b == b'\r' {
                    self.state = LexState::Between;
                }
                None
            }
            LexState::Literal => {
                match b {
                    b'\\' => self.state = LexState::LiteralEscape,
                    b'(' => self.depth += 1,
                    b')' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            self.state = LexState::Between;
                        }
                    }
                    _ => {}
                }
                None
            }
            LexState::LiteralEscape => {
                self.state = LexState::Literal;
                None
            }
            LexState::AngleOpen => {
                if b == b'<' {
                    self.state = LexState::Between;
                    None
                } else {
                    self.state = LexState::HexString;
                    self.push(b)
                }
            }
            LexState::HexString => {
                if b == b'>' {
                    self.state = LexState::Between;
                }
                None
            }
            LexState::Name => {
                if is_white(b) || is_delimiter(b) {
                    let done = self.finish_token(true);
                    self.state = LexState::Between;
                    let again = self.start(b);
                    debug_assert!(again.is_none());
                    done
                } else {
                    if let Some(hex) = &mut self.hex {
                        hex.push(b);
                        if hex.len() == 2 {
                            let value = std::str::from_utf8(hex)
                                .ok()
                                .and_then(|h| u8::from_str_radix(h, 16).ok());
                            self.hex = None;
                            // A malformed escape is kept as written; readers differ, and
                            // neither reading spells a name we look for.
                            self.add(value.unwrap_or(b'#'));
                        }
                    } else if b == b'#' {
                        self.hex = Some(Vec::with_capacity(2));
                    } else {
                        self.add(b);
                    }
                    None
                }
            }
            LexState::Keyword => {
                if is_white(b) || is_delimiter(b) {
                    let done = self.finish_token(false);
                    self.state = LexState::Between;
                    let again = self.start(b);
                    debug_assert!(again.is_none());
                    done
                } else {
                    self.add(b);
                    None
                }
            }
            LexState::Between => self.start(b),
        }
    }

    fn add(&mut self, b: u8) {
        if self.token.len() < MAX_TOKEN {
            self.token.push(b);
        }
    }

    fn start(&mut self, b: u8) -> Option<Token> {
        self.state = match b {
            b'%' => LexState::Comment,
            b'/' => LexState::Name,
            b'(' => {
                self.depth = 1;
                LexState::Literal
            }
            b'<' => LexState::AngleOpen,
            _ if is_white(b) || is_delimiter(b) => LexState::Between,
            _ => {
                self.token.push(b);
                LexState::Keyword
            }
        };
        None
    }

    fn finish_token(&mut self, name: bool) -> Option<Token> {
        self.hex = None;
        let token = std::mem::take(&mut self.token);
        Some(if name {
            Token::Name(token)
        } else {
            Token::Keyword(token)
        })
    }

    /// The end of the input ends a pending token.
    fn end(&mut self) -> Option<Token> {
        match self.state {
            LexState::Name => self.finish_token(true),
            LexState::Keyword => self.finish_token(false),
            _ => None,
        }
    }
}

/// What the names of one object's dictionary said, so far, about its stream.
#[derive(Debug, Default)]
struct ObjectFacts {
    object_stream: bool,
    flate: bool,
    other_filter: bool,
    decode_parms: bool,
}

impl ObjectFacts {
    fn note(&mut self, name: &[u8]) {
        match name {
            b"ObjStm" => self.object_stream = true,
            b"FlateDecode" | b"Fl" => self.flate = true,
            b"ASCIIHexDecode" | b"AHx" | b"ASCII85Decode" | b"A85" | b"LZWDecode" | b"LZW" | b"RunLengthDecode"
            | b"RL" | b"Crypt" => self.other_filter = true,
            b"DecodeParms" | b"DP" => self.decode_parms = true,
            _ => {}
        }
    }
}

/// Where the outer scanner is: in the plain syntax, or inside a stream's data.
#[derive(Debug)]
enum Mode {
    Syntax,
    /// Just after `stream`: the end of line before the data.
    StreamStart {
        cr: bool,
    },
    /// An ordinary stream's data, skipped until `endstream`.
    Skip,
    /// An object stream's data, inflated and read.
    Inflate(Box<Inner>),
}

/// An object stream being read.
struct Inner {
    inflater: Decompress,
    lexer: Lexer,
    done: bool,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner").field("done", &self.done).finish()
    }
}

/// The scanner of one PDF, fed the file's bytes in order.
#[derive(Debug)]
pub struct PdfScanner {
    lexer: Lexer,
    mode: Mode,
    facts: ObjectFacts,
    /// The last bytes seen, to find `endstream` in raw data.
    window: [u8; 9],
    inflated: u64,
    problem: Option<PdfProblem>,
    out: Vec<u8>,
}

impl Default for PdfScanner {
    fn default() -> Self {
        Self {
            lexer: Lexer::default(),
            mode: Mode::Syntax,
            facts: ObjectFacts::default(),
            window: [0; 9],
            inflated: 0,
            problem: None,
            out: vec![0; 32 * 1024],
        }
    }
}

fn judge(name: &[u8]) -> Option<PdfProblem> {
    match name {
        b"Encrypt" => Some(PdfProblem::Encrypted),
        b"JavaScript" | b"JS" | b"Launch" => Some(PdfProblem::Active),
        _ => None,
    }
}

impl PdfScanner {
    /// The first problem found so far.
    pub fn problem(&self) -> Option<PdfProblem> {
        self.problem
    }

    fn found(&mut self, p: PdfProblem) {
        // Encryption is the more useful message: it explains why nothing else can be read.
        if self.problem.is_none() || p == PdfProblem::Encrypted {
            self.problem = Some(p);
        }
    }

    /// Read the next bytes of the file.
    pub fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            if self.problem == Some(PdfProblem::Encrypted) {
                return;
            }
            match &mut self.mode {
                Mode::Syntax => {
                    let b = bytes[i];
                    i += 1;
                    self.shift(b);
                    if let Some(token) = self.lexer.push(b) {
                        self.token(token);
                    }
                }
                Mode::StreamStart { cr } => {
                    let b = bytes[i];
                    if b == b'\r' && !*cr {
                        *cr = true;
                        i += 1;
                        continue;
                    }
                    if b == b'\n' {
                        i += 1;
                    }
                    self.begin_data();
                }
                Mode::Skip => {
                    let b = bytes[i];
                    i += 1;
                    if self.shift(b) {
                        self.mode = Mode::Syntax;
                    }
                }
                Mode::Inflate(_) => {
                    // Find the end of the data in this chunk, then inflate up to it.
                    let start = i;
                    let mut ended = false;
                    while i < bytes.len() {
                        let b = bytes[i];
                        i += 1;
                        if self.shift(b) {
                            ended = true;
                            break;
                        }
                    }
                    self.inflate(&bytes[start..i]);
                    if ended {
                        self.end_object_stream();
                    }
                }
            }
        }
    }

    /// Shift a byte into the window; whether the window now ends with `endstream`.
    fn shift(&mut self, b: u8) -> bool {
        self.window.rotate_left(1);
        self.window[8] = b;
        &self.window == b"endstream"
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::Name(name) => {
                if let Some(p) = judge(&name) {
                    self.found(p);
                }
                self.facts.note(&name);
            }
            Token::Keyword(k) => match k.as_slice() {
                b"obj" | b"endobj" => self.facts = ObjectFacts::default(),
                b"stream" => self.mode = Mode::StreamStart { cr: false },
                _ => {}
            },
        }
    }

    fn begin_data(&mut self) {
        let facts = std::mem::take(&mut self.facts);
        self.window = [0; 9];
        self.mode = if !facts.object_stream {
            Mode::Skip
        } else if facts.other_filter || facts.decode_parms || !facts.flate {
            // An unfiltered object stream is legal but unseen in practice; treat it as
            // unreadable like the rest rather than read it with a second code path.
            self.found(PdfProblem::Unreadable);
            Mode::Skip
        } else {
            Mode::Inflate(Box::new(Inner {
                inflater: Decompress::new(true),
                lexer: Lexer::default(),
                done: false,
            }))
        };
    }

    fn inflate(&mut self, mut input: &[u8]) {
        let Mode::Inflate(inner) = &mut self.mode else {
            return;
        };
        let mut found = Vec::new();
        let mut unreadable = false;
        while !inner.done && !input.is_empty() {
            let before_in = inner.inflater.total_in();
            let before_out = inner.inflater.total_out();
            let status = inner.inflater.decompress(input, &mut self.out, FlushDecompress::None);
            let used = (inner.inflater.total_in() - before_in) as usize;
            let made = (inner.inflater.total_out() - before_out) as usize;
            input = &input[used..];
            self.inflated += made as u64;
            for &b in &self.out[..made] {
                if let Some(Token::Name(name)) = inner.lexer.push(b)
                    && let Some(p) = judge(&name)
                {
                    found.push(p);
                }
            }
            match status {
                Ok(Status::StreamEnd) => {
                    if let Some(Token::Name(name)) = inner.lexer.end()
                        && let Some(p) = judge(&name)
                    {
                        found.push(p);
                    }
                    inner.done = true;
                }
                Ok(_) if used == 0 && made == 0 => break,
                Ok(_) => {}
                Err(_) => {
                    unreadable = true;
                    inner.done = true;
                }
            }
            if self.inflated > MAX_INFLATED {
                unreadable = true;
                inner.done = true;
            }
        }
        for p in found {
            self.found(p);
        }
        if unreadable {
            self.found(PdfProblem::Unreadable);
        }
    }

    fn end_object_stream(&mut self) {
        if let Mode::Inflate(inner) = &self.mode
            && !inner.done
        {
            // The data ended before its compressed stream did.
            self.found(PdfProblem::Unreadable);
        }
        self.mode = Mode::Syntax;
    }

    /// The end of the file: the verdict.
    pub fn finish(mut self) -> Option<PdfProblem> {
        if let Some(Token::Name(name)) = self.lexer.end()
            && let Some(p) = judge(&name)
        {
            self.found(p);
        }
        if matches!(self.mode, Mode::Inflate(_)) {
            self.end_object_stream();
        }
        self.problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn scan_in_chunks(pdf: &[u8], chunk: usize) -> Option<PdfProblem> {
        let mut s = PdfScanner::default();
        for part in pdf.chunks(chunk) {
            s.feed(part);
        }
        s.finish()
    }

    fn scan(pdf: &[u8]) -> Option<PdfProblem> {
        let whole = scan_in_chunks(pdf, pdf.len().max(1));
        for chunk in [1, 2, 7, 64] {
            assert_eq!(scan_in_chunks(pdf, chunk), whole, "chunks of {chunk}");
        }
        whole
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).expect("write");
        e.finish().expect("finish")
    }

    fn with_object_stream(dict: &str, objects: &[u8]) -> Vec<u8> {
        let data = zlib(objects);
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Type /ObjStm ".to_vec();
        pdf.extend_from_slice(dict.as_bytes());
        pdf.extend_from_slice(format!(" /Length {} >>\nstream\r\n", data.len()).as_bytes());
        pdf.extend_from_slice(&data);
        pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        pdf
    }

    #[test]
    fn a_plain_pdf_passes() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
                    3 0 obj << /Length 44 >> stream\nBT /F1 12 Tf (Hello /JavaScript) Tj ET\nendstream endobj\n\
                    trailer << /Root 1 0 R >>\n%%EOF";
        assert_eq!(scan(pdf), None);
    }

    #[test]
    fn encryption_and_scripts_in_the_plain_syntax_are_found() {
        assert_eq!(
            scan(b"%PDF-1.7\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF"),
            Some(PdfProblem::Encrypted)
        );
        assert_eq!(
            scan(b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj"),
            Some(PdfProblem::Active)
        );
        assert_eq!(
            scan(b"%PDF-1.7\n1 0 obj<</S/Launch/F(cmd.exe)>>endobj"),
            Some(PdfProblem::Active)
        );
    }

    #[test]
    fn escaped_names_are_read_as_readers_read_them() {
        assert_eq!(
            scan(b"%PDF-1.7\n1 0 obj << /S /J#61va#53cript >> endobj"),
            Some(PdfProblem::Active)
        );
        assert_eq!(scan(b"%PDF-1.7\n<< /#4Aava >>"), None);
    }

    #[test]
    fn strings_comments_and_stream_data_are_not_names() {
        assert_eq!(
            scan(b"%PDF-1.7\n% /JavaScript in a comment\n(a \\) /JS string) <2F4A53>"),
            None
        );
        // A name-like run inside an ordinary (content or image) stream's data.
        assert_eq!(
            scan(b"%PDF-1.7\n4 0 obj << /Length 9 >> stream\n/Launch x\nendstream endobj"),
            None
        );
    }

    #[test]
    fn names_inside_object_streams_are_found() {
        let hidden = with_object_stream(
            "/Filter /FlateDecode /N 1 /First 4",
            b"9 0 << /S /JavaScript /JS 10 0 R >>",
        );
        assert_eq!(scan(&hidden), Some(PdfProblem::Active));
        let clean = with_object_stream("/Filter /FlateDecode /N 1 /First 4", b"9 0 << /Type /Page >>");
        assert_eq!(scan(&clean), None);
    }

    #[test]
    fn object_streams_that_cannot_be_read_are_refused() {
        let other = with_object_stream("/Filter /ASCIIHexDecode /N 1", b"");
        assert_eq!(scan(&other), Some(PdfProblem::Unreadable));
        let predictor = with_object_stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", b"x");
        assert_eq!(scan(&predictor), Some(PdfProblem::Unreadable));
        let mut broken = with_object_stream("/Filter /FlateDecode", b"9 0 << >>");
        let at = broken.windows(6).position(|w| w == b"stream").expect("stream") + 10;
        broken[at] ^= 0xff;
        broken[at + 1] ^= 0xff;
        assert_eq!(scan(&broken), Some(PdfProblem::Unreadable));
    }

    proptest::proptest! {
        /// Chunk boundaries never change the verdict.
        #[test]
        fn chunking_never_changes_the_verdict(chunk in 1usize..200, js in proptest::bool::ANY) {
            let objects: &[u8] = if js { b"9 0 << /AA << /O << /S /JavaScript >> >> >>" } else { b"9 0 << >>" };
            let pdf = with_object_stream("/Filter /FlateDecode", objects);
            let expected = js.then_some(PdfProblem::Active);
            proptest::prop_assert_eq!(scan_in_chunks(&pdf, chunk), expected);
        }
    }
}
