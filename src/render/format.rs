//! Number and date formatting for pages, per locale (data downloads stay locale-neutral).

/// Formatting rules of one locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    /// Decimal separator.
    pub decimal: char,
    /// Thousands separator.
    pub group: &'static str,
    /// Text between a number and `%` ("" in English, a no-break space in French and Russian).
    pub percent_gap: &'static str,
    /// Month names as used with a year alone ("June 2020").
    pub months: [&'static str; 12],
    /// Month names as used with a day ("5 June 2020").
    pub months_with_day: [&'static str; 12],
    /// Suffix after a year in dates ("" or " г.").
    pub year_suffix: &'static str,
    /// The first day of a month in a date ("1", French "1er").
    pub first_day: &'static str,
    /// Text between a number and its unit: a no-break space where the pair must not be split
    /// across lines (French and Russian typography).
    pub unit_gap: &'static str,
    /// What joins a label and its text in generated text: ": ", French " : " with a narrow
    /// no-break space.
    pub colon: &'static str,
    /// What separates the items of a generated list of clauses: "; ", French " ; ".
    pub semicolon: &'static str,
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const RU_MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const RU_MONTHS_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// English: 1,234.5 and 87.3%.
pub const EN: Locale = Locale {
    decimal: '.',
    group: ",",
    percent_gap: "",
    months: EN_MONTHS,
    months_with_day: EN_MONTHS,
    year_suffix: "",
    first_day: "1",
    unit_gap: " ",
    colon: ": ",
    semicolon: "; ",
};
/// French: 1 234,5 (narrow no-break space), 87,3 % (narrow no-break space), "1er août 2020",
/// "Eau : 98 %" (narrow no-break space before the colon).
pub const FR: Locale = Locale {
    decimal: ',',
    group: "\u{202f}",
    percent_gap: "\u{202f}",
    months: FR_MONTHS,
    months_with_day: FR_MONTHS,
    year_suffix: "",
    first_day: "1er",
    unit_gap: "\u{a0}",
    colon: "\u{202f}: ",
    semicolon: "\u{202f}; ",
};
/// Russian: 1 234,5 (no-break space) and 87,3 % (no-break space).
pub const RU: Locale = Locale {
    decimal: ',',
    group: "\u{a0}",
    percent_gap: "\u{a0}",
    months: RU_MONTHS,
    months_with_day: RU_MONTHS_GEN,
    year_suffix: "\u{a0}г.",
    first_day: "1",
    unit_gap: "\u{a0}",
    colon: ": ",
    semicolon: "; ",
};

impl Locale {
    /// The rules for a locale code ("fr", "fr-CH", "ru"); English for anything unknown.
    pub fn for_code(code: &str) -> Locale {
        match code.split(['-', '_']).next().unwrap_or("") {
            "fr" => FR,
            "ru" => RU,
            _ => EN,
        }
    }

    /// A value with up to two decimals, trailing zeros dropped, grouped thousands.
    pub fn number(&self, x: f64) -> String {
        self.decimals(x, 2)
    }

    fn decimals(&self, x: f64, places: usize) -> String {
        self.format(x, places, true)
    }

    fn format(&self, x: f64, places: usize, trim: bool) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let factor = 10f64.powi(places as i32);
        let scaled = (x * factor).round();
        let neg = scaled < 0.0;
        // The digits of the rounded value are those of the integer `scaled`: writing that
        // integer and placing the decimal point gives the same digits (up to 15 of them) as
        // float formatting, for a fraction of its cost: a build prints hundreds of thousands
        // of numbers.
        let mut buf = [b'0'; 40];
        let s = if places <= 15 && scaled.abs() < 1.0e15 {
            let mut v = scaled.abs() as u64;
            let mut at = buf.len();
            let mut written = 0;
            while v > 0 || written <= places {
                if written == places && places > 0 {
                    at -= 1;
                    buf[at] = b'.';
                }
                at -= 1;
                buf[at] = b'0' + (v % 10) as u8;
                v /= 10;
                written += 1;
            }
            std::borrow::Cow::Borrowed(std::str::from_utf8(&buf[at..]).unwrap_or("0"))
        } else {
            std::borrow::Cow::Owned(format!("{:.*}", places, (scaled / factor).abs()))
        };
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let frac = if trim {
            frac.trim_end_matches('0')
        } else {
            frac
        };
        let mut out = String::with_capacity(int.len() + 8);
        if neg {
            out.push('−');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(self.group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// A whole number with grouped thousands.
    pub fn integer(&self, n: u64) -> String {
        self.number(n as f64)
    }

    /// A computed percentage, always with one decimal so that figures side by side share a
    /// precision: "87.0%", "87,3 %".
    pub fn percent(&self, x: f64) -> String {
        format!("{}{}%", self.fixed(x, 1), self.percent_gap)
    }

    /// A number with exactly `places` decimals, grouped thousands: "97.00".
    pub fn fixed(&self, x: f64, places: usize) -> String {
        self.format(x, places, false)
    }

    /// A value with its unit (the unit already in the page's language).
    pub fn with_unit(&self, x: f64, unit: &str) -> String {
        self.unit_after(self.number(x), unit)
    }

    /// A value with its unit, written with the decimals it was printed with when known.
    pub fn with_unit_as_written(&self, x: f64, decimals: Option<u8>, unit: &str) -> String {
        match decimals {
            Some(d) => self.unit_after(self.fixed(x, usize::from(d)), unit),
            None => self.with_unit(x, unit),
        }
    }

    fn unit_after(&self, n: String, unit: &str) -> String {
        match unit {
            "" => n,
            "%" => format!("{n}{}%", self.percent_gap),
            u => format!("{n}{}{u}", self.unit_gap),
        }
    }

    /// "Label: text", with the locale's colon.
    pub fn label(&self, label: &str, text: &str) -> String {
        format!("{label}{}{text}", self.colon)
    }

    /// "2020-06" → "June 2020"; "2020-06-05" → "5 June 2020"; anything else unchanged.
    pub fn date(&self, s: &str) -> String {
        let parts: Vec<&str> = s.split('-').collect();
        let month = |m: &str| {
            m.parse::<usize>()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .map(|m| m - 1)
        };
        match parts.as_slice() {
            [y, m] => month(m).map_or_else(
                || s.to_string(),
                |m| format!("{} {y}{}", self.months[m], self.year_suffix),
            ),
            [y, m, d] => month(m).map_or_else(
                || s.to_string(),
                |m| {
                    let day = match d.trim_start_matches('0') {
                        "1" => self.first_day,
                        day => day,
                    };
                    format!("{day} {} {y}{}", self.months_with_day[m], self.year_suffix)
                },
            ),
            _ => s.to_string(),
        }
    }
}

/// Human file size: "812 B", "12.3 kB", "4.1 MB" (locale-neutral, used on the data page).
pub fn size(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1000.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_match_float_formatting() {
        // The integer path must write what formatting the rounded float writes, for every
        // number of places, sign, half-way case and size up to where it hands over.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut xs = vec![
            0.0, -0.0, 0.5, -0.5, 0.125, 2.675, 1.005, -0.004, 999.995, 1e14, -3.5e13,
        ];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mantissa = (seed % 2_000_000) as f64 - 1_000_000.0;
            let scale = 10f64.powi((seed >> 40) as i32 % 12 - 6);
            xs.push(mantissa * scale);
        }
        for x in xs {
            for places in 0..6 {
                let factor = 10f64.powi(places as i32);
                let rounded = (x * factor).round() / factor;
                let mut want = format!("{:.*}", places, rounded.abs());
                if rounded < 0.0 {
                    want.insert(0, '-');
                }
                let got = EN
                    .format(x, places, false)
                    .replace(',', "")
                    .replace('−', "-");
                assert_eq!(got, want, "{x} at {places} places");
            }
        }
    }

    #[test]
    fn english() {
        assert_eq!(EN.number(10849.86), "10,849.86");
        assert_eq!(EN.number(1234.5), "1,234.5");
        assert_eq!(EN.number(100.0), "100");
        assert_eq!(EN.number(0.74), "0.74");
        assert_eq!(EN.number(1234567.891), "1,234,567.89");
        assert_eq!(EN.number(-3.5), "−3.5");
        assert_eq!(EN.number(f64::NAN), "–");
        assert_eq!(EN.integer(167759), "167,759");
        assert_eq!(EN.percent(87.345), "87.3%");
        // Computed percentages share one precision, so 89.0 % never stands beside 89.3 %.
        assert_eq!(EN.percent(100.0), "100.0%");
        assert_eq!(EN.percent(89.0), "89.0%");
        assert_eq!(
            EN.with_unit(86.26, "litres/day per capita"),
            "86.26 litres/day per capita"
        );
        assert_eq!(EN.date("2020-06"), "June 2020");
        assert_eq!(EN.date("2020-06-05"), "5 June 2020");
        assert_eq!(EN.date("2020"), "2020");
    }

    #[test]
    fn french_uses_narrow_no_break_spaces_and_decimal_commas() {
        assert_eq!(FR.number(1234.5), "1\u{202f}234,5");
        assert_eq!(FR.number(12345.5), "12\u{202f}345,5");
        assert_eq!(FR.number(1234567.0), "1\u{202f}234\u{202f}567");
        assert_eq!(FR.percent(87.34), "87,3\u{202f}%");
        assert_eq!(FR.date("2020-06"), "juin 2020");
        assert_eq!(FR.date("2020-08-01"), "1er août 2020");
        assert_eq!(FR.date("2020-08-21"), "21 août 2020");
    }

    #[test]
    fn french_typography_in_generated_text() {
        // A narrow no-break space before the colon, a no-break space before a unit.
        assert_eq!(
            FR.label("Données ouvertes", "nombre"),
            "Données ouvertes\u{202f}: nombre"
        );
        assert_eq!(EN.label("Open Data", "number"), "Open Data: number");
        assert_eq!(
            RU.label("Открытые данные", "число"),
            "Открытые данные: число"
        );
        assert_eq!(FR.with_unit(86.26, "litres"), "86,26\u{a0}litres");
        assert_eq!(FR.with_unit(1.5, "%"), "1,5\u{202f}%");
        assert_eq!(EN.with_unit(86.26, "litres"), "86.26 litres");
    }

    #[test]
    fn russian_number_forms() {
        // Space (no-break) groups thousands, a comma marks decimals, from four digits on.
        assert_eq!(RU.number(1234.56), "1\u{a0}234,56");
        assert_eq!(RU.integer(66258), "66\u{a0}258");
        assert_eq!(RU.number(-0.5), "−0,5");
        assert_eq!(RU.with_unit(632.42, "км²"), "632,42\u{a0}км²");
        assert_eq!(RU.date("2020-06-01"), "1 июня 2020\u{a0}г.");
    }

    #[test]
    fn russian_uses_no_break_spaces_and_genitive_months() {
        assert_eq!(RU.number(12345.5), "12\u{a0}345,5");
        assert_eq!(RU.percent(87.34), "87,3\u{a0}%");
        assert_eq!(RU.date("2020-06"), "июнь 2020\u{a0}г.");
        assert_eq!(RU.date("2020-06-05"), "5 июня 2020\u{a0}г.");
        assert_eq!(Locale::for_code("ru-RU"), RU);
        assert_eq!(Locale::for_code("de"), EN);
    }

    #[test]
    fn a_value_keeps_the_decimals_it_was_written_with() {
        assert_eq!(EN.with_unit_as_written(97.0, Some(2), "%"), "97.00%");
        assert_eq!(EN.with_unit_as_written(97.0, None, "%"), "97%");
        assert_eq!(
            EN.with_unit_as_written(1234.5, Some(3), "km"),
            "1,234.500 km"
        );
        assert_eq!(
            FR.with_unit_as_written(97.0, Some(2), "%"),
            "97,00\u{202f}%"
        );
        assert_eq!(EN.fixed(-0.5, 1), "−0.5");
    }

    #[test]
    fn sizes() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(12345), "12.3 kB");
    }
}
