//! Forgot Username (docs/product.md §6): always the same confirmation.

use crate::router::A;
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::rules;
use leptos::prelude::*;

use crate::api;
use crate::components::{Submission, TextField};

#[component]
pub fn ForgotUsername() -> impl IntoView {
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let (invalid, set_invalid) = signal(Vec::<&'static str>::new());
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
        let ok = bad.is_empty();
        set_invalid.set(bad);
        if ok {
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
    let error = move |field: &'static str, text: &'static str| {
        Signal::derive(move || invalid.get().contains(&field).then_some(text))
    };

    view! {
        <div class="card">
            <h1>"Forgot Username"</h1>
            <Show when=move || done.get().is_none() fallback=move || view! {
                <div role="status" class="success">
                    <h2>"Request Complete"</h2>
                    <p>{done.get()}</p>
                </div>
                <A href="/">"Back to sign in"</A>
            }>
                <p>"Enter your first name, last name and the e-mail address on your account. All fields are required."</p>
                {submit.banner()}
                <form on:submit=on_submit novalidate>
                    <TextField id="first_name" label="First Name" autocomplete="given-name" value=first
                        error=error("first_name", "Enter your first name.")/>
                    <TextField id="last_name" label="Last Name" autocomplete="family-name" value=last
                        error=error("last_name", "Enter your last name.")/>
                    <TextField id="email" label="Email Address" input_type="email" autocomplete="email" value=email
                        error=error("email", "Enter a valid e-mail address.")/>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { "Sending…" } else { "Submit" }}
                    </button>
                </form>
                <A href="/">"Back to sign in"</A>
            </Show>
        </div>
    }
}
