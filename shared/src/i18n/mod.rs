//! One catalogue of user-facing text, in English and Spanish (docs/i18n.md).
//!
//! Each text is a [`Msg`]: its area, its place in the area, and its English.
//! The catalogue files (`common`, `signin`, …) give every key both languages
//! on one line, so a missing translation does not compile. The browser app
//! carries only the English of the texts it uses and fetches an area's
//! other language when that language is chosen (`GET /api/v1/texts/{lang}/{area}`);
//! the server holds every language and renders e-mails and problem details
//! in the reader's.

use serde::{Deserialize, Serialize};

mod catalogue;
pub use catalogue::*;

/// A language of the portal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Self; 2] = [Self::En, Self::Es];

    /// The BCP 47 tag (`lang` attribute, `Content-Language`).
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// The language's own name, as its speakers look for it in a switch.
    pub const fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
        }
    }

    /// The language of a BCP 47 tag, by its primary subtag (`es-MX` → Spanish).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.tag()))
    }

    /// The text of `msg` in this language.
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Self::En => msg.en,
            Self::Es => msg
                .area
                .spanish()
                .get(usize::from(msg.index))
                .copied()
                .unwrap_or(msg.en),
        }
    }
}

/// A part of the catalogue, fetched by the browser app as a whole. The
/// sign-in page needs only `common` and `signin`, so it never downloads
/// the portal's or the console's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// Header, footer, shared controls and messages.
    Common,
    /// The two sign-in doors and their steps.
    Signin,
    /// Problem details the server writes.
    Problems,
    /// E-mails.
    Mail,
    /// Recovery, activation, password changes, security methods and
    /// devices: the account's own screens outside sign-in.
    Account,
    /// The dashboard, access and AUA forms, public request forms, single
    /// sign-on screens and the ImmTrac2 home.
    Portal,
    /// The support console.
    Console,
}

/// One text of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub area: Area,
    pub index: u16,
    pub en: &'static str,
}

impl Msg {
    /// This text with its `{name}` placeholders filled, in `lang`.
    pub fn fill(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(lang.text(self), args)
    }
}

/// A catalogue text with its placeholders' values, to be rendered in a
/// language chosen later (a problem detail, in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalText {
    pub msg: Msg,
    pub args: Vec<(String, String)>,
}

impl LocalText {
    pub fn new(msg: Msg, args: &[(&str, &str)]) -> Self {
        Self {
            msg,
            args: args
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
        }
    }

    /// The text in `lang` (server side: Spanish pulls in the catalogue).
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        match lang {
            Lang::En => fill(self.msg.en, &args),
            other => fill(other.text(self.msg), &args),
        }
    }
}

/// Replace each `{name}` in `template` by its value in `args`; a
/// placeholder without a value stays as it is.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A fingerprint of an area's keys and English texts (64-bit FNV-1a),
/// computed at compile time. The browser app matches fetched texts to its
/// own by position, so a bundle and a server from different releases must
/// notice that their catalogues differ; the bundle then stays in English.
pub const fn fingerprint(keys: &[&str], english: &[&str]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut list = 0;
    while list < 2 {
        let strings = if list == 0 { keys } else { english };
        let mut i = 0;
        while i < strings.len() {
            let bytes = strings[i].as_bytes();
            let mut j = 0;
            while j < bytes.len() {
                hash = (hash ^ bytes[j] as u64).wrapping_mul(PRIME);
                j += 1;
            }
            // 0xFF never occurs in UTF-8: it ends each string unambiguously.
            hash = (hash ^ 0xFF).wrapping_mul(PRIME);
            i += 1;
        }
        list += 1;
    }
    hash
}

/// Defines an area of the catalogue: one constant per key, and the area's
/// keys and texts in catalogue order.
macro_rules! catalogue_area {
    ($area:expr; $( $(#[$doc:meta])* $key:ident = $en:literal / $es:literal; )*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[repr(u16)]
        enum Index { $($key),* }
        $(
            $(#[$doc])*
            pub const $key: $crate::i18n::Msg = $crate::i18n::Msg {
                area: $area,
                index: Index::$key as u16,
                en: $en,
            };
        )*
        /// Every key of the area, in catalogue order.
        pub const KEYS: &[&str] = &[$(stringify!($key)),*];
        /// The English texts, in catalogue order.
        pub const ENGLISH: &[&str] = &[$($en),*];
        /// The Spanish texts, in catalogue order.
        pub const SPANISH: &[&str] = &[$($es),*];
        /// The area's [`fingerprint`](crate::i18n::fingerprint).
        pub const FINGERPRINT: u64 = $crate::i18n::fingerprint(KEYS, ENGLISH);
    };
}
pub(crate) use catalogue_area;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_stay() {
        assert_eq!(
            fill("{portal} - Sign In", &[("portal", "IAMOnline")]),
            "IAMOnline - Sign In"
        );
        assert_eq!(fill("a {x} b {y}", &[("y", "2")]), "a {x} b 2");
        assert_eq!(fill("no close {x", &[("x", "1")]), "no close {x");
        assert_eq!(placeholders("{a} and {b}."), ["a", "b"]);
    }

    #[test]
    fn a_tag_names_its_language_by_its_primary_subtag() {
        assert_eq!(Lang::from_tag("es-MX"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("ES"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag("esperanto"), None);
    }

    #[test]
    fn every_text_has_both_languages_with_the_same_placeholders() {
        for area in Area::ALL {
            let (keys, english, spanish) =
                (area.keys(), area.texts(Lang::En), area.texts(Lang::Es));
            assert_eq!((keys.len(), english.len()), (spanish.len(), spanish.len()));
            for ((key, en), es) in keys.iter().zip(english).zip(spanish) {
                assert!(!es.trim().is_empty(), "{key}: no Spanish");
                let (mut a, mut b) = (placeholders(en), placeholders(es));
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, b, "{key}: the placeholders differ");
            }
        }
    }

    #[test]
    fn the_fingerprint_changes_with_any_key_text_or_order() {
        let base = fingerprint(&["A", "B"], &["a", "b"]);
        assert_eq!(base, fingerprint(&["A", "B"], &["a", "b"]));
        for other in [
            fingerprint(&["B", "A"], &["b", "a"]),
            fingerprint(&["A", "C"], &["a", "b"]),
            fingerprint(&["A", "B"], &["a", "bb"]),
            fingerprint(&["AB"], &["a", "b"]),
            fingerprint(&["A", "B"], &["ab", ""]),
        ] {
            assert_ne!(base, other);
        }
        assert_ne!(Area::Signin.version(), Area::Common.version());
        assert_eq!(Area::Signin.version().len(), 16);
    }

    /// Every source file of the API and the browser app, as text.
    fn sources() -> String {
        fn walk(dir: &std::path::Path, into: &mut String) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, into);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.components().any(|c| c.as_os_str() == "i18n")
                {
                    into.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut text = String::new();
        for dir in ["api/src", "web/src", "shared/src"] {
            walk(&root.join(dir), &mut text);
        }
        text
    }

    #[test]
    fn every_key_is_used_somewhere() {
        // Used by its path (`signin::NEXT`): a bare `NEXT` could be anything.
        let text = sources();
        let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for area in Area::ALL {
            for key in area.keys() {
                let path = format!("{}::{key}", area.slug());
                let used = text
                    .match_indices(&path)
                    .any(|(at, _)| !text[at + path.len()..].chars().next().is_some_and(is_ident));
                assert!(used, "{path} is never used");
            }
        }
    }
}
