//! Forgot Username (SPEC §6): always the same confirmation.

use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::rules;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{ErrorBanner, TextField};

#[component]
pub fn ForgotUsername() -> impl IntoView {
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let (invalid, set_invalid) = signal(Vec::<&'static str>::new());
    let submit = Action::new_local(|request: &UsernameRecoveryRequest| {
        api::recover_username(request.clone())
    });

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
            submit.dispatch(UsernameRecoveryRequest {
                first_name: first.get_untracked(),
                last_name: last.get_untracked(),
                email: email.get_untracked().trim().to_owned(),
            });
        }
    };
    let error = move |field: &'static str, text: &'static str| {
        Signal::derive(move || invalid.get().contains(&field).then_some(text))
    };
    let done = move || submit.value().get().and_then(Result::ok);
    let failure = move || submit.value().get().and_then(Result::err);

    view! {
        <div class="card">
            <h1>"Forgot Username"</h1>
            <Show when=move || done().is_none() fallback=move || view! {
                <div role="status" class="success">
                    <h2>"Request Complete"</h2>
                    <p>{done().map(|m| m.message)}</p>
                </div>
                <A href="/">"Back to sign in"</A>
            }>
                <p>"Enter your first name, last name and the e-mail address on your account. All fields are required."</p>
                {move || failure().map(|problem| view! { <ErrorBanner problem=problem/> })}
                <form on:submit=on_submit novalidate>
                    <TextField id="first_name" label="First Name" autocomplete="given-name" value=first
                        error=error("first_name", "Enter your first name.")/>
                    <TextField id="last_name" label="Last Name" autocomplete="family-name" value=last
                        error=error("last_name", "Enter your last name.")/>
                    <TextField id="email" label="Email Address" input_type="email" autocomplete="email" value=email
                        error=error("email", "Enter a valid e-mail address.")/>
                    <button type="submit" class="primary" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Sending…" } else { "Submit" }}
                    </button>
                </form>
                <A href="/">"Back to sign in"</A>
            </Show>
        </div>
    }
}
