//! The private-use characters the load stage leaves in rendered Markdown, and how the render
//! stage fills them: Markdown is parsed once per build, but citations need the engine's
//! results and links need each language's base path, which only the render stage knows.

/// Marks citation `n` in the HTML; private-use characters never occur in real text.
pub fn placeholder(n: usize) -> String {
    format!("\u{E000}{n}\u{E001}")
}

/// Replaces every citation placeholder with `f(n)`.
pub fn fill_placeholders(html: &str, mut f: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find('\u{E000}') {
        out.push_str(&rest[..i]);
        let after = &rest[i + '\u{E000}'.len_utf8()..];
        match after.find('\u{E001}') {
            Some(j) => {
                match after[..j].parse::<usize>() {
                    Ok(n) => out.push_str(&f(n)),
                    Err(_) => out.push_str(&after[..j]),
                }
                rest = &after[j + '\u{E001}'.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Marks where the render stage puts the base path plus the page's language folder.
pub const PAGE_BASE: char = '\u{E002}';

/// Marks where the render stage puts the base path of a link to a shared file (the same in
/// every language).
pub const FILE_BASE: char = '\u{E003}';

/// [`PAGE_BASE`] as pulldown-cmark writes it inside `href` and `src` (percent-encoded).
pub const PAGE_BASE_ENCODED: &str = "%EE%80%82";

/// [`FILE_BASE`] as pulldown-cmark writes it inside `href` and `src` (percent-encoded).
pub const FILE_BASE_ENCODED: &str = "%EE%80%83";
