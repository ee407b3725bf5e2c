//! Forgot Username (docs/product.md §6): always the same confirmation.

use crate::router::A;
use iam_shared::dto::username::UsernameRecoveryRequest;
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
            <StepTitle>"Forgot Username"</StepTitle>
            <Show when=move || done.get().is_none() fallback=move || view! {
                <div role="status" class="success">
                    <p class="muted">"System Notification"</p>
                    <h2>"Request Complete"</h2>
                    <p>{done.get()}</p>
                </div>
                <button type="button" class="primary" on:click=move |_| nav.go(Page::SignIn)>"Ok"</button>
            }>
                <p>{move || format!("To retrieve your username, please enter your First Name, Last Name, and Email Address associated with your {} account and click Submit.", app())}</p>
                {submit.banner()}
                <form on:submit=on_submit novalidate>
                    <TextField id="first_name" label="* First Name" autocomplete="given-name" value=first
                        error=invalid.line("first_name", "Enter your first name.")/>
                    <TextField id="last_name" label="* Last Name" autocomplete="family-name" value=last
                        error=invalid.line("last_name", "Enter your last name.")/>
                    <TextField id="email" label="* Email Address" input_type="email" autocomplete="email" value=email
                        error=invalid.line("email", "Enter a valid e-mail address.")/>
                    <p class="muted">"* Required field"</p>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { "Sending…" } else { "Submit" }}
                    </button>
                </form>
                <p><em>{move || format!("If you have any questions or do not receive an email with your username, please contact {} Customer Support at {} or at {}.", app(), phone(), email_address())}</em></p>
                <A to=Page::SignIn>"Back to sign in"</A>
            </Show>
        </div>
    }
}
