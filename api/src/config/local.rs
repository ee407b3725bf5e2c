//! The configured texts that change with the language (docs/i18n.md): the
//! support hours and numbers, the e-mails' sign-off and the legal texts
//! (System Use Notification, Confidentiality Statement, AUA policy). English is the settings' own. Spanish comes from the
//! `spanish` table, else, for a value still at its default, from the
//! portal's own translation of that default: an agency that changes the
//! English is never shown a stale Spanish default. A value with no
//! Spanish stays English (a legal text then says so on the page).

use iam_shared::i18n::Lang;
use serde::Deserialize;

use super::Settings;

/// The Spanish of configured texts (`IAM_SPANISH`, a table).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranslatedTexts {
    pub customer_support_hours: Option<String>,
    pub help_desk_phone: Option<String>,
    pub help_desk_hours: Option<String>,
    pub mail_sign_off: Option<String>,
    pub system_use_notification: Option<String>,
    pub confidentiality_statement: Option<String>,
    pub aua_policy: Option<String>,
}

/// The configured texts in one language.
#[derive(Debug, Clone, Copy)]
pub struct LocalTexts<'a> {
    pub customer_support_hours: &'a str,
    pub help_desk_phone: &'a str,
    pub help_desk_hours: &'a str,
    pub mail_sign_off: &'a str,
    /// Each legal text, and the language it is written in.
    pub system_use_notification: (&'a str, Lang),
    pub confidentiality_statement: (&'a str, Lang),
    pub aua_policy: (&'a str, Lang),
}

/// The portal's Spanish for its own English defaults.
const SPANISH_OF_DEFAULTS: [(&str, &str); 7] = [
    (
        "8:00 a.m. to 4:30 p.m., Monday through Friday",
        "de 8:00 a. m. a 4:30 p. m., de lunes a viernes",
    ),
    (
        "512-438-4720 or 855-435-7181 (toll-free)",
        "512-438-4720 o 855-435-7181 (llamada gratuita)",
    ),
    (
        "7:00 a.m. to 7:00 p.m. Central Time (CT), Monday through Friday",
        "de 7:00 a. m. a 7:00 p. m., hora del centro (CT), de lunes a viernes",
    ),
    ("IAM Team", "Equipo de IAM"),
    (
        super::texts::SYSTEM_USE_NOTIFICATION,
        super::texts::SPANISH_SYSTEM_USE_NOTIFICATION,
    ),
    (
        super::texts::CONFIDENTIALITY_STATEMENT,
        super::texts::SPANISH_CONFIDENTIALITY_STATEMENT,
    ),
    (super::texts::AUA_POLICY, super::texts::SPANISH_AUA_POLICY),
];

/// `english`, or its translation into `lang` (and which it is).
fn pick<'a>(lang: Lang, english: &'a str, translated: &'a Option<String>) -> (&'a str, Lang) {
    if lang == Lang::En {
        return (english, Lang::En);
    }
    translated
        .as_deref()
        .or_else(|| {
            SPANISH_OF_DEFAULTS
                .iter()
                .find(|(en, _)| *en == english)
                .map(|(_, es)| *es)
        })
        .map_or((english, Lang::En), |text| (text, lang))
}

impl Settings {
    /// The configured texts in `lang`, each English where it has no
    /// translation.
    pub fn texts_in(&self, lang: Lang) -> LocalTexts<'_> {
        let spanish = &self.spanish;
        LocalTexts {
            customer_support_hours: pick(
                lang,
                &self.customer_support_hours,
                &spanish.customer_support_hours,
            )
            .0,
            help_desk_phone: pick(lang, &self.help_desk_phone, &spanish.help_desk_phone).0,
            help_desk_hours: pick(lang, &self.help_desk_hours, &spanish.help_desk_hours).0,
            mail_sign_off: pick(lang, &self.mail_sign_off, &spanish.mail_sign_off).0,
            system_use_notification: pick(
                lang,
                &self.system_use_notification,
                &spanish.system_use_notification,
            ),
            confidentiality_statement: pick(
                lang,
                &self.confidentiality_statement,
                &spanish.confidentiality_statement,
            ),
            aua_policy: pick(lang, &self.aua_policy, &spanish.aua_policy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_comes_from_the_table_or_the_defaults_translation_else_english() {
        let defaults = Settings::default();
        let texts = defaults.texts_in(Lang::Es);
        assert_eq!(texts.help_desk_hours, SPANISH_OF_DEFAULTS[2].1);
        assert_eq!(texts.mail_sign_off, "Equipo de IAM");
        assert_eq!(
            texts.system_use_notification.1,
            Lang::Es,
            "the default notice has the portal's Spanish"
        );
        assert_eq!(texts.aua_policy.1, Lang::Es);
        assert_eq!(
            defaults.texts_in(Lang::En).help_desk_hours,
            defaults.help_desk_hours
        );
        let changed = Settings {
            help_desk_hours: "9 to 5".into(),
            aua_policy: "Our own policy.".into(),
            spanish: TranslatedTexts {
                system_use_notification: Some("Aviso.".into()),
                ..TranslatedTexts::default()
            },
            ..Settings::default()
        };
        let texts = changed.texts_in(Lang::Es);
        assert_eq!(
            texts.help_desk_hours, "9 to 5",
            "a changed English value has no stale Spanish"
        );
        assert_eq!(texts.system_use_notification, ("Aviso.", Lang::Es));
        assert_eq!(
            texts.aua_policy,
            ("Our own policy.", Lang::En),
            "an untranslated policy stays English, and says so"
        );
    }
}
