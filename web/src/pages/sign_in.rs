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
use crate::i18n::{t, tf};
use crate::passkey;
use iam_shared::i18n::{common, signin};

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
            <StepTitle>{move || tf(signin::SIGN_IN_TITLE, &[("portal", portal().as_str())])}</StepTitle>
            {continuing_to.map(|app| view! {
                <p class="continuing" role="status">{tf(signin::CONTINUING_TO, &[("app", app.as_str())])}</p>
            })}
            {start.banner()}
            <form on:submit=on_submit novalidate>
                <TextField id="username" label=t(signin::USERNAME) autocomplete="username" value=username
                    error=Signal::derive(move || missing.get().then_some(t(signin::ENTER_USERNAME)))/>
                <div class="checkbox">
                    <input id="keep" type="checkbox" prop:checked=keep_signed_in
                        on:change=move |ev| set_keep_signed_in.set(event_target_checked(&ev))/>
                    <label for="keep">{t(signin::KEEP_SIGNED_IN)}</label>
                </div>
                <button type="submit" class="primary" disabled=move || start.pending.get()>
                    {move || if start.pending.get() { t(common::PLEASE_WAIT) } else { t(signin::NEXT) }}
                </button>
            </form>
            {passkey::supported().then(|| view! {
                <div class="alternative">
                    {with_passkey.banner()}
                    <button type="button" class="secondary" disabled=move || with_passkey.pending.get()
                        on:click=on_passkey>
                        {move || if with_passkey.pending.get() { t(signin::WAITING_FOR_PASSKEY) } else { t(signin::SIGN_IN_WITH_PASSKEY) }}
                    </button>
                </div>
            })}
            <nav aria-label=t(signin::ACCOUNT_HELP) class="links">
                <ul>
                    <li><a href=internal_reset>{t(signin::FORGOT_PASSWORD_INTERNAL)}</a></li>
                    <li><a href=Page::ForgotPassword.path()>{t(signin::FORGOT_PASSWORD_EXTERNAL)}</a></li>
                    <li><a href=Page::ForgotUsername.path()>{t(signin::FORGOT_USERNAME)}</a></li>
                    <li><a href=Page::RegisterCitizen.path()>{t(signin::CREATE_CITIZEN)}</a></li>
                    <li><a href=Page::RegisterOrganization.path()>{t(signin::REQUEST_ACCOUNT)}</a></li>
                    <li><a href=Page::Aua.path()>{t(signin::SIGN_AUA)}</a></li>
                    <li><A to=Page::ImmTrac2Login>{t(signin::IMMTRAC2_LOGIN_LINK)}</A></li>
                </ul>
            </nav>
        </div>
        <SystemUseNotification/>
    }
}
