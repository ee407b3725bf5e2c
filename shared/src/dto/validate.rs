//! Adapters from the plain rules of [`crate::rules`] to `validator` custom
//! functions, so DTO derives enforce exactly what the browser checks.

use std::borrow::Cow;

use validator::ValidationError;

use crate::rules;

fn check(ok: bool, code: &'static str) -> Result<(), ValidationError> {
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(code).with_message(Cow::Borrowed(code)))
    }
}

pub(crate) fn name(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_name(value), "invalid_name")
}

/// A name typed to look an account up (Forgot Username): the loose rule of
/// older records, so that imported names can still be found.
pub(crate) fn lookup_name(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_legacy_name(value), "invalid_name")
}

pub(crate) fn organization_name(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_organization_name(value), "invalid_name")
}

pub(crate) fn email(value: &str) -> Result<(), ValidationError> {
    check(rules::is_plausible_email(value.trim()), "invalid_email")
}

pub(crate) fn identifier(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_identifier(value), "invalid_identifier")
}

pub(crate) fn authenticator_name(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_authenticator_name(value), "invalid_name")
}

pub(crate) fn acknowledged(value: &bool) -> Result<(), ValidationError> {
    check(*value, "required")
}

pub(crate) fn optional_phone(value: &str) -> Result<(), ValidationError> {
    check(crate::aua::is_valid_optional_phone(value), "invalid_phone")
}

pub(crate) fn explanation(value: &str) -> Result<(), ValidationError> {
    check(crate::aua::is_valid_explanation(value), "required")
}

pub(crate) fn comments(value: &str) -> Result<(), ValidationError> {
    check(
        crate::aua::is_valid_optional_text(value, crate::aua::COMMENTS_MAX_CHARS),
        "invalid",
    )
}

pub(crate) fn employee_id(value: &str) -> Result<(), ValidationError> {
    check(crate::aua::is_valid_employee_id(value), "invalid")
}

pub(crate) fn date(value: &str) -> Result<(), ValidationError> {
    check(crate::aua::parse_date(value).is_some(), "invalid_date")
}

pub(crate) fn section_name(value: &str) -> Result<(), ValidationError> {
    let n = value.trim().chars().count();
    check(
        (1..=60).contains(&n) && !value.chars().any(char::is_control),
        "invalid_name",
    )
}

pub(crate) fn phone(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_phone(value), "invalid_phone")
}

pub(crate) fn security_question(value: &str) -> Result<(), ValidationError> {
    check(
        rules::is_valid_security_question(value),
        "invalid_security_question",
    )
}

pub(crate) fn security_answer(value: &super::SecretText) -> Result<(), ValidationError> {
    check(
        rules::is_valid_security_answer(value.expose()),
        "invalid_security_answer",
    )
}

pub(crate) fn org_code(value: &str) -> Result<(), ValidationError> {
    check(rules::is_valid_org_code(value.trim()), "invalid_org_code")
}

/// Free text of a filter: no control characters (a NUL byte is an error of
/// PostgreSQL's own, not a search).
pub(crate) fn plain_text(value: &str) -> Result<(), ValidationError> {
    check(!value.chars().any(char::is_control), "invalid_characters")
}

pub(crate) fn optional_org_code(value: &str) -> Result<(), ValidationError> {
    let code = value.trim();
    check(
        code.is_empty() || rules::is_valid_org_code(code),
        "invalid_org_code",
    )
}

pub(crate) fn signin_password(value: &super::SecretText) -> Result<(), ValidationError> {
    check(
        rules::is_valid_signin_password(value.expose()),
        "invalid_password",
    )
}

pub(crate) fn captcha_answer(value: &str) -> Result<(), ValidationError> {
    check(
        rules::is_valid_captcha_answer(value),
        "invalid_captcha_answer",
    )
}

pub(crate) fn email_code(value: &super::SecretText) -> Result<(), ValidationError> {
    check(rules::is_valid_email_code(value.expose()), "invalid_code")
}

pub(crate) fn evaluated_password(value: &super::SecretText) -> Result<(), ValidationError> {
    check(value.expose().chars().count() <= 1024, "too_long")
}

pub(crate) fn token(value: &super::SecretText) -> Result<(), ValidationError> {
    let token = value.expose();
    check(
        !token.is_empty()
            && token.len() <= 128
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "invalid_token",
    )
}
