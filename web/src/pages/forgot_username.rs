//! Forgot Username (docs/product.md §6): always the same confirmation.

use crate::i18n::{t, tf};
use crate::router::A;
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::i18n::{account, signin};
use iam_shared::rules;
use iam_shared::Page;
use leptos::prelude::*;

use crate::api;
use crate::components::{use_config, FieldErrors, StepTitle, Submission, TextField};
use crate::flow::use_navigator;

#[component]
pub fn ForgotUsername() -> impl IntoView {
    let nav = use_navigator();
    let config = use_config();
    let setting = move |pick: fn(&iam_shared::dto::config::PublicConfigResponse) -> &str,
                        fallback: &str| {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| pick(&c).to_owned())
            .unwrap_or_else(|| fallback.to_owned())
    };
    let app = move || setting(|c| &c.app_name, "ImmTrac2");
    let phone = move || setting(|c| &c.support.customer_support_phone, "1-800-348-9158");
    let email_address = move || {
        setting(
            |c| &c.support.customer_support_email,
            "ImmTrac2@dshs.texas.gov",
        )
    };
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let invalid = FieldErrors::new();
    let submit = Submission::new();
    let done = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut bad = Vec::new();
        if !rules::is_valid_name(&first.get_untracked()) {
            bad.push("first_name");
        }
        if !rules::is_valid_name(&last.get_untracked()) {
            bad.push("last_name");
        }
        if !rules::is_plausible_email(email.get_untracked().trim()) {
            bad.push("email");
        }
        if invalid.passed(bad) {
            let request = UsernameRecoveryRequest {
                first_name: first.get_untracked(),
                last_name: last.get_untracked(),
                email: email.get_untracked().trim().to_owned(),
            };
            submit.run(
                api::recover_username(request),
                move |answer| done.set(Some(answer.message)),
                |_| {},
            );
        }
    };

    view! {
        <div class="card">
            <StepTitle>{t(signin::FORGOT_USERNAME_SHORT)}</StepTitle>
            <Show when=move || done.get().is_none() fallback=move || view! {
                <div role="status" class="success">
                    <p class="muted">{t(account::SYSTEM_NOTIFICATION)}</p>
                    <h2>{t(account::REQUEST_COMPLETE)}</h2>
                    <p>{done.get()}</p>
                </div>
                <button type="button" class="primary" on:click=move |_| nav.go(Page::SignIn)>{t(account::OK)}</button>
            }>
                <p>{move || tf(account::FORGOT_USERNAME_INTRO, &[("app", app().as_str())])}</p>
                {submit.banner()}
                <form on:submit=on_submit novalidate>
                    <TextField id="first_name" label=t(account::FIRST_NAME_REQUIRED) autocomplete="given-name" value=first
                        error=invalid.line("first_name", t(account::ENTER_FIRST_NAME))/>
                    <TextField id="last_name" label=t(account::LAST_NAME_REQUIRED) autocomplete="family-name" value=last
                        error=invalid.line("last_name", t(account::ENTER_LAST_NAME))/>
                    <TextField id="email" label=t(account::EMAIL_ADDRESS_REQUIRED) input_type="email" autocomplete="email" value=email
                        error=invalid.line("email", t(account::ENTER_VALID_EMAIL))/>
                    <p class="muted">{t(account::REQUIRED_FIELD)}</p>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { t(signin::SENDING) } else { t(signin::SUBMIT) }}
                    </button>
                </form>
                <p><em>{move || tf(account::FORGOT_USERNAME_HELP, &[("app", app().as_str()), ("phone", phone().as_str()), ("email", email_address().as_str())])}</em></p>
                <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
            </Show>
        </div>
    }
}
