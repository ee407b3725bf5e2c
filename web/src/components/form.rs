//! What the forms share: which fields are shown as wrong, and the error
//! line each one carries.

use iam_shared::Problem;
use leptos::prelude::*;

/// The fields of one form shown as wrong: those the check before sending
/// found, then those the server's refusal names (`field_errors`). The
/// browser's check is a convenience; the server's answer decides.
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// Show the fields the check before sending found; `true` when there
    /// are none and the form may be sent.
    pub fn passed<F: Into<String>>(self, failures: impl IntoIterator<Item = F>) -> bool {
        let failures: Vec<String> = failures.into_iter().map(Into::into).collect();
        let none = failures.is_empty();
        self.0.set(failures);
        none
    }

    /// Show the fields a refusal names (none when it names none).
    pub fn refused(self, problem: &Problem) {
        let named = problem
            .field_errors
            .as_ref()
            .map(|fields| fields.keys().cloned().collect())
            .unwrap_or_default();
        self.0.set(named);
    }

    /// Show one more field as wrong (a CAPTCHA answer the server refused
    /// with its own code).
    pub fn mark(self, field: &str) {
        self.0.update(|fields| fields.push(field.to_owned()));
    }

    /// Nothing is wrong (after a success).
    pub fn clear(self) {
        self.0.set(Vec::new());
    }

    /// The error line of `field`: `text` while the field is shown as wrong.
    pub fn line(self, field: &'static str, text: &'static str) -> Signal<Option<&'static str>> {
        Signal::derive(move || {
            self.0
                .with(|fields| fields.iter().any(|f| f == field))
                .then_some(text)
        })
    }
}

impl Default for FieldErrors {
    fn default() -> Self {
        Self::new()
    }
}
