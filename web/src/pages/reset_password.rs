//! Setting a new password from a link or a recovery code (docs/product.md §5), and
//! Report Suspicious Activity, and a signed-in user's Change Password.
//! Link tokens come in the URL fragment, which no server ever sees, and
//! only a button's POST uses them, so mail scanners that open links cannot.
//!
//! ImmTrac2 links: Confidentiality Statement → Change Password → "Password
//! Updated". IAMOnline: "Reset your IAMOnline password" → the statement of
//! the sign-in the reset opened → the dashboard.

use iam_shared::dto::password::{PasswordChangeRequest, PasswordResetRequest, ResetVariant};
use iam_shared::dto::SecretText;
use iam_shared::NextStep;
use iam_shared::Page;
use iam_shared::Problem;
use leptos::prelude::*;

use crate::api;
use crate::components::icons::PersonIcon;
use crate::components::new_password::{entries_differ, NewPasswordFields, Owner};
use crate::components::{
    legal_text_lang, message_for, use_config, StepTitle, Submission, TextField, UntranslatedNote,
};
use crate::flow::{use_flow, Door};
use crate::i18n::{t, tf};
use crate::router::A;
use iam_shared::i18n::{account, common, signin};

use super::signin_flow::{Confidentiality, SignInToContinue};

/// The `token` of `#token=…`, removed from the address bar at once so it
/// stays out of the history and of screenshots.
pub(crate) fn take_fragment_token() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let token = hash.strip_prefix("#token=")?.to_owned();
    if let Ok(history) = window().history() {
        let path = window().location().pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    (!token.is_empty()).then_some(token)
}

/// A link that cannot be used (expired, used, unknown, or opened without
/// its token): says so plainly and offers a new one.
#[component]
fn LinkProblem(problem: Option<Problem>) -> impl IntoView {
    let text = problem
        .as_ref()
        .map(message_for)
        .unwrap_or_else(|| t(account::LINK_NEEDED).to_owned());
    view! {
        <StepTitle>{t(account::LINK_UNUSABLE)}</StepTitle>
        <div class="error-banner" role="alert">{text}</div>
        <nav class="links" aria-label=t(account::REQUEST_NEW_LINK)>
            <ul>
                <li><A to=Page::ForgotPassword>{t(account::REQUEST_NEW_LINK_IAMONLINE)}</A></li>
                <li><A to=Page::ImmTrac2ForgotPassword>{t(account::REQUEST_NEW_LINK_IMMTRAC2)}</A></li>
                <li><A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A></li>
            </ul>
        </nav>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let flow = use_flow();
    let config = use_config();
    // A recovery code's token (memory), else a link's (fragment).
    let token = flow
        .reset_token
        .try_update(Option::take)
        .flatten()
        .or_else(take_fragment_token);
    let has_token = token.is_some();
    let username = RwSignal::new(None::<String>);
    let owner = RwSignal::new(Owner::default());
    let variant = RwSignal::new(ResetVariant::Iamonline);
    // ImmTrac2 links show the Confidentiality Statement first.
    let agreed = RwSignal::new(false);
    let more_needed = RwSignal::new(false);
    // ImmTrac2: "Password Updated" at the top of the screen (seed 000).
    let updated = RwSignal::new(false);
    let inspect = Submission::new();
    if let Some(token) = token.clone() {
        inspect.run(
            api::inspect_reset_link(token),
            move |link| {
                variant.set(link.variant);
                owner.set(Owner {
                    username: link.username.clone(),
                    first_name: link.first_name,
                    last_name: link.last_name,
                });
                username.set(Some(link.username));
            },
            |_| {},
        );
    }
    let statement = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.confidentiality_statement)
            .unwrap_or_default()
    };
    let written_in = move || {
        config
            .get()
            .and_then(Result::ok)
            .map_or(iam_shared::i18n::Lang::En, |c| {
                c.confidentiality_statement_lang
            })
    };
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let sign_out = RwSignal::new(false);
    let (mismatch, set_mismatch) = signal(None::<&'static str>);
    let reset = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = token.clone() else { return };
        if entries_differ(password, confirm) {
            set_mismatch.set(Some(t(account::PASSWORDS_DIFFER)));
            return;
        }
        set_mismatch.set(None);
        reset.run(
            api::reset_password(PasswordResetRequest {
                token: SecretText::new(token),
                new_password: SecretText::new(password.get_untracked()),
                confirm_password: SecretText::new(confirm.get_untracked()),
                sign_out_other_devices: sign_out.get_untracked(),
                confidentiality_accepted: agreed.get_untracked(),
            }),
            move |answer| match answer.transaction_id {
                // IAMOnline: signed in once the statement below is accepted.
                Some(transaction_id) if answer.next_step == Some(NextStep::Confidentiality) => {
                    flow.restart();
                    flow.door.set(Door::IamOnline);
                    flow.transaction_id.set(Some(transaction_id));
                }
                // The role asks for more than the link proved.
                Some(_) => more_needed.set(true),
                None => updated.set(true),
            },
            |_| {},
        );
    };
    let immtrac2 = move || variant.get() == ResetVariant::Immtrac2;
    view! {
        <div class="card">
            {move || match (username.get(), inspect.problem.get()) {
                // Reset done (IAMOnline): the sign-in it opened is at the statement.
                _ if more_needed.get() => view! { <SignInToContinue/> }.into_any(),
                _ if updated.get() => view! {
                    <p role="status" class="success">{t(account::PASSWORD_UPDATED)}</p>
                    <StepTitle>{t(account::CHANGE_PASSWORD)}</StepTitle>
                    <p>{t(account::IMMTRAC2_PASSWORD_CHANGED)}</p>
                    <A to=Page::ImmTrac2Login>{t(signin::LOGIN)}</A>
                }.into_any(),
                _ if flow.transaction_id.get().is_some() => view! { <Confidentiality/> }.into_any(),
                (_, Some(problem)) => view! { <LinkProblem problem=Some(problem)/> }.into_any(),
                (None, None) if !has_token => view! { <LinkProblem problem=None/> }.into_any(),
                (None, None) => view! { <p role="status">{t(account::CHECKING_LINK)}</p> }.into_any(),
                (Some(_), None) if immtrac2() && !agreed.get() => view! {
                    <StepTitle>{t(signin::CONFIDENTIALITY_TITLE)}</StepTitle>
                    <UntranslatedNote written_in=written_in()/>
                    <p class="statement" id="statement" tabindex="0" lang=legal_text_lang(written_in())>{statement}</p>
                    <button type="button" class="primary" aria-describedby="statement" autofocus
                        on:click=move |_| agreed.set(true)>{t(signin::I_AGREE)}</button>
                }.into_any(),
                (Some(name), None) => view! {
                    <StepTitle>{move || if immtrac2() { t(account::CHANGE_PASSWORD).to_owned() } else { tf(account::RESET_PORTAL_PASSWORD, &[("portal", crate::components::portal_name(config)().as_str())]) }}</StepTitle>
                    <p class="signing-in-as"><PersonIcon/>" "<span class="visually-hidden">{t(account::NEW_PASSWORD_FOR)}</span>{name}</p>
                    {reset.banner()}
                    <form on:submit=on_submit.clone() novalidate>
                        <NewPasswordFields password=password confirm=confirm mismatch=mismatch
                            owner=owner
                            saved=reset.problem autofocus=true/>
                        <Show when=move || !immtrac2()>
                            <div class="checkbox">
                                <input id="sign_out" type="checkbox" prop:checked=sign_out
                                    on:change=move |ev| sign_out.set(event_target_checked(&ev))/>
                                <label for="sign_out">{t(account::SIGN_OUT_OTHER_DEVICES)}</label>
                            </div>
                        </Show>
                        <button type="submit" class="primary" disabled=move || reset.pending.get()>
                            {move || match (reset.pending.get(), immtrac2()) {
                                (true, _) => t(account::SAVING),
                                (false, true) => t(account::SAVE),
                                (false, false) => t(account::RESET_PASSWORD),
                            }}
                        </button>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}

/// After a successful reset.
#[component]
pub fn PasswordUpdated() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>{t(account::PASSWORD_UPDATED)}</StepTitle>
            <p role="status" class="success">{t(account::PASSWORD_CHANGED_SIGN_IN)}</p>
            <A to=Page::SignIn>{t(signin::SIGN_IN)}</A>
            " · "
            <A to=Page::ImmTrac2Login>{t(account::IMMTRAC2_LOGIN)}</A>
        </div>
    }
}

/// Report Suspicious Activity, from the "password changed" e-mail: the
/// page asks before it acts (opening the link does nothing).
#[component]
pub fn ReportSuspicious() -> impl IntoView {
    let token = take_fragment_token();
    let has_token = token.is_some();
    let report = Submission::new();
    let done = RwSignal::new(None::<String>);
    let on_report = move |_| {
        if let Some(token) = token.clone() {
            report.run(
                api::report_suspicious(token),
                move |answer| done.set(Some(answer.message)),
                |_| {},
            );
        }
    };
    view! {
        <div class="card">
            {move || match (done.get(), report.problem.get()) {
                (Some(message), _) => view! {
                    <StepTitle>{t(account::REPORT_RECEIVED)}</StepTitle>
                    <p role="status" class="success">{message}</p>
                    <A to=Page::ForgotPassword>{t(account::RESET_YOUR_PASSWORD)}</A>
                }.into_any(),
                (None, Some(problem)) => view! { <LinkProblem problem=Some(problem)/> }.into_any(),
                (None, None) if !has_token => view! { <LinkProblem problem=None/> }.into_any(),
                (None, None) => view! {
                    <StepTitle>{t(account::REPORT_SUSPICIOUS)}</StepTitle>
                    <p>{t(account::REPORT_INTRO)}</p>
                    <button type="button" class="primary" autofocus disabled=move || report.pending.get()
                        on:click=on_report.clone()>
                        {move || if report.pending.get() { t(account::REPORTING) } else { t(account::REPORT_SUSPICIOUS) }}
                    </button>
                    <A to=Page::SignIn>{t(account::IT_WAS_ME)}</A>
                }.into_any(),
            }}
        </div>
    }
}

/// A signed-in user's Change Password: the current password, then a new one.
#[component]
pub fn ChangePassword() -> impl IntoView {
    let flow = use_flow();
    let config = use_config();
    let config_reset_url = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.features.internal_password_reset_url)
            .unwrap_or_default()
    };
    let (session, loading) = super::immtrac2::load_session();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let sign_out = RwSignal::new(false);
    let (mismatch, set_mismatch) = signal(None::<&'static str>);
    let change = Submission::new();
    let done = RwSignal::new(false);
    let wrong_current = move || {
        change
            .problem
            .get()
            .and_then(|p| p.field_errors)
            .is_some_and(|f| f.contains_key("current_password"))
            .then_some(t(account::CURRENT_PASSWORD_WRONG))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if entries_differ(password, confirm) {
            set_mismatch.set(Some(t(account::PASSWORDS_DIFFER)));
            return;
        }
        set_mismatch.set(None);
        let request = PasswordChangeRequest {
            current_password: SecretText::new(current.get_untracked()),
            new_password: SecretText::new(password.get_untracked()),
            confirm_password: SecretText::new(confirm.get_untracked()),
            sign_out_other_devices: sign_out.get_untracked(),
        };
        change.run(
            async move {
                flow.authorized(move |token| api::change_password(token, request.clone()))
                    .await
            },
            move |_| done.set(true),
            |_| {},
        );
    };
    view! {
        <div class="card">
            <StepTitle>{t(account::CHANGE_PASSWORD)}</StepTitle>
            {move || match (session.get(), loading.problem.get(), done.get()) {
                (_, Some(problem), _) => view! { <super::immtrac2::SignedOut problem=problem/> }.into_any(),
                (None, None, _) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(_), None, true) => view! {
                    <p role="status" class="success">{t(account::PASSWORD_UPDATED_NEXT_TIME)}</p>
                    <A to=Page::Dashboard>{t(account::BACK_TO_DASHBOARD)}</A>
                }.into_any(),
                (Some(s), None, _) if s.user.directory_account => view! {
                    <p>{t(account::DIRECTORY_PASSWORD)}</p>
                    <p><a href=move || config_reset_url()>{t(signin::FORGOT_PASSWORD_INTERNAL)}</a></p>
                    <A to=Page::Dashboard>{t(account::BACK_TO_DASHBOARD)}</A>
                }.into_any(),
                (Some(s), None, false) => view! {
                    {change.banner()}
                    <form on:submit=on_submit.clone() novalidate>
                        <TextField id="current_password" label=t(account::CURRENT_PASSWORD) input_type="password"
                            autocomplete="current-password" value=current error=Signal::derive(wrong_current) autofocus=true/>
                        <NewPasswordFields password=password confirm=confirm mismatch=mismatch
                            owner=Signal::stored(Owner {
                                username: s.user.username,
                                first_name: s.user.first_name,
                                last_name: s.user.last_name,
                            }) saved=change.problem/>
                        <div class="checkbox">
                            <input id="sign_out" type="checkbox" prop:checked=sign_out
                                on:change=move |ev| sign_out.set(event_target_checked(&ev))/>
                            <label for="sign_out">{t(account::SIGN_OUT_OTHER_DEVICES)}</label>
                        </div>
                        <button type="submit" class="primary" disabled=move || change.pending.get()>
                            {move || if change.pending.get() { t(account::SAVING) } else { t(account::CHANGE_PASSWORD) }}
                        </button>
                    </form>
                    <A to=Page::Dashboard>{t(account::CANCEL)}</A>
                }.into_any(),
            }}
        </div>
    }
}
