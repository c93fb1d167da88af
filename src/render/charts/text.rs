//! Text as charts lay it out: whitespace collapsed, widths estimated, long labels cut or wrapped.

/// Collapses whitespace so that measuring and printing agree with how SVG renders text.
///
/// No-break spaces are kept: French typography puts a narrow one before ":" and ";", and
/// Unicode counts them as whitespace, so splitting on all whitespace turned them into plain
/// spaces (and let a line break before the colon).
pub(super) fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Approximate advance width of a character in em, erring wide so that estimated fits are real fits.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 0.3,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' | '·' => 0.42,
        'm' | 'M' | 'W' => 1.0,
        'w' => 0.84,
        '%' => 0.96,
        '…' => 1.0,
        '–' | '—' | '−' => 0.64,
        'A'..='Z' => 0.74,
        '0'..='9' => 0.64,
        c if c.is_ascii() => 0.62,
        c if u32::from(c) >= 0x2E80 => 1.0,
        _ => 0.68,
    }
}

/// Estimated width of `s` in user units at font size `size`.
pub(super) fn text_w(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s.chars().map(char_em).sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Shortens `s` with an ellipsis to fit `max_w`; returns the text and whether it was cut.
/// Returns an empty string when not even one character and the ellipsis fit.
pub(super) fn fit(s: &str, max_w: f64, size: f64, bold: bool) -> (String, bool) {
    if text_w(s, size, bold) <= max_w {
        return (s.to_owned(), false);
    }
    let budget = max_w - text_w("…", size, bold);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_w(&c.to_string(), size, bold);
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let kept = out.trim_end().to_owned();
    if kept.is_empty() {
        (String::new(), true)
    } else {
        (kept + "…", true)
    }
}

/// The leading whole words of `s` that fit `max_w` (a value without its unit, when the unit is
/// written elsewhere); `s` cut with an ellipsis only when not even its first word fits.
pub(super) fn fit_words(s: &str, max_w: f64, size: f64, bold: bool) -> String {
    if text_w(s, size, bold) <= max_w {
        return s.to_owned();
    }
    // French and Russian values keep their unit with a no-break space: those are word
    // boundaries here too, or the whole value would count as one word and be cut. A space
    // before a digit groups thousands ("9 032,14"): never a boundary, so a number stays whole.
    let mut out = "";
    for (i, c) in s.char_indices() {
        let before_digit = s[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
        if matches!(c, ' ' | '\u{a0}' | '\u{202f}') && !before_digit {
            let head = s[..i].trim_end();
            if text_w(head, size, bold) > max_w {
                break;
            }
            out = head;
        }
    }
    if out.is_empty() {
        fit(s, max_w, size, bold).0
    } else {
        out.to_owned()
    }
}

/// Greedy word wrap into at most `max_lines` lines of width `max_w`; the last line is cut with an
/// ellipsis when text remains. Returns the lines and whether anything was cut.
pub(super) fn wrap(
    s: &str,
    max_w: f64,
    size: f64,
    bold: bool,
    max_lines: usize,
) -> (Vec<String>, bool) {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    let mut i = 0;
    while i < words.len() && lines.len() < max_lines {
        let last_line = lines.len() + 1 == max_lines;
        let mut line = words[i].to_owned();
        i += 1;
        while i < words.len() {
            let candidate = format!("{line} {}", words[i]);
            if text_w(&candidate, size, bold) <= max_w {
                line = candidate;
                i += 1;
            } else {
                break;
            }
        }
        if last_line && i < words.len() {
            line = format!("{line} {}", words[i..].join(" "));
            i = words.len();
        }
        let (fitted, c) = fit(&line, max_w, size, bold);
        cut |= c;
        if !fitted.is_empty() {
            lines.push(fitted);
        }
    }
    (lines, cut)
}

/// Initials of the capitalised words ("Education, Health and Culture" → "EHC"), a short label
/// for narrow ring segments; `None` when the name has fewer than two such words.
pub(super) fn initials(s: &str) -> Option<String> {
    let letters: String = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    (letters.chars().count() >= 2).then_some(letters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::test_support::long_name;

    #[test]
    fn fit_words_drops_whole_words_instead_of_cutting_one() {
        let full = "86.26 litres/day per capita";
        let w = text_w("86.26 litres/day", 12.0, false);
        assert_eq!(fit_words(full, w, 12.0, false), "86.26 litres/day");
        assert_eq!(
            fit_words(full, text_w("86.26", 12.0, false), 12.0, false),
            "86.26"
        );
        assert_eq!(fit_words(full, 1000.0, 12.0, false), full);
        // A French or Russian value is tied to its unit by a no-break space, still a boundary.
        let ru = "350,57\u{a0}л/с на\u{202f}человека";
        let w = text_w("350,57\u{a0}л/с на", 12.0, false);
        assert_eq!(fit_words(ru, w, 12.0, false), "350,57\u{a0}л/с на");
        assert_eq!(
            fit_words(ru, text_w("350,57", 12.0, false), 12.0, false),
            "350,57"
        );
        // A thousands separator is not a word boundary: never "9" for "9 032,14".
        let fr = "9\u{202f}032,14\u{a0}kWh";
        assert_eq!(
            fit_words(fr, text_w("9\u{202f}032,14", 12.0, false), 12.0, false),
            "9\u{202f}032,14"
        );
        assert_ne!(
            fit_words(fr, text_w("9\u{202f}0", 12.0, false), 12.0, false),
            "9"
        );
        // Not even the first word fits: the only case that is cut.
        assert!(
            fit_words(full, 10.0, 12.0, false).ends_with('…')
                || fit_words(full, 10.0, 12.0, false).is_empty()
        );
    }

    #[test]
    fn fitting_and_wrapping_respect_widths() {
        let long = long_name();
        for w in [5.0, 20.0, 60.0, 200.0] {
            let (t, cut) = fit(&long, w, 12.0, false);
            assert!(cut);
            assert!(text_w(&t, 12.0, false) <= w, "{t} in {w}");
            let (lines, cut) = wrap(&long, w, 11.0, false, 2);
            assert!(cut && lines.len() <= 2);
            for l in &lines {
                assert!(text_w(l, 11.0, false) <= w);
            }
        }
        assert_eq!(
            fit("Asker", 200.0, 12.0, false),
            ("Asker".to_owned(), false)
        );
        assert_eq!(
            wrap("Public Space and Nature", 88.0, 11.0, false, 2).0,
            vec!["Public Space", "and Nature"]
        );
        assert_eq!(
            initials("Education, Health and Culture").as_deref(),
            Some("EHC")
        );
        assert_eq!(initials("Productivity"), None);
    }
}
