//! Background pages: `content/pages/<slug>.md` with TOML front matter between `+++` lines.

use super::toml_reader::Reader;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

use crate::model::content::FrontMatter;

/// Splits `+++ ... +++` front matter from the body; returns (front matter, its offset, body offset).
pub fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let rest = text.strip_prefix("\u{feff}").unwrap_or(text);
    let bom = text.len() - rest.len();
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "+++" {
        return None;
    }
    let fm_start = bom + first_end + 1;
    let mut pos = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&text[fm_start..pos], fm_start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// Parses front matter; spans in diagnostics point into the whole file.
pub fn parse_front_matter(file: &SourceFile) -> (Option<(FrontMatter, usize)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let starts_with_fence = file.text.trim_start_matches('\u{feff}').starts_with("+++");
    let Some((fm, fm_offset, body_offset)) = split_front_matter(&file.text) else {
        let msg = if starts_with_fence {
            "front matter is not closed"
        } else {
            "page has no front matter"
        };
        diags.push(
            Diagnostic::error(msg)
                .at(
                    file,
                    Some(0..file.text.find('\n').unwrap_or(file.text.len())),
                )
                .help("start the page with +++, a line title = \"...\", and a closing +++ line"),
        );
        return (None, diags);
    };
    // Pad with blank text so parser spans are spans in the whole file.
    let padded = format!("{}{}", " ".repeat(fm_offset), fm);
    let inner = SourceFile::new(file.path.clone(), padded);
    let mut r = Reader::new(&inner);
    let parsed = r.parse();
    let mut meta = None;
    if let Some(doc) = parsed {
        let t = doc.get_ref();
        r.reject_unknown(
            t,
            &["title", "description", "weight", "draft"],
            "in front matter",
        );
        let title = r.req_str(t, fm_offset..fm_offset, "title", "the page title");
        let description = r.opt_str(t, "description").unwrap_or_default();
        let weight = r.opt_int(t, "weight").unwrap_or(0);
        let draft = r.opt_bool(t, "draft").unwrap_or(false);
        if let Some(title) = title {
            meta = Some(FrontMatter {
                title,
                description,
                weight,
                draft,
            });
        }
    }
    for d in r.diags.iter() {
        let mut d = d.clone();
        d.file = Some(file.clone());
        diags.push(d);
    }
    if diags.has_errors() {
        return (None, diags);
    }
    (meta.map(|m| (m, body_offset)), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_and_parsed() {
        let f = SourceFile::new("p.md", "+++\ntitle = \"T\"\nweight = 2\n+++\n# Body\n");
        let (m, d) = parse_front_matter(&f);
        assert!(d.is_empty());
        let (m, off) = m.unwrap();
        assert_eq!(m.title, "T");
        assert_eq!(m.weight, 2);
        assert_eq!(&f.text[off..], "# Body\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_whole_file() {
        let f = SourceFile::new("p.md", "+++\ntitle = \"T\"\nweigth = 2\n+++\n");
        let (m, d) = parse_front_matter(&f);
        assert!(m.is_none());
        let d = d.sorted()[0].clone();
        assert_eq!(d.line_col(), Some((3, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        let (m, d) = parse_front_matter(&SourceFile::new("p.md", "# hi\n"));
        assert!(m.is_none() && d.has_errors());
        let (m, d) = parse_front_matter(&SourceFile::new("p.md", "+++\ntitle = \"x\"\n"));
        assert!(m.is_none());
        assert!(d.sorted()[0].message.contains("not closed"));
    }
}
