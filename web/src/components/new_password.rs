//! Choosing a new password (docs/product.md §4): the field, a strength meter rated by
//! the server (zxcvbn's dictionaries stay there), the requirement list
//! ticked live by the same rules the server enforces, and the re-entry.

use iam_shared::dto::password::{PasswordEvaluateRequest, PasswordEvaluateResponse};
use iam_shared::dto::SecretText;
use iam_shared::i18n::{account, Msg};
use iam_shared::password::{check, PasswordOwner, Verdict};
use iam_shared::rules::PASSWORD_RULES;
use iam_shared::Problem;
use leptos::prelude::*;

use super::TextField;
use crate::api;
use crate::i18n::{t, tf};

const STRENGTH: [Msg; 5] = [
    account::STRENGTH_VERY_WEAK,
    account::STRENGTH_WEAK,
    account::STRENGTH_FAIR,
    account::STRENGTH_STRONG,
    account::STRENGTH_VERY_STRONG,
];

/// What the server said about `new_password` when saving, in words.
fn saved_password_error(problem: Option<Problem>) -> Option<&'static str> {
    let codes = problem?.field_errors?.remove("new_password")?;
    Some(if codes.iter().any(|c| c == "not_recent") {
        t(account::PASSWORD_RECENTLY_USED)
    } else {
        t(account::PASSWORD_FAILS_RULES)
    })
}

/// Whether the two entries differ: checked before anything is sent.
pub fn entries_differ(password: RwSignal<String>, confirm: RwSignal<String>) -> bool {
    password.get_untracked() != confirm.get_untracked()
}

/// Whose password it is: what a new password may not contain. The screens
/// get the names from the server (the link, the activation, the session),
/// so the checklist judges them before the save does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owner {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
}

/// The new password and its re-entry, for a reset or a change. `owner`
/// feeds the rules that forbid parts of the username and names; `saved` is
/// the save request's problem, shown at the field it concerns.
#[component]
pub fn NewPasswordFields(
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    #[prop(into)] mismatch: Signal<Option<&'static str>>,
    #[prop(into)] owner: Signal<Owner>,
    #[prop(into)] saved: Signal<Option<Problem>>,
    #[prop(optional)] autofocus: bool,
    /// The first field's label: "New password" on resets, the seed's
    /// "Enter password" on a first set-up.
    #[prop(default = t(account::NEW_PASSWORD))]
    label: &'static str,
) -> impl IntoView {
    let evaluation = RwSignal::new(None::<PasswordEvaluateResponse>);
    let rating = super::Submission::new();
    let pending_rating = StoredValue::new_local(None::<TimeoutHandle>);
    // Ask the server to rate the password half a second after typing stops.
    Effect::new(move |_| {
        let typed = password.get();
        if let Some(handle) = pending_rating.get_value() {
            handle.clear();
        }
        if typed.is_empty() {
            evaluation.set(None);
            return;
        }
        let who = owner.get_untracked();
        let given = |s: String| Some(s).filter(|s| !s.is_empty());
        let request = PasswordEvaluateRequest {
            password: SecretText::new(typed),
            username: given(who.username),
            first_name: given(who.first_name),
            last_name: given(who.last_name),
        };
        let handle = set_timeout_with_handle(
            move || {
                rating.run(
                    api::evaluate_password(request),
                    move |e| evaluation.set(Some(e)),
                    |_| {},
                )
            },
            std::time::Duration::from_millis(500),
        )
        .ok();
        pending_rating.set_value(handle);
    });
    let requirements = move || {
        let who = owner.get();
        let typed = password.get();
        let local = check(
            &typed,
            &PasswordOwner {
                username: &who.username,
                first_name: &who.first_name,
                last_name: &who.last_name,
            },
        );
        let server = evaluation.get();
        local
            .into_iter()
            .map(|c| {
                let passed = match c.verdict {
                    Verdict::Passed => !typed.is_empty(),
                    Verdict::Failed => false,
                    // Rules only the server can judge (common passwords).
                    Verdict::Unchecked => server
                        .as_ref()
                        .and_then(|e| e.rules.iter().find(|r| r.rule == c.rule))
                        .is_some_and(|r| r.checked && r.passed),
                };
                // The same catalogue text `GET /config` gives, in the page's language.
                let text = PASSWORD_RULES
                    .iter()
                    .find(|(rule, _)| *rule == c.rule)
                    .map_or(c.rule, |(_, description)| t(*description));
                (c.rule, text, passed)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <TextField id="new_password" label=label input_type="password" autocomplete="new-password"
            value=password error=Signal::derive(move || saved_password_error(saved.get())) autofocus=autofocus/>
        <div class="strength" aria-live="polite">
            {move || evaluation.get().map(|e| {
                let level = e.strength.min(4);
                view! {
                    <meter min="0" max="4" low="2" high="3" optimum="4" value=level.to_string()
                        aria-label=t(account::PASSWORD_STRENGTH)></meter>
                    <span>{tf(account::STRENGTH_LINE, &[("level", t(STRENGTH[usize::from(level)]))])}</span>
                    {e.feedback.map(|f| view! { <p class="muted">{f}</p> })}
                }
            })}
        </div>
        <p id="requirements-heading" class="requirements-heading">{t(account::PASSWORD_REQUIREMENTS)}</p>
        <ul class="requirements" aria-labelledby="requirements-heading">
            {move || requirements().into_iter().map(|(rule, text, passed)| view! {
                <li data-rule=rule class=if passed { "met" } else { "unmet" }>
                    <span aria-hidden="true">{if passed { "✓ " } else { "✗ " }}</span>
                    {text}
                    <span class="visually-hidden">{if passed { t(account::RULE_MET) } else { t(account::RULE_NOT_MET) }}</span>
                </li>
            }).collect_view()}
        </ul>
        <TextField id="confirm_password" label=t(account::REENTER_PASSWORD) input_type="password" autocomplete="new-password"
            value=confirm error=mismatch/>
    }
}
