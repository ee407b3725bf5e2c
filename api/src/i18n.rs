//! The reader's language on the server side (docs/i18n.md): which one a
//! request asks for, and problem details written in it. The texts are the
//! shared catalogue's (`iam_shared::i18n`).

use actix_web::http::header::{AcceptLanguage, Header, Preference, Quality};
use actix_web::HttpRequest;
use iam_shared::i18n::Lang;
use iam_shared::Problem;

/// The language a request asks for: the first of `Accept-Language`'s
/// ranked preferences among those `offered`, else English.
pub fn negotiate(req: &HttpRequest, offered: &[Lang]) -> Lang {
    asked(req, offered).unwrap_or_default()
}

/// The first of `Accept-Language`'s ranked preferences among those
/// `offered`; `None` when the request names none of them.
pub fn asked(req: &HttpRequest, offered: &[Lang]) -> Option<Lang> {
    AcceptLanguage::parse(req).ok().and_then(|mut accept| {
        // `q=0` means "not this one" (RFC 9110 §12.4.2).
        accept.0.retain(|item| item.quality > Quality::ZERO);
        accept
            .ranked()
            .into_iter()
            .find_map(|preference| match preference {
                Preference::Specific(tag) => {
                    Lang::from_tag(tag.primary_language()).filter(|lang| offered.contains(lang))
                }
                Preference::Any => None,
            })
    })
}

/// `problem` with its detail in `lang`, where it came from the catalogue;
/// a detail written otherwise stays as it is.
pub fn localized(mut problem: Problem, lang: Lang) -> Problem {
    if let Some(text) = &problem.text {
        problem.detail = text.render(lang);
    }
    problem
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn asking(header: &str) -> Lang {
        let req = TestRequest::default()
            .insert_header(("Accept-Language", header))
            .to_http_request();
        negotiate(&req, &Lang::ALL)
    }

    #[test]
    fn the_first_spoken_preference_wins() {
        assert_eq!(asking("es-MX,es;q=0.9,en;q=0.8"), Lang::Es);
        assert_eq!(asking("fr-FR, es;q=0.5, en;q=0.4"), Lang::Es);
        assert_eq!(asking("en;q=0.5, es;q=0.9"), Lang::Es);
        assert_eq!(asking("fr, de"), Lang::En);
        assert_eq!(asking("*"), Lang::En);
        assert_eq!(asking("es;q=0"), Lang::En);
        let plain = TestRequest::default().to_http_request();
        assert_eq!(negotiate(&plain, &Lang::ALL), Lang::En);
        let spanish = TestRequest::default()
            .insert_header(("Accept-Language", "es"))
            .to_http_request();
        assert_eq!(negotiate(&spanish, &[Lang::En]), Lang::En, "not offered");
    }

    #[test]
    fn a_catalogue_detail_follows_the_language_and_the_code_stays() {
        let problem = Problem::localized(
            iam_shared::ErrorCode::NotFound,
            iam_shared::i18n::problems::NOT_FOUND,
            &[],
        );
        let spanish = localized(problem.clone(), Lang::Es);
        assert_eq!(spanish.code, problem.code);
        assert_eq!(spanish.detail, "No se encontró el recurso solicitado.");
        let written = Problem::new(iam_shared::ErrorCode::NotFound, "as written");
        assert_eq!(localized(written, Lang::Es).detail, "as written");
    }
}
