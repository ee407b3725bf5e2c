//! The catalogue's areas. Each line gives a key its English and its
//! Spanish: formal *usted*, plain words, and the agency's own terms
//! (docs/i18n.md has the glossary).

use super::{Area, Lang};

pub mod account;
pub mod common;
pub mod console;
pub mod mail;
pub mod portal;
pub mod problems;
pub mod signin;

impl Area {
    pub const ALL: [Self; 7] = [
        Self::Common,
        Self::Signin,
        Self::Problems,
        Self::Mail,
        Self::Account,
        Self::Portal,
        Self::Console,
    ];

    /// The path segment of `GET /api/v1/texts/{lang}/{area}`.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::Common => "common",
            Self::Signin => "signin",
            Self::Problems => "problems",
            Self::Mail => "mail",
            Self::Account => "account",
            Self::Portal => "portal",
            Self::Console => "console",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|area| area.slug() == slug)
    }

    /// The area's keys, in catalogue order.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Self::Common => common::KEYS,
            Self::Signin => signin::KEYS,
            Self::Problems => problems::KEYS,
            Self::Mail => mail::KEYS,
            Self::Account => account::KEYS,
            Self::Portal => portal::KEYS,
            Self::Console => console::KEYS,
        }
    }

    /// The version of the area's catalogue (its fingerprint, 16 hex
    /// digits): what `GET /texts/{lang}/{area}` answers beside the texts.
    pub fn version(self) -> String {
        let fingerprint = match self {
            Self::Common => common::FINGERPRINT,
            Self::Signin => signin::FINGERPRINT,
            Self::Problems => problems::FINGERPRINT,
            Self::Mail => mail::FINGERPRINT,
            Self::Account => account::FINGERPRINT,
            Self::Portal => portal::FINGERPRINT,
            Self::Console => console::FINGERPRINT,
        };
        format!("{fingerprint:016x}")
    }

    /// The area's texts in `lang`, in catalogue order. Server side only:
    /// a browser build that called this would carry every language.
    pub fn texts(self, lang: Lang) -> &'static [&'static str] {
        match (self, lang) {
            (Self::Common, Lang::En) => common::ENGLISH,
            (Self::Common, Lang::Es) => common::SPANISH,
            (Self::Signin, Lang::En) => signin::ENGLISH,
            (Self::Signin, Lang::Es) => signin::SPANISH,
            (Self::Problems, Lang::En) => problems::ENGLISH,
            (Self::Problems, Lang::Es) => problems::SPANISH,
            (Self::Mail, Lang::En) => mail::ENGLISH,
            (Self::Mail, Lang::Es) => mail::SPANISH,
            (Self::Account, Lang::En) => account::ENGLISH,
            (Self::Account, Lang::Es) => account::SPANISH,
            (Self::Portal, Lang::En) => portal::ENGLISH,
            (Self::Portal, Lang::Es) => portal::SPANISH,
            (Self::Console, Lang::En) => console::ENGLISH,
            (Self::Console, Lang::Es) => console::SPANISH,
        }
    }

    pub(super) fn spanish(self) -> &'static [&'static str] {
        self.texts(Lang::Es)
    }
}
