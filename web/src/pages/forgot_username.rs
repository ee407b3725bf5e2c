//! Forgot Username (SPEC §6): always the same confirmation.

use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::rules;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::ErrorBanner;

#[component]
pub fn ForgotUsername() -> impl IntoView {
    let (first, set_first) = signal(String::new());
    let (last, set_last) = signal(String::new());
    let (email, set_email) = signal(String::new());
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
    let is_invalid = move |field: &'static str| move || invalid.get().contains(&field).to_string();
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
                    <label for="first_name">"First Name"</label>
                    <input id="first_name" type="text" autocomplete="given-name" required
                        aria-invalid=is_invalid("first_name") aria-describedby="first_name-error"
                        prop:value=first on:input=move |ev| set_first.set(event_target_value(&ev))/>
                    <p id="first_name-error" class="field-error" aria-live="polite">
                        {move || invalid.get().contains(&"first_name").then_some("Enter your first name.")}
                    </p>
                    <label for="last_name">"Last Name"</label>
                    <input id="last_name" type="text" autocomplete="family-name" required
                        aria-invalid=is_invalid("last_name") aria-describedby="last_name-error"
                        prop:value=last on:input=move |ev| set_last.set(event_target_value(&ev))/>
                    <p id="last_name-error" class="field-error" aria-live="polite">
                        {move || invalid.get().contains(&"last_name").then_some("Enter your last name.")}
                    </p>
                    <label for="email">"Email Address"</label>
                    <input id="email" type="email" autocomplete="email" required
                        aria-invalid=is_invalid("email") aria-describedby="email-error"
                        prop:value=email on:input=move |ev| set_email.set(event_target_value(&ev))/>
                    <p id="email-error" class="field-error" aria-live="polite">
                        {move || invalid.get().contains(&"email").then_some("Enter a valid e-mail address.")}
                    </p>
                    <button type="submit" class="primary" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Sending…" } else { "Submit" }}
                    </button>
                </form>
                <A href="/">"Back to sign in"</A>
            </Show>
        </div>
    }
}
