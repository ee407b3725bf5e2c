//! The webinar's authenticator list. "Set up required": after the first
//! factors, a user whose policy asks for a method they do not have sets it
//! up before the Confidentiality Statement — a screen of the portal's
//! bundle, handed the sign-in's transaction (`pending_setup`). "Set up
//! optional": at the end of an activation, the methods the user may add
//! (`setup_optional`), or skip with Continue. The server decides what is
//! offered; a required method counts as the sign-in's second factor. An
//! app's set-up shows its key, then asks for a first code; "Return to
//! authenticator list" goes back. The statement follows on the same screen.

use iam_shared::dto::authenticators::TotpSetupResponse;
use iam_shared::dto::signin::SigninMethod;
use iam_shared::{rules, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{StepTitle, Submission, TextField};
use crate::flow::{pending_setup, use_flow, use_navigator, Door};
use crate::i18n::{t, tf};
use crate::pages::security_methods::{grouped, qr_image};
use crate::pages::signin_flow::{handle_failure, BackToSignIn, Confidentiality, NoSignin};
use crate::passkey;
use iam_shared::i18n::{account, signin};

#[component]
pub fn SetupRequired() -> impl IntoView {
    let flow = use_flow();
    if let Some((transaction_id, methods, immtrac2)) = pending_setup::take() {
        flow.transaction_id.set(Some(transaction_id));
        flow.second_factors.set(methods);
        flow.door.set(if immtrac2 {
            Door::ImmTrac2
        } else {
            Door::IamOnline
        });
    }
    view! { <AuthenticatorList optional=false/> }
}

/// The list of what may be set up (the flow's `second_factors`) for the
/// sign-in `flow.transaction_id`, then the statement. `optional`: "Set up
/// optional" after an activation (the password done, Continue skips);
/// otherwise "Set up required".
#[component]
pub fn AuthenticatorList(optional: bool) -> impl IntoView {
    let flow = use_flow();
    let portal = crate::components::portal_name(crate::components::use_config());
    let nav = use_navigator();
    // Set up: the statement follows on this screen.
    let at_statement = RwSignal::new(false);
    let next = move |step: iam_shared::dto::signin::SigninStepResponse| {
        if step.next_step == iam_shared::NextStep::Confidentiality {
            flow.transaction_id.set(Some(step.transaction_id));
            at_statement.set(true);
        } else {
            nav.go(flow.advance(&step));
        }
    };
    let setting_up = Submission::new();
    let app = RwSignal::new(None::<TotpSetupResponse>);
    let code = RwSignal::new(String::new());
    let (code_error, set_code_error) = signal(None::<&'static str>);
    let failed = move |problem: &Problem| handle_failure(flow, problem);
    let set_up_passkey = move |_| {
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        setting_up.run(passkey::set_up_during_sign_in(tx), next, failed);
    };
    let set_up_app = move |_| {
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        setting_up.run(
            api::begin_signin_app_setup(tx, t(signin::METHOD_TOTP).to_owned()),
            move |started| {
                code.set(String::new());
                app.set(Some(started));
            },
            failed,
        );
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(tx), Some(started)) = (flow.transaction_id.get_untracked(), app.get_untracked())
        else {
            return;
        };
        let typed = code.get_untracked().trim().to_owned();
        if !rules::is_valid_email_code(&typed) {
            set_code_error.set(Some(t(account::ENTER_APP_CODE)));
            return;
        }
        set_code_error.set(None);
        setting_up.run(
            api::confirm_signin_app_setup(tx, started.id, typed),
            next,
            move |problem: &Problem| {
                code.set(String::new());
                failed(problem);
            },
        );
    };
    let offered = move |method| flow.second_factors.get().contains(&method);
    view! {
        <Show when=move || !at_statement.get() fallback=Confidentiality>
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                {move || match app.get() {
                    None => view! {
                        <StepTitle>{t(account::SET_UP_METHODS)}</StepTitle>
                        {move || flow.owner.get().map(|owner| view! { <p class="signing-in-as">{owner.username}</p> })}
                        <p>{move || if optional {
                            tf(account::METHODS_HELP_OPTIONAL, &[("portal", portal().as_str())])
                        } else {
                            t(account::METHOD_REQUIRED_INTRO).to_owned()
                        }}</p>
                        {setting_up.banner()}
                        <h2>{t(account::SET_UP_REQUIRED)}</h2>
                        {optional.then(|| view! {
                            <ul class="methods">
                                <li><span><strong>{t(signin::METHOD_PASSWORD)}</strong><br/>
                                    <small class="muted">{t(account::CHOOSE_A_PASSWORD)}</small><br/>
                                    <small class="muted">{t(account::USED_FOR_ACCESS)}</small></span>
                                    <span class="done">{t(account::DONE)}</span></li>
                            </ul>
                            <h2>{t(account::SET_UP_OPTIONAL)}</h2>
                        })}
                        <ul class="methods">
                            {offered(SigninMethod::Passkey).then(|| view! {
                                <li>
                                    <span><strong>{t(signin::METHOD_PASSKEY)}</strong><br/>
                                        <small class="muted">{t(account::PASSKEY_HELP)}</small></span>
                                    {if passkey::supported() {
                                        view! {
                                            <button type="button" disabled=move || setting_up.pending.get()
                                                aria-label=t(account::SET_UP_PASSKEY_LABEL) on:click=set_up_passkey>{t(account::SET_UP)}</button>
                                        }.into_any()
                                    } else {
                                        view! { <span class="muted">{t(account::NO_PASSKEYS_HERE)}</span> }.into_any()
                                    }}
                                </li>
                            })}
                            {offered(SigninMethod::Totp).then(|| view! {
                                <li>
                                    <span><strong>{t(signin::METHOD_TOTP)}</strong><br/>
                                        <small class="muted">{t(account::APP_HELP)}</small></span>
                                    <button type="button" disabled=move || setting_up.pending.get()
                                        aria-label=t(account::SET_UP_APP_LABEL) on:click=set_up_app>{t(account::SET_UP)}</button>
                                </li>
                            })}
                        </ul>
                        {optional.then(|| view! {
                            <p><button type="button" class="primary" disabled=move || setting_up.pending.get()
                                on:click=move |_| at_statement.set(true)>{t(account::CONTINUE)}</button></p>
                        })}
                        <BackToSignIn/>
                    }.into_any(),
                    Some(started) => view! {
                        <StepTitle>{t(account::SET_UP_APP_TITLE)}</StepTitle>
                        <ol>
                            <li>{t(account::APP_STEP_OPEN)}</li>
                            <li>{t(account::APP_STEP_SCAN)}</li>
                            <li>{t(account::ENTER_APP_CODE)}</li>
                        </ol>
                        <img src=qr_image(&started.qr_svg) width="200" height="200"
                            alt=t(account::QR_ALT)/>
                        <p>{t(account::KEY_LABEL)}<code class="secret">{grouped(&started.secret)}</code></p>
                        {setting_up.banner()}
                        <form on:submit=confirm novalidate>
                            <TextField id="setup-code" label=t(signin::ENTER_CODE) autocomplete="one-time-code" inputmode="numeric"
                                value=code error=code_error autofocus=true/>
                            <button type="submit" class="primary" disabled=move || setting_up.pending.get()>
                                {move || if setting_up.pending.get() { t(signin::VERIFYING) } else { t(signin::VERIFY) }}
                            </button>
                        </form>
                        <p><button type="button" class="link-button" on:click=move |_| app.set(None)>{t(account::RETURN_TO_LIST)}</button></p>
                    }.into_any(),
                }}
            </div>
        </Show>
        </Show>
    }
}
