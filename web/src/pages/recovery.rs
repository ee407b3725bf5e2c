//! Forgot Password (docs/product.md §5): the IAMOnline variant's first screen (its
//! e-mail screens are the sign-in's [`EmailCode`](super::signin_flow::EmailCode)
//! in recovery mode), and the ImmTrac2 variant's form with its CAPTCHA.

use iam_shared::dto::password::{ForgotPasswordRequest, PasswordRecoveryRequest};
use iam_shared::dto::signin::CaptchaAnswer;
use iam_shared::Page;
use iam_shared::{rules, ErrorCode};
use leptos::prelude::*;

use super::signin_flow::StepLinks;
use crate::api;
use crate::components::{Captcha, FieldErrors, MailTo, StepTitle, Submission, TextField};
use crate::flow::{use_flow, use_navigator};
use crate::i18n::t;
use crate::router::A;
use iam_shared::i18n::{account, common, signin};

/// "Reset your password": e-mail address or username, then Next.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let identifier = RwSignal::new(String::new());
    let (missing, set_missing) = signal(false);
    let start = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = identifier.get_untracked().trim().to_owned();
        set_missing.set(!rules::is_valid_identifier(&typed));
        if missing.get_untracked() {
            return;
        }
        let shown = typed.clone();
        start.run(
            api::start_recovery(PasswordRecoveryRequest { identifier: typed }),
            move |answer| {
                flow.restart();
                flow.username.set(Some(shown));
                flow.transaction_id.set(Some(answer.recovery_id));
                flow.masked_email.set(Some(answer.masked_email));
                nav.go(Page::RecoveryCode);
            },
            |_| {},
        );
    };
    view! {
        <div class="card">
            <StepTitle>{t(account::RESET_YOUR_PASSWORD)}</StepTitle>
            <p>{t(account::RESET_INTRO)}</p>
            {start.banner()}
            <form on:submit=on_submit novalidate>
                <TextField id="identifier" label=t(account::EMAIL_OR_USERNAME) autocomplete="username" value=identifier
                    error=Signal::derive(move || missing.get().then_some(t(account::ENTER_EMAIL_OR_USERNAME))) autofocus=true/>
                <button type="submit" class="primary" disabled=move || start.pending.get()>
                    {move || if start.pending.get() { t(common::PLEASE_WAIT) } else { t(signin::NEXT) }}
                </button>
            </form>
            <StepLinks forgot_username=true/>
        </div>
    }
}

/// ImmTrac2 Forgot Password: Org Code, Username, Email, CAPTCHA, Submit.
#[component]
pub fn ImmTrac2ForgotPassword() -> impl IntoView {
    let org_code = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let captcha_id = RwSignal::new(None::<String>);
    let captcha_answer = RwSignal::new(String::new());
    let generation = RwSignal::new(0u32);
    let invalid = FieldErrors::new();
    let submit = Submission::new();
    let sent = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut bad = Vec::new();
        if !rules::is_valid_org_code(org_code.get_untracked().trim()) {
            bad.push("org_code");
        }
        if !rules::is_valid_identifier(&username.get_untracked()) {
            bad.push("username");
        }
        if !rules::is_plausible_email(email.get_untracked().trim()) {
            bad.push("email");
        }
        if !rules::is_valid_captcha_answer(&captcha_answer.get_untracked()) {
            bad.push("captcha");
        }
        if !invalid.passed(bad) {
            return;
        }
        let request = ForgotPasswordRequest {
            org_code: org_code.get_untracked().trim().to_owned(),
            username: username.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            captcha: CaptchaAnswer {
                captcha_id: captcha_id.get_untracked().unwrap_or_default(),
                answer: captcha_answer.get_untracked().trim().to_owned(),
            },
        };
        submit.run(
            api::forgot_password(request),
            move |answer| sent.set(Some(answer.message)),
            // Every answer used up the image: show a new one.
            move |_| generation.update(|g| *g += 1),
        );
    };
    let disabled = move || {
        submit
            .problem
            .get()
            .is_some_and(|p| p.code == ErrorCode::AccountDisabled)
    };
    view! {
        <div class="card">
            <StepTitle>{t(account::USER_INFORMATION)}</StepTitle>
            {move || match sent.get() {
                Some(message) => view! {
                    <p role="status" class="success">{message}</p>
                    <A to=Page::ImmTrac2Login>{t(account::BACK_TO_IMMTRAC2_LOGIN)}</A>
                }.into_any(),
                None => view! {
                    {submit.banner()}
                    <Show when=move || !disabled()>
                        <p>{t(account::IMMTRAC2_FORGOT_INTRO)}</p>
                        <form on:submit=on_submit novalidate>
                            <TextField id="org_code" label=t(signin::ORG_CODE) autocomplete="organization" value=org_code
                                error=invalid.line("org_code", t(signin::ENTER_ORG_CODE)) autofocus=true/>
                            <TextField id="username" label=t(signin::USERNAME) autocomplete="username" value=username
                                error=invalid.line("username", t(signin::ENTER_USERNAME))/>
                            <TextField id="email" label=t(account::EMAIL_ADDRESS) input_type="email"
                                autocomplete="email" value=email error=invalid.line("email", t(account::ENTER_VALID_EMAIL))/>
                            <Captcha captcha_id=captcha_id answer=captcha_answer generation=generation
                                error=invalid.line("captcha", t(signin::TYPE_CAPTCHA))
                                mail_to=MailTo::Username(username.into())/>
                            <button type="submit" class="primary" disabled=move || submit.pending.get()>
                                {move || if submit.pending.get() { t(signin::SENDING) } else { t(signin::SUBMIT) }}
                            </button>
                        </form>
                    </Show>
                    <A to=Page::ImmTrac2Login>{t(account::BACK_TO_IMMTRAC2_LOGIN)}</A>
                }.into_any(),
            }}
        </div>
    }
}
