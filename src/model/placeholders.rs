//! What `init` and `new city` write for staff to replace. The scaffold writes these very values
//! and `check` looks for them, so a changed scaffold cannot leave `check` blind to its own
//! placeholders. Only exact values are listed: a guess at "text that looks unfinished" would
//! warn about real content.

use std::ops::Range;

/// The command that wrote a placeholder, as users type it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// `cityprofiles init`, whose example city is meant to be replaced or deleted.
    Init,
    /// `cityprofiles new city`, whose form is meant to be filled in.
    NewCity,
}

impl Writer {
    /// The command's name in messages.
    pub fn command(self) -> &'static str {
        match self {
            Writer::Init => "init",
            Writer::NewCity => "new city",
        }
    }
}

/// The `city.toml` field a placeholder value stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `name`.
    CityName,
    /// `evaluation.kind`.
    EvaluationKind,
    /// `evaluation.published`, together with `evaluation.data_year`.
    EvaluationDate,
    /// A source's `title`.
    SourceTitle,
    /// A source's `url`. Only the scaffold's own address counts: test sites and examples
    /// use other example.org addresses on purpose.
    SourceUrl,
}

/// A value the scaffold writes into `city.toml`.
#[derive(Debug, Clone, Copy)]
pub struct Value {
    /// Where it is written.
    pub field: Field,
    /// The text written.
    pub text: &'static str,
    /// Who writes it.
    pub writer: Writer,
    /// What it is, after "`text` is ".
    pub what: &'static str,
    /// How to replace it.
    pub help: &'static str,
}

/// The year of the evaluation `new city` writes (`published` and `data_year`).
pub const FORM_YEAR: i32 = 2024;
/// The evaluation date `new city` writes.
pub const FORM_PUBLISHED: &str = "2024-01";
/// The source title `new city` writes.
pub const FORM_SOURCE_TITLE: &str = "Evaluation report";
/// The source address `new city` writes.
pub const FORM_SOURCE_URL: &str = "https://example.org/report.pdf";
/// The example city's name `init` writes.
pub const SAMPLE_NAME: &str = "Example City";
/// The example city's evaluation kind `init` writes.
pub const SAMPLE_KIND: &str = "Example evaluation";
/// The example city's source title `init` writes.
pub const SAMPLE_SOURCE_TITLE: &str = "U4SSC Verification Report (example)";

const REPLACE_SAMPLE: &str =
    "replace the example city's data with your city's, or delete its folder";

/// Every value the scaffold writes into `city.toml` for someone to replace.
pub const VALUES: &[Value] = &[
    Value {
        field: Field::EvaluationDate,
        text: FORM_PUBLISHED,
        writer: Writer::NewCity,
        what: "the placeholder evaluation date",
        help: "write the month the evaluation was published, and in data_year the year its values describe",
    },
    Value {
        field: Field::SourceTitle,
        text: FORM_SOURCE_TITLE,
        writer: Writer::NewCity,
        what: "the placeholder source title",
        help: "write the report's title as printed, e.g. \"U4SSC Verification Report, Bizerte (2020)\"",
    },
    Value {
        field: Field::SourceUrl,
        text: FORM_SOURCE_URL,
        writer: Writer::NewCity,
        what: "the placeholder source",
        help: "replace it with the address of the real source, or delete `url` if it has none",
    },
    Value {
        field: Field::CityName,
        text: SAMPLE_NAME,
        writer: Writer::Init,
        what: "the example city",
        help: REPLACE_SAMPLE,
    },
    Value {
        field: Field::EvaluationKind,
        text: SAMPLE_KIND,
        writer: Writer::Init,
        what: "the example evaluation",
        help: REPLACE_SAMPLE,
    },
    Value {
        field: Field::SourceTitle,
        text: SAMPLE_SOURCE_TITLE,
        writer: Writer::Init,
        what: "the example source",
        help: REPLACE_SAMPLE,
    },
];

/// The host of an address, without port or user (`https://a@example.org:8/x` → `example.org`).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.split(':').next().unwrap_or("")
}

impl Value {
    /// Whether `text`, written in this value's field, is still this placeholder.
    pub fn matches(&self, text: &str) -> bool {
        text.trim() == self.text
    }

    /// The text the message quotes: a placeholder address is known by its host.
    pub fn shown(&self) -> &'static str {
        match self.field {
            Field::SourceUrl => host(self.text),
            _ => self.text,
        }
    }

    /// The warning's message.
    pub fn message(&self) -> String {
        format!(
            "`{}` is {} `{}` wrote",
            self.shown(),
            self.what,
            self.writer.command()
        )
    }
}

/// The placeholder `text` still is, written in `field`.
pub fn value(field: Field, text: &str) -> Option<&'static Value> {
    VALUES.iter().find(|v| v.field == field && v.matches(text))
}

/// A paragraph the scaffold writes into a narrative; `{}` in it (at most once) stands for the
/// part that varies (a city or dimension name).
#[derive(Debug, Clone, Copy)]
pub struct Sentence {
    /// The paragraph as written, Markdown included.
    pub text: &'static str,
    /// Who writes it.
    pub writer: Writer,
}

impl Sentence {
    /// The paragraph with its `{}` filled in.
    pub fn fill(&self, part: &str) -> String {
        self.text.replacen("{}", part, 1)
    }

    /// Whether a paragraph, its whitespace normalised, is this one.
    fn matches(&self, paragraph: &str) -> bool {
        match self.text.split_once("{}") {
            Some((before, after)) => {
                paragraph.len() > before.len() + after.len()
                    && paragraph.starts_with(before)
                    && paragraph.ends_with(after)
            }
            None => paragraph == self.text,
        }
    }
}

/// `new city`'s outline: the summary line.
pub const OUTLINE_SUMMARY: Sentence = new_city("*Summary of the evaluation of {}.*");
/// `new city`'s outline: under Background.
pub const OUTLINE_BACKGROUND: Sentence =
    new_city("The city, its context and why it was evaluated.");
/// `new city`'s outline: under Key findings.
pub const OUTLINE_FINDINGS: Sentence = new_city(
    "The main results. Cite a reported value with `{{ kpi(\"EN: EN: WS: 1C\") }}` (written without the backticks); only KPIs the city reports can be cited.",
);
/// `new city`'s outline: under each dimension, `{}` its name in lower case.
pub const OUTLINE_DIMENSION: Sentence = new_city("What the {} KPIs show.");
/// `new city`'s outline: under Recommendations.
pub const OUTLINE_RECOMMENDATIONS: Sentence = new_city("What the city could do next.");
/// `init`'s example narrative: the summary line.
pub const SAMPLE_SUMMARY: Sentence = init(
    "*This is an example narrative. Write your city's key findings and recommendations here.*",
);
/// `init`'s example narrative: under Background.
pub const SAMPLE_BACKGROUND: Sentence =
    init("Describe the city, why it evaluated itself and who took part.");
/// `init`'s example narrative: under Key findings.
pub const SAMPLE_FINDINGS: Sentence = init(
    "Cite reported values with a shortcode: poverty affects {{ kpi(\"SC: SH: SI: 3C\") }} of inhabitants.",
);
/// `init`'s example narrative: under Recommendations.
pub const SAMPLE_RECOMMENDATIONS: Sentence = init("What the findings suggest, in plain words.");

const fn new_city(text: &'static str) -> Sentence {
    Sentence {
        text,
        writer: Writer::NewCity,
    }
}

const fn init(text: &'static str) -> Sentence {
    Sentence {
        text,
        writer: Writer::Init,
    }
}

/// Every paragraph the scaffold writes into a narrative for someone to replace.
pub const SENTENCES: &[Sentence] = &[
    OUTLINE_SUMMARY,
    OUTLINE_BACKGROUND,
    OUTLINE_FINDINGS,
    OUTLINE_DIMENSION,
    OUTLINE_RECOMMENDATIONS,
    SAMPLE_SUMMARY,
    SAMPLE_BACKGROUND,
    SAMPLE_FINDINGS,
    SAMPLE_RECOMMENDATIONS,
];

/// The paragraphs of a Markdown text (runs of non-blank lines) that are still one of the
/// scaffold's [`SENTENCES`], with their byte ranges. Headings stay: the outline's headings are
/// meant to be kept.
pub fn in_markdown(text: &str) -> Vec<(Range<usize>, &'static Sentence)> {
    let mut found = Vec::new();
    let mut block: Option<Range<usize>> = None;
    let mut at = 0;
    let mut close = |block: &mut Option<Range<usize>>| {
        if let Some(b) = block.take() {
            let normal = text[b.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(s) = SENTENCES.iter().find(|s| s.matches(&normal)) {
                found.push((b, s));
            }
        }
    };
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if content.trim().is_empty() {
            close(&mut block);
        } else {
            let start = at + (content.len() - content.trim_start().len());
            let end = at + content.len();
            match &mut block {
                Some(b) => b.end = end,
                None => block = Some(start..end),
            }
        }
        at += line.len();
    }
    close(&mut block);
    found
}

/// The warning's message for a narrative `paragraph` that is still `s`; the paragraph's start
/// is quoted so that the one-line formats say which paragraph it is.
pub fn sentence_message(s: &Sentence, paragraph: &str) -> String {
    const QUOTED: usize = 50;
    let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = match words.char_indices().nth(QUOTED) {
        Some((i, _)) => format!("{}…", words[..i].trim_end()),
        None => words,
    };
    let what = match s.writer {
        Writer::NewCity => "the outline text",
        Writer::Init => "the example narrative",
    };
    format!("\"{quote}\" is {what} `{}` wrote", s.writer.command())
}

/// The warning's help for a narrative paragraph.
pub fn sentence_help(s: &Sentence) -> &'static str {
    match s.writer {
        Writer::NewCity => "replace it with the city's own text, or delete it",
        Writer::Init => {
            "replace it with your city's narrative, or delete the example city's folder"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_in_their_own_field_only() {
        assert_eq!(host("https://example.org/report.pdf"), "example.org");
        assert_eq!(host("http://u@Example.org:80"), "Example.org");
        let url = value(Field::SourceUrl, " https://example.org/report.pdf").unwrap();
        assert!(
            url.message()
                .starts_with("`example.org` is the placeholder source")
        );
        assert!(value(Field::SourceUrl, "https://example.org/").is_none());
        assert!(value(Field::SourceTitle, FORM_SOURCE_URL).is_none());
        assert!(value(Field::CityName, "Example City").is_some());
    }

    #[test]
    fn paragraphs_match_after_whitespace_is_normalised_only() {
        let text = "## Background\n\n  The city, its context\n and why it was evaluated.  \n\nThe city, its context and why it was evaluated. More.\n\nWhat the environment KPIs show.\n";
        let found = in_markdown(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            &text[found[0].0.clone()],
            "The city, its context\n and why it was evaluated."
        );
        assert_eq!(&text[found[1].0.clone()], "What the environment KPIs show.");
        assert!(in_markdown("What the  KPIs show.").is_empty());
    }
}
