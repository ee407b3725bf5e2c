//! IAMOnline sign-in, screen 1: identifier first (docs/product.md §3).

use crate::router::A;
use iam_shared::dto::signin::SigninStartRequest;
use iam_shared::rules;
use iam_shared::Page;
use leptos::prelude::*;

use crate::api;
use crate::components::{
    portal_name, use_config, StepTitle, Submission, SystemUseNotification, TextField,
};
use crate::flow::{pending_authorization, use_flow, use_navigator, Door};
use crate::passkey;

#[component]
pub fn SignIn() -> impl IntoView {
    // An application's sign-in request waiting (docs/oidc.md): say where the
    // sign-in leads, and take the username it suggested.
    let continuing_to = pending_authorization::application();
    let username = RwSignal::new(pending_authorization::login_hint().unwrap_or_default());
    let (keep_signed_in, set_keep_signed_in) = signal(false);
    let (missing, set_missing) = signal(false);
    let nav = use_navigator();
    let flow = use_flow();
    let start = Submission::new();
    let config = use_config();
    let portal = portal_name(config);
    let internal_reset = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.features.internal_password_reset_url)
            .unwrap_or_default()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !rules::is_valid_identifier(&username.get_untracked()) {
            set_missing.set(true);
            return;
        }
        set_missing.set(false);
        flow.restart();
        flow.door.set(Door::IamOnline);
        flow.username
            .set(Some(username.get_untracked().trim().to_owned()));
        let request = SigninStartRequest {
            username: username.get_untracked().trim().to_owned(),
            keep_signed_in: keep_signed_in.get_untracked(),
        };
        start.run(
            api::start_signin(request),
            move |step| nav.go(flow.advance(&step)),
            |_| {},
        );
    };
    // "Sign in with a passkey": no username; the passkey the browser
    // offers names the account and proves both factors.
    let with_passkey = Submission::new();
    let on_passkey = move |_| {
        flow.restart();
        flow.door.set(Door::IamOnline);
        let keep_signed_in = keep_signed_in.get_untracked();
        with_passkey.run(
            passkey::sign_in_without_username(keep_signed_in),
            move |step| nav.go(flow.advance(&step)),
            |_| {},
        );
    };
    view! {
        <div class="card">
            <StepTitle>{portal} " - Sign In"</StepTitle>
            {continuing_to.map(|app| view! {
                <p class="continuing" role="status">{format!("Sign in to continue to {app}.")}</p>
            })}
            {start.banner()}
            <form on:submit=on_submit novalidate>
                <TextField id="username" label="Username" autocomplete="username" value=username
                    error=Signal::derive(move || missing.get().then_some("Enter your username."))/>
                <div class="checkbox">
                    <input id="keep" type="checkbox" prop:checked=keep_signed_in
                        on:change=move |ev| set_keep_signed_in.set(event_target_checked(&ev))/>
                    <label for="keep">"Keep me signed in"</label>
                </div>
                <button type="submit" class="primary" disabled=move || start.pending.get()>
                    {move || if start.pending.get() { "Please wait…" } else { "Next" }}
                </button>
            </form>
            {passkey::supported().then(|| view! {
                <div class="alternative">
                    {with_passkey.banner()}
                    <button type="button" class="secondary" disabled=move || with_passkey.pending.get()
                        on:click=on_passkey>
                        {move || if with_passkey.pending.get() { "Waiting for your passkey…" } else { "Sign in with a passkey" }}
                    </button>
                </div>
            })}
            <nav aria-label="Account help" class="links">
                <ul>
                    <li><a href=internal_reset>"Forgot Password? (HHS/DSHS Emails Only)"</a></li>
                    <li><a href=Page::ForgotPassword.path()>"Forgot Password? (External Users Only)"</a></li>
                    <li><a href=Page::ForgotUsername.path()>"Forgot Username? (ImmTrac2/VAOS/Syntropi Users Only)"</a></li>
                    <li><a href=Page::RegisterCitizen.path()>"Create a new account as a citizen"</a></li>
                    <li><a href=Page::RegisterOrganization.path()>"Request account as non-HHS employee, or register organization"</a></li>
                    <li><a href=Page::Aua.path()>"Sign Acceptable Use Agreement"</a></li>
                    <li><A to=Page::ImmTrac2Login>"ImmTrac2 login (Org Code)"</A></li>
                </ul>
            </nav>
        </div>
        <SystemUseNotification/>
    }
}
