//! The few words charts write themselves, in the language of the page being rendered.

// English fallbacks, kept together so that localisation can later replace them in one place.
pub(super) const NO_DATA_TEXT: &str = "no data";

/// The few words charts write themselves (callers pass every other text), in the language of
/// the page being rendered.
#[derive(Debug, Clone)]
pub struct Words {
    /// A bar or legend entry without a value: "no data".
    pub no_data: String,
    /// A score bar without a score: "not scored".
    pub not_scored: String,
    /// A KPI without a benchmark: "No benchmark".
    pub no_benchmark: String,
    /// A band in words, with `{band}` for its number: "band {band}".
    pub band: String,
    /// The placeholder of a chart with nothing to draw: "No data".
    pub empty: String,
    /// The decimal mark of numbers: "." or ",".
    pub decimal: String,
    /// Text between a percentage and `%`: a space, French a narrow no-break space.
    pub percent_gap: String,
    /// What joins a label and its text: ": ", French " : " with a narrow no-break space.
    pub colon: String,
    /// What separates the parts of a chart's description: "; ", French with a narrow no-break
    /// space before it.
    pub semicolon: String,
}

impl Default for Words {
    fn default() -> Self {
        Self {
            no_data: NO_DATA_TEXT.into(),
            not_scored: "not scored".into(),
            no_benchmark: "no benchmark".into(),
            band: "band {band}".into(),
            empty: "No data".into(),
            decimal: ".".into(),
            percent_gap: " ".into(),
            colon: ": ".into(),
            semicolon: "; ".into(),
        }
    }
}

thread_local! {
    // Set for the duration of one page's rendering (see `with_words`), so that every chart
    // function can use the page's words without each of them and their inputs carrying them.
    static WORDS: std::cell::RefCell<Option<std::rc::Rc<Words>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `words` as the charts' words on this thread (English outside any call).
/// Rendering a page runs on one thread, so every chart of the page sees the page's words.
pub fn with_words<R>(words: &Words, f: impl FnOnce() -> R) -> R {
    let previous = WORDS.with(|w| w.replace(Some(std::rc::Rc::new(words.clone()))));
    let out = f();
    WORDS.with(|w| *w.borrow_mut() = previous);
    out
}

/// One of the charts' words in the current language.
pub(super) fn word(pick: impl Fn(&Words) -> &str) -> String {
    WORDS.with(|w| match &*w.borrow() {
        Some(words) => pick(words).to_owned(),
        None => pick(&Words::default()).to_owned(),
    })
}

/// "Label: text" with the current language's colon.
pub(super) fn labelled(label: &str, text: &str) -> String {
    format!("{label}{}{text}", word(|w| &w.colon))
}

/// The parts of a description joined with the current language's semicolon.
pub(super) fn listed(parts: &[String]) -> String {
    parts.join(&word(|w| &w.semicolon))
}

/// "band 3" in the current language.
pub(super) fn band_words(b: u8) -> String {
    word(|w| &w.band).replace("{band}", &b.to_string())
}
