//! No input makes the program panic: arbitrary bytes and mutated valid files go through the
//! city loader, front matter and Markdown, and each either parses or reports diagnostics.

use cityprofiles::config::RawHtml;
use cityprofiles::content::city::parse_city;
use cityprofiles::content::markdown::render;
use cityprofiles::content::page::parse_front_matter;
use cityprofiles::diagnostics::{MessageFormat, SourceFile};
use cityprofiles::model::catalog::Catalog;
use proptest::prelude::*;

const VALID_CITY: &str = include_str!("../content/cities/bizerte/city.toml");
const VALID_PAGE: &str = include_str!("../content/pages/kpis.md");

fn exercise_city(text: String) {
    let catalog = Catalog::u4ssc();
    let file = SourceFile::new("city.toml", text);
    let (city, diags) = parse_city("x", &file, &catalog);
    // Rendering every diagnostic must not panic either (spans, carets, UTF-8 boundaries).
    let _ = diags.render(MessageFormat::Human, false);
    let _ = diags.render(MessageFormat::Github, false);
    assert!(city.is_some() || diags.has_errors(), "no city and no error");
}

fn exercise_page(text: String) {
    let file = SourceFile::new("p.md", text);
    let (fm, diags) = parse_front_matter(&file);
    let _ = diags.render(MessageFormat::Human, false);
    if let Some((_, offset)) = fm {
        let _ = render(&file.text[offset..], offset, RawHtml::Escape);
    }
    let _ = render(&file.text, 0, RawHtml::Sanitize);
}

/// Applies byte-level edits to a valid file.
fn mutate(base: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = base.as_bytes().to_vec();
    for &(pos, op, b) in edits {
        if bytes.is_empty() {
            break;
        }
        let i = pos % bytes.len();
        match op % 3 {
            0 => {
                bytes.remove(i);
            }
            1 => bytes.insert(i, b),
            _ => bytes[i] = b,
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_the_city_loader(s in ".{0,400}") {
        exercise_city(s);
    }

    #[test]
    fn mutated_city_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), prop::sample::select(b"=\"{}[],.#:-0123456789abcxyz \n\t\\\xc3".to_vec())), 1..12)) {
        exercise_city(mutate(VALID_CITY, &edits));
    }

    #[test]
    fn arbitrary_text_never_panics_pages_and_markdown(s in ".{0,400}") {
        exercise_page(format!("+++\n{s}"));
        exercise_page(s);
    }

    #[test]
    fn mutated_pages_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), prop::sample::select(b"+=\"{}[]()#*_`<>|!\n-0123".to_vec())), 1..12)) {
        exercise_page(mutate(VALID_PAGE, &edits));
    }
}

#[test]
fn a_huge_city_file_ends_quickly_with_an_answer() {
    // ~50 MB: one long note. It must either load or fail with a diagnostic, not exhaust memory.
    let note = "x".repeat(50 * 1024 * 1024);
    let text = format!("{VALID_CITY}\n[extra]\nnote = \"{note}\"\n");
    let started = std::time::Instant::now();
    exercise_city(text);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn deeply_nested_markdown_renders() {
    let mut src = String::new();
    for i in 0..10_000 {
        src.push_str(&"  ".repeat(i));
        src.push_str("- item\n");
    }
    let started = std::time::Instant::now();
    let r = render(&src, 0, RawHtml::Escape);
    assert!(!r.html.is_empty());
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    let nested_quotes = ">".repeat(10_000) + " deep\n";
    let r = render(&nested_quotes, 0, RawHtml::Escape);
    assert!(r.html.contains("deep"));
}
