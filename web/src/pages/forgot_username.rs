//! Forgot Username (docs/product.md §6): always the same confirmation.

use crate::router::A;
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::rules;
use iam_shared::Page;
use leptos::prelude::*;

use crate::api;
use crate::components::{FieldErrors, Submission, TextField};

#[component]
pub fn ForgotUsername() -> impl IntoView {
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
            <h1>"Forgot Username"</h1>
            <Show when=move || done.get().is_none() fallback=move || view! {
                <div role="status" class="success">
                    <h2>"Request Complete"</h2>
                    <p>{done.get()}</p>
                </div>
                <A to=Page::SignIn>"Back to sign in"</A>
            }>
                <p>"Enter your first name, last name and the e-mail address on your account. All fields are required."</p>
                {submit.banner()}
                <form on:submit=on_submit novalidate>
                    <TextField id="first_name" label="First Name" autocomplete="given-name" value=first
                        error=invalid.line("first_name", "Enter your first name.")/>
                    <TextField id="last_name" label="Last Name" autocomplete="family-name" value=last
                        error=invalid.line("last_name", "Enter your last name.")/>
                    <TextField id="email" label="Email Address" input_type="email" autocomplete="email" value=email
                        error=invalid.line("email", "Enter a valid e-mail address.")/>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { "Sending…" } else { "Submit" }}
                    </button>
                </form>
                <A to=Page::SignIn>"Back to sign in"</A>
            </Show>
        </div>
    }
}
