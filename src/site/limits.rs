//! What the usual hosts accept: a built site larger than GitHub Pages or GitLab Pages publish is
//! a warning, so the person who runs `build` learns it before the deployment fails.

use crate::diagnostics::{Diagnostic, WarningKind};

/// Largest site GitHub Pages publishes ("Published GitHub Pages sites may be no larger than
/// 1 GB", docs.github.com, "GitHub Pages limits") and GitLab Pages on GitLab.com (1 GB per
/// site). Read as the decimal gigabyte, 1,000,000,000 bytes, the same unit as the "MB" the build
/// prints: neither host says whether its GB is 10⁹ or 2³⁰ bytes, the smaller reading warns before
/// either is reached, and the archive a Pages workflow uploads (a tar) adds a header and padding
/// to every file on top of the bytes counted here.
pub const MAX_SITE_BYTES: u64 = 1_000_000_000;

/// Most files GitLab Pages on GitLab.com serves from one site (200,000 entries, where GitLab
/// counts folders and links too; the build counts only files). GitHub Pages documents no count.
pub const MAX_SITE_FILES: usize = 200_000;

/// The warning for a site of `bytes` in `files` files that a host would refuse, or `None` when
/// it is within both limits (a site of exactly the limit is accepted: "no larger than").
pub fn size_warning(bytes: u64, files: usize) -> Option<Diagnostic> {
    let too_big = bytes > MAX_SITE_BYTES;
    let too_many = files > MAX_SITE_FILES;
    let size = format!("{:.1} MB", bytes as f64 / 1e6);
    let message = match (too_big, too_many) {
        (false, false) => return None,
        (true, false) => format!(
            "the site is {size}, over the 1 GB (1,000,000,000 bytes) that GitHub Pages and \
             GitLab Pages publish"
        ),
        (false, true) => format!(
            "the site has {} files, over the {} files GitLab Pages publishes",
            thousands(files as u64),
            thousands(MAX_SITE_FILES as u64)
        ),
        (true, true) => format!(
            "the site is {size} in {} files, over the 1 GB (1,000,000,000 bytes) that GitHub \
             Pages and GitLab Pages publish and the {} files GitLab Pages publishes",
            thousands(files as u64),
            thousands(MAX_SITE_FILES as u64)
        ),
    };
    Some(
        Diagnostic::warning(message)
            .help(
                "the site was written, but GitHub Pages refuses a site over 1 GB and GitLab Pages \
                 one over 1 GB or 200,000 files; publish it elsewhere, or split the cities into \
                 more than one site",
            )
            .with_kind(WarningKind::SiteSize),
    )
}

/// 200000 as "200,000", the way the limits are written in the hosts' documentation.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_of_exactly_the_limits_is_accepted() {
        assert!(size_warning(0, 0).is_none());
        assert!(size_warning(1_000_000_000, 200_000).is_none());
    }

    #[test]
    fn one_byte_over_a_gigabyte_is_a_warning_naming_the_limit() {
        let d = size_warning(1_000_000_001, 10).unwrap();
        assert!(!d.is_error());
        assert_eq!(d.kind, WarningKind::SiteSize);
        assert!(d.message.contains("1000.0 MB"), "{}", d.message);
        assert!(
            d.message.contains("1 GB (1,000,000,000 bytes)"),
            "{}",
            d.message
        );
        assert!(d.message.contains("GitHub Pages"), "{}", d.message);
        assert!(!d.message.contains("files"), "{}", d.message);
    }

    #[test]
    fn a_gibibyte_is_over_the_limit() {
        // The limit is the decimal gigabyte: 2³⁰ bytes is already too large.
        assert!(size_warning(1 << 30, 10).is_some());
    }

    #[test]
    fn one_file_over_two_hundred_thousand_is_a_warning_naming_the_limit() {
        let d = size_warning(5_000_000, 200_001).unwrap();
        assert_eq!(d.kind, WarningKind::SiteSize);
        assert!(d.message.contains("200,001 files"), "{}", d.message);
        assert!(
            d.message.contains("200,000 files GitLab Pages"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("GB"), "{}", d.message);
    }

    #[test]
    fn both_limits_are_named_when_both_are_passed() {
        let d = size_warning(2_500_000_000, 300_000).unwrap();
        assert!(
            d.message.contains("2500.0 MB in 300,000 files"),
            "{}",
            d.message
        );
        assert!(d.message.contains("1 GB"), "{}", d.message);
        assert!(d.message.contains("200,000 files"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("site was written"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(200_000), "200,000");
        assert_eq!(thousands(1_000_000_000), "1,000,000,000");
    }
}
