//! Byte scanning 16 bytes at a time: where the next byte of a small set is, for the passes
//! that look at every byte of a page or text (the minifier, the escapers, the sentence
//! splitter).

/// The offset of the first byte of `b` at or after `from` that is below `below` or one of
/// `marks`, or `b.len()` when there is none. `below = 0` asks for the marks alone.
#[inline]
pub fn next_of<const N: usize>(b: &[u8], mut from: usize, below: u8, marks: [u8; N]) -> usize {
    while let Some(chunk) = b.get(from..from + 16) {
        let m = hits(chunk.try_into().expect("16 bytes"), below, marks);
        if m != 0 {
            return from + m.trailing_zeros() as usize;
        }
        from += 16;
    }
    // The last 0–15 bytes, padded with 0xFF: no UTF-8 byte, so never a mark.
    debug_assert!(!marks.contains(&0xFF) && below <= 0x80);
    let rest = &b[from..];
    if rest.is_empty() {
        return b.len();
    }
    let mut last = [0xFF; 16];
    last[..rest.len()].copy_from_slice(rest);
    match hits(&last, below, marks) {
        0 => b.len(),
        m => from + m.trailing_zeros() as usize,
    }
}

/// The offset of the first byte of `b` at or after `from` where a whitespace pass has work,
/// or `b.len()`: one of `marks`; a tab, carriage return or form feed; a newline unless
/// `lone_newline` (a single newline is then kept like a single space); a space or newline
/// followed by whitespace or by one of `enders`. The single spaces between words, most of
/// the whitespace of a page, are passed over 16 bytes at a time.
#[inline]
pub fn next_break<const N: usize, const M: usize>(
    b: &[u8],
    mut from: usize,
    marks: [u8; N],
    lone_newline: bool,
    enders: [u8; M],
) -> usize {
    // Each chunk is read twice, the second time one byte on (each byte with the next).
    while from + 17 <= b.len() {
        let m = breaks(&b[from..from + 17], marks, lone_newline, enders);
        if m != 0 {
            return from + m.trailing_zeros() as usize;
        }
        from += 16;
    }
    (from..b.len())
        .find(|&i| is_break(b, i, marks, lone_newline, enders))
        .unwrap_or(b.len())
}

/// Whitespace as HTML has it: space, tab, newline, form feed, carriage return.
pub(crate) const fn is_html_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// [`next_break`]'s test of the byte at `i`, one byte at a time.
fn is_break<const N: usize, const M: usize>(
    b: &[u8],
    i: usize,
    marks: [u8; N],
    lone_newline: bool,
    enders: [u8; M],
) -> bool {
    let c = b[i];
    if marks.contains(&c) {
        return true;
    }
    if !is_html_space(c) {
        return false;
    }
    if c != b' ' && !(c == b'\n' && lone_newline) {
        return true;
    }
    b.get(i + 1)
        .is_some_and(|&n| is_html_space(n) || enders.contains(&n))
}

/// Bit `k` set when byte `k` of `w` (17 bytes: 16 and the one after) is a break of
/// [`next_break`].
#[cfg(target_arch = "x86_64")]
#[inline]
fn breaks<const N: usize, const M: usize>(
    w: &[u8],
    marks: [u8; N],
    lone_newline: bool,
    enders: [u8; M],
) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_sub_epi8,
    };
    assert!(w.len() >= 17);
    // SAFETY: SSE2 is part of every x86_64 target; the two unaligned loads read bytes 0–15
    // and 1–16 of `w`, which has at least 17.
    unsafe {
        let eq = |v: __m128i, c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        // Space, or 9–13 (`c - 9 <= 4`, unsigned) but not the vertical tab (11).
        let space = |v: __m128i| {
            let t = _mm_sub_epi8(v, _mm_set1_epi8(9));
            let low = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(4)), t);
            _mm_or_si128(eq(v, b' '), _mm_andnot_si128(eq(v, 0x0B), low))
        };
        let a = _mm_loadu_si128(w.as_ptr().cast());
        let n = _mm_loadu_si128(w.as_ptr().add(1).cast());
        let mut found = _mm_setzero_si128();
        for m in marks {
            found = _mm_or_si128(found, eq(a, m));
        }
        let mut next = space(n);
        for e in enders {
            next = _mm_or_si128(next, eq(n, e));
        }
        let mut plain = eq(a, b' ');
        if lone_newline {
            plain = _mm_or_si128(plain, eq(a, b'\n'));
        }
        let sa = space(a);
        found = _mm_or_si128(found, _mm_andnot_si128(plain, sa));
        found = _mm_or_si128(found, _mm_and_si128(sa, next));
        _mm_movemask_epi8(found) as u16
    }
}

/// [`breaks`] one byte at a time, where there is no SSE2.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn breaks<const N: usize, const M: usize>(
    w: &[u8],
    marks: [u8; N],
    lone_newline: bool,
    enders: [u8; M],
) -> u16 {
    let mut m = 0u16;
    for k in 0..16 {
        m |= u16::from(is_break(w, k, marks, lone_newline, enders)) << k;
    }
    m
}

/// Whether `b` holds an ASCII letter or a lead byte of U+00C0–U+024F (`C3` to `C9`): the
/// byte-wise test for a Latin letter in UTF-8 text, 16 bytes at a time.
pub fn has_latin_letter(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(16);
    for chunk in &mut chunks {
        if latin_hits(chunk.try_into().expect("16 bytes")) {
            return true;
        }
    }
    // The last 0–15 bytes, padded with spaces (not letters).
    let rest = chunks.remainder();
    let mut last = [b' '; 16];
    last[..rest.len()].copy_from_slice(rest);
    latin_hits(&last)
}

/// [`has_latin_letter`] of 16 bytes.
#[cfg(target_arch = "x86_64")]
#[inline]
fn latin_hits(chunk: &[u8; 16]) -> bool {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8,
    };
    // SAFETY: SSE2 is part of every x86_64 target; the unaligned load reads the 16 bytes of
    // `chunk` and nothing else.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        // `c - lo <= hi - lo` (unsigned, wrapping) exactly when `lo <= c <= hi`; a letter
        // with bit 5 set is lower-case.
        let in_range = |x, lo: u8, hi: u8| {
            let t = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
            _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((hi - lo) as i8)), t)
        };
        let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let found = _mm_or_si128(in_range(lower, b'a', b'z'), in_range(v, 0xC3, 0xC9));
        _mm_movemask_epi8(found) != 0
    }
}

/// [`latin_hits`] one byte at a time, where there is no SSE2.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn latin_hits(chunk: &[u8; 16]) -> bool {
    chunk
        .iter()
        .any(|b| b.is_ascii_alphabetic() || (0xC3..=0xC9).contains(b))
}

/// `bytes` as a `String`, checked by `simdutf8` (std's check walks Arabic text, two-byte
/// letters between ASCII spaces, at about ten instructions a byte). Only bytes that fail are
/// checked again by std, for its error (where the first bad byte is).
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` is UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// `s` with each of the ASCII bytes `marks` replaced by `rep(byte)`; the text between them
/// is copied in runs (the escapers of HTML text and attribute values).
pub fn replace_each<const N: usize>(
    s: &str,
    marks: [u8; N],
    rep: impl Fn(u8) -> &'static str,
) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let done: Result<(), std::convert::Infallible> = replace_each_to(s, 0, marks, rep, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = done;
    out
}

/// [`replace_each`], handing the pieces of the result to `emit` in order (the template
/// escaper writes them into the page, the JSON writer into its buffer) instead of collecting
/// them; bytes below `below` (0: none) are replaced as well.
pub fn replace_each_to<const N: usize, E>(
    s: &str,
    below: u8,
    marks: [u8; N],
    rep: impl Fn(u8) -> &'static str,
    mut emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    debug_assert!(
        marks.iter().all(u8::is_ascii) && below <= 0x80,
        "a mark must be a whole character"
    );
    let b = s.as_bytes();
    let mut last = 0;
    loop {
        let i = next_of(b, last, below, marks);
        if i > last {
            emit(&s[last..i])?;
        }
        let Some(&c) = b.get(i) else {
            return Ok(());
        };
        emit(rep(c))?;
        last = i + 1;
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn is_hit<const N: usize>(c: u8, below: u8, marks: [u8; N]) -> bool {
    c < below || marks.contains(&c)
}

/// Bit `k` set when `chunk[k]` is a hit.
#[cfg(target_arch = "x86_64")]
#[inline]
fn hits<const N: usize>(chunk: &[u8; 16], below: u8, marks: [u8; N]) -> u16 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setzero_si128,
    };
    // SAFETY: SSE2 is part of every x86_64 target; the unaligned load reads the 16 bytes of
    // `chunk` and nothing else.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let mut found = _mm_setzero_si128();
        if below > 0 {
            // `min(c, below - 1) == c` exactly when `c < below` (unsigned).
            let top = _mm_set1_epi8((below - 1) as i8);
            found = _mm_cmpeq_epi8(_mm_min_epu8(v, top), v);
        }
        for m in marks {
            found = _mm_or_si128(found, _mm_cmpeq_epi8(v, _mm_set1_epi8(m as i8)));
        }
        _mm_movemask_epi8(found) as u16
    }
}

/// [`hits`] one byte at a time, where there is no SSE2.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn hits<const N: usize>(chunk: &[u8; 16], below: u8, marks: [u8; N]) -> u16 {
    let mut m = 0u16;
    for (k, &c) in chunk.iter().enumerate() {
        m |= u16::from(is_hit(c, below, marks)) << k;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::{next_of, replace_each};

    #[test]
    fn replaces_each_mark_and_copies_the_rest() {
        let rep = |c: u8| if c == b'&' { "&amp;" } else { "&quot;" };
        let rows: &[(&str, &str)] = &[
            ("", ""),
            ("حموشي & «الأمن»", "حموشي &amp; «الأمن»"),
            ("&\"", "&amp;&quot;"),
            // A mark past the last whole chunk of 16 bytes.
            (
                "المديرية العامة للأمن الوطني\"",
                "المديرية العامة للأمن الوطني&quot;",
            ),
        ];
        for (input, want) in rows {
            assert_eq!(replace_each(input, [b'&', b'"'], rep), *want, "{input}");
        }
    }

    #[test]
    fn finds_the_first_hit_in_and_after_the_vector_part() {
        // (text, from, below, marks, expected offset)
        let arabic = "المديرية العامة للأمن الوطني";
        let rows: &[(&str, usize, u8, [u8; 2], usize)] = &[
            ("", 0, b'!', [b'<', b'<'], 0),
            (arabic, 0, b'!', [b'<', b'<'], "المديرية".len()),
            (arabic, 0, 0, [b'<', b'&'], arabic.len()),
            ("الأمن الوطني والمغرب & إسبانيا", 0, 0, [b'<', b'&'], 39),
            // A hit in the last 15 bytes, past the last whole chunk.
            ("abcdefghijklmnopqrstu<", 0, 0, [b'<', b'&'], 21),
            ("abc\ndef", 0, b'!', [b'<', b'<'], 3),
            ("abc\ndef\tg", 4, b'!', [b'<', b'<'], 7),
            // Bytes of UTF-8 sequences are never below a space.
            (
                "ééééééééééééééééé",
                0,
                b'!',
                [b'<', b'<'],
                "ééééééééééééééééé".len(),
            ),
        ];
        for &(text, from, below, marks, want) in rows {
            assert_eq!(
                next_of(text.as_bytes(), from, below, marks),
                want,
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        /// The vector part and the padded last chunk find what a byte-by-byte walk finds,
        /// for ASCII marks and for bytes of Arabic letters (the sentence splitter's).
        #[test]
        fn next_of_is_the_first_hit_of_a_byte_walk(
            head in "[a-z \u{627}-\u{63a}]{0,40}",
            hit in "[<\"\n\t\x01؟…]?",
            tail in "[a-z \u{627}-\u{63a}é]{0,20}",
            from in 0usize..80,
            below in proptest::sample::select(vec![0u8, 0x20, b'!']),
        ) {
            let text = format!("{head}{hit}{tail}");
            let b = text.as_bytes();
            let from = from.min(b.len());
            let marks = [b'<', b'"', 0x9F, 0xE2];
            let walk = (from..b.len())
                .find(|&i| b[i] < below || marks.contains(&b[i]))
                .unwrap_or(b.len());
            proptest::prop_assert_eq!(next_of(b, from, below, marks), walk);
        }

        /// The vector part finds what the byte-wise test finds, in text and in tags.
        #[test]
        fn next_break_is_the_first_break_of_a_byte_walk(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "المغرب", "a", " ", "  ", "\n", "\n ", "\t", "\r", "\x0c", "\x0b", "<", ">",
                "\"", " >", "é",
            ]), 0..30),
            from in 0usize..80,
            lone_newline: bool,
        ) {
            let text = parts.concat();
            let b = text.as_bytes();
            let from = from.min(b.len());
            let walk = (from..b.len())
                .find(|&i| super::is_break(b, i, [b'<', b'"'], lone_newline, [b'>']))
                .unwrap_or(b.len());
            proptest::prop_assert_eq!(
                super::next_break(b, from, [b'<', b'"'], lone_newline, [b'>']),
                walk
            );
        }

        /// The vector test is the byte-wise one, on text with and without Latin letters.
        #[test]
        fn has_latin_letter_is_the_byte_test(
            text in "[\u{600}-\u{6ff} 0-9.,@\\[`{]{0,40}[a-zA-Zéɏ]?[\u{600}-\u{6ff} ]{0,20}",
        ) {
            let b = text.as_bytes();
            let want = b.iter().any(|b| b.is_ascii_alphabetic() || (0xC3..=0xC9).contains(b));
            proptest::prop_assert_eq!(super::has_latin_letter(b), want);
        }
    }
}
