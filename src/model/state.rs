//! The states a KPI, a data point or a group of them can be in: the one vocabulary that every
//! page, chart and download renders, so a word means the same thing everywhere.

use serde::Serialize;

/// The state of an item (a KPI or one of its data points) or of a group (category,
/// sub-dimension, dimension, overall).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// An item with a band (against an official or an indicative target, or the band printed
    /// in the report); a group whose scored items meet the minimum-evidence rule.
    Scored,
    /// Reported, but this site knows no target for it: shown, not scored.
    NoTarget,
    /// Reported; U4SSC itself prints no benchmark for it: shown, not scored.
    NoBenchmark,
    /// A group with too few scored items for its score to be shown.
    InsufficientData,
    /// Left out of a partial transcription: the city may well have reported it.
    NotInData,
    /// The city did not report it.
    NotReported,
    /// The evaluation marks it as not verified and gives no value.
    NotVerified,
    /// It does not apply to the city.
    NotApplicable,
}

impl State {
    /// Every state, in the order the vocabulary is explained.
    pub const ALL: [State; 8] = [
        State::Scored,
        State::NoTarget,
        State::NoBenchmark,
        State::InsufficientData,
        State::NotInData,
        State::NotReported,
        State::NotVerified,
        State::NotApplicable,
    ];

    /// The fixed word used in downloads, CSS classes and string keys (`state.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            State::Scored => "scored",
            State::NoTarget => "no-target",
            State::NoBenchmark => "no-benchmark",
            State::InsufficientData => "insufficient-data",
            State::NotInData => "not-in-data",
            State::NotReported => "not-reported",
            State::NotVerified => "not-verified",
            State::NotApplicable => "not-applicable",
        }
    }

    /// Whether the city gave a value (scored or not).
    pub fn has_value(self) -> bool {
        matches!(self, State::Scored | State::NoTarget | State::NoBenchmark)
    }

    /// Whether the KPI is absent: not reported, or not in a partial transcription.
    pub fn is_missing(self) -> bool {
        matches!(self, State::NotReported | State::NotInData)
    }
}

/// What a scored item's band rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// An official U4SSC target.
    Official,
    /// A target chosen by this site (or the yes/no rule): indicative.
    Indicative,
    /// The band printed in the published report; this site computed none.
    Report,
}

impl Basis {
    /// The fixed word used in downloads.
    pub fn key(self) -> &'static str {
        match self {
            Basis::Official => "official",
            Basis::Indicative => "indicative",
            Basis::Report => "report",
        }
    }
}

/// The states a value row of the downloads can carry. Rows exist only for the KPIs a city's file
/// gives, so `not-in-data` (left out of a partial transcription) never occurs in them, and
/// `insufficient-data` describes groups only.
pub const VALUE_STATES: [State; 6] = [
    State::Scored,
    State::NoTarget,
    State::NoBenchmark,
    State::NotReported,
    State::NotVerified,
    State::NotApplicable,
];

/// The states a group (dimension, sub-dimension, category, overall) can carry in the downloads.
pub const GROUP_STATES: [State; 4] = [
    State::Scored,
    State::InsufficientData,
    State::NoTarget,
    State::NoBenchmark,
];

/// Every basis a scored item can rest on.
pub const BASES: [Basis; 3] = [Basis::Official, Basis::Indicative, Basis::Report];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_kebab_case() {
        let keys: std::collections::BTreeSet<&str> = State::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys.len(), State::ALL.len());
        for s in State::ALL {
            // The serialised name is the download word.
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.key())
            );
        }
    }
}
