//! "Security methods" under Manage My Access: the authenticator apps and
//! passkeys the user set up, adding one (an app: its QR code, then its
//! first code; a passkey: the browser makes it) and removing one. Adding and removing need a whole sign-in in the last five minutes:
//! when the server says so, the screen offers to sign in again.

use iam_shared::dto::authenticators::{AuthenticatorView, TotpSetupResponse};
use iam_shared::i18n::{account, common, signin};
use iam_shared::types::AuthenticatorKind;
use iam_shared::{rules, ErrorCode, Page, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{message_for, Submission, TextField};
use crate::flow::{use_flow, use_navigator};
use crate::i18n::{t, tf};
use crate::passkey;

/// The QR code as an image: an `<img>` of the server's SVG never runs
/// anything the SVG might hold.
pub fn qr_image(svg: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}

/// The key in groups of four, as the apps accept it typed.
pub fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_owned()
}

/// What the list calls a kind, within a sentence.
fn kind_label(kind: AuthenticatorKind) -> &'static str {
    match kind {
        AuthenticatorKind::Totp => t(account::KIND_TOTP),
        AuthenticatorKind::Passkey => t(account::KIND_PASSKEY),
    }
}

#[component]
pub fn SecurityMethods() -> impl IntoView {
    let flow = use_flow();
    let methods = RwSignal::new(None::<Vec<AuthenticatorView>>);
    let setup = RwSignal::new(None::<TotpSetupResponse>);
    let nav = use_navigator();
    // The server wants a fresh sign-in before a change.
    let stale = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let name = RwSignal::new(t(signin::METHOD_TOTP).to_owned());
    let code = RwSignal::new(String::new());
    let (code_error, set_code_error) = signal(None::<&'static str>);
    let load = Submission::new();
    let reload = move || {
        load.run(
            async move { flow.authorized(api::list_authenticators).await },
            move |list| methods.set(Some(list.authenticators)),
            |_| {},
        );
    };
    reload();
    let act = Submission::new();
    let refused = move |problem: &Problem| {
        stale.set(problem.code == ErrorCode::ReauthenticationRequired);
    };
    let sign_in_again = move |_| {
        act.run(
            async move { flow.authorized(api::logout).await },
            move |_| {
                flow.access_token.set(None);
                nav.go(Page::SignIn);
            },
            move |_| {
                flow.access_token.set(None);
                nav.go(Page::SignIn);
            },
        );
    };
    let begin = move || {
        done.set(None);
        let chosen = name.get_untracked();
        act.run(
            async move {
                flow.authorized(|t| api::begin_app_setup(t, chosen.clone()))
                    .await
            },
            move |answer| {
                code.set(String::new());
                setup.set(Some(answer));
            },
            refused,
        );
    };
    let passkey_name = RwSignal::new(t(signin::METHOD_PASSKEY).to_owned());
    let add_passkey = move || {
        done.set(None);
        let chosen = passkey_name.get_untracked().trim().to_owned();
        act.run(
            async move {
                let ceremony = flow.authorized(passkey::begin_setup).await?;
                let credential = passkey::make(&ceremony).await?;
                flow.authorized(|t| {
                    passkey::finish_setup(t, ceremony.clone(), chosen.clone(), credential.clone())
                })
                .await
            },
            move |added| {
                passkey_name.set(t(signin::METHOD_PASSKEY).to_owned());
                done.set(Some(tf(
                    account::PASSKEY_ADDED,
                    &[("name", added.name.as_str())],
                )));
                reload();
            },
            refused,
        );
    };
    // The method being renamed, and the name typed so far.
    let renaming = RwSignal::new(None::<String>);
    let new_name = RwSignal::new(String::new());
    let (name_error, set_name_error) = signal(None::<&'static str>);
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = renaming.get_untracked() else {
            return;
        };
        let typed = new_name.get_untracked().trim().to_owned();
        if !rules::is_valid_authenticator_name(&typed) {
            set_name_error.set(Some(t(account::NAME_TOO_LONG)));
            return;
        }
        set_name_error.set(None);
        act.run(
            async move {
                flow.authorized(|t| api::rename_authenticator(t, id.clone(), typed.clone()))
                    .await
            },
            move |renamed| {
                renaming.set(None);
                done.set(Some(tf(
                    account::RENAMED,
                    &[("name", renamed.name.as_str())],
                )));
                reload();
            },
            refused,
        );
    };
    let remove = move |id: String, label: String| {
        done.set(None);
        act.run(
            async move {
                flow.authorized(|t| api::remove_authenticator(t, id.clone()))
                    .await
            },
            move |()| {
                done.set(Some(tf(account::REMOVED, &[("name", label.as_str())])));
                reload();
            },
            refused,
        );
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(started) = setup.get_untracked() else {
            return;
        };
        let typed = code.get_untracked().trim().to_owned();
        if !rules::is_valid_email_code(&typed) {
            set_code_error.set(Some(t(account::ENTER_APP_CODE)));
            return;
        }
        set_code_error.set(None);
        act.run(
            async move {
                flow.authorized(|t| api::confirm_app_setup(t, started.id.clone(), typed.clone()))
                    .await
            },
            move |added| {
                setup.set(None);
                name.set(t(signin::METHOD_TOTP).to_owned());
                done.set(Some(tf(
                    account::APP_ADDED,
                    &[("name", added.name.as_str())],
                )));
                reload();
            },
            move |problem: &Problem| {
                code.set(String::new());
                let wrong = problem
                    .field_errors
                    .as_ref()
                    .is_some_and(|fields| fields.contains_key("code"));
                if wrong {
                    set_code_error.set(Some(t(account::WRONG_APP_CODE)));
                }
            },
        );
    };
    view! {
        <h2 id="security-methods">{t(account::SECURITY_METHODS)}</h2>
        <p class="muted">{t(account::SECURITY_METHODS_INTRO)}</p>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || load.problem.get().map(|p| view! { <p role="alert" class="error-banner">{message_for(&p)}</p> })}
        {act.banner()}
        {move || match methods.get() {
            None => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p>{t(account::NO_METHODS)}</p> }.into_any(),
            Some(list) => view! {
                <ul class="methods">{list.into_iter().map(|m| {
                    let (id, label) = (m.id.clone(), m.name.clone());
                    let (rename_id, rename_label) = (m.id.clone(), m.name.clone());
                    let this = m.id.clone();
                    let used = m.last_used_at.as_deref().map_or_else(|| t(account::NEVER_USED).to_owned(), |at| tf(account::LAST_USED, &[("date", day(at).as_str())]));
                    let (shown, details) = (m.name.clone(), tf(account::METHOD_DETAILS, &[("kind", kind_label(m.kind)), ("date", day(&m.created_at).as_str()), ("used", used.as_str())]));
                    view! {
                        <li>
                            {move || if renaming.get().as_deref() == Some(this.as_str()) {
                                view! {
                                    <form class="rename" on:submit=save_name novalidate>
                                        <TextField id="rename" label=t(account::NEW_NAME) autocomplete="off" value=new_name error=name_error autofocus=true/>
                                        <button type="submit" class="primary" disabled=move || act.pending.get()>{t(account::SAVE)}</button>
                                        <button type="button" class="secondary" on:click=move |_| renaming.set(None)>{t(account::CANCEL)}</button>
                                    </form>
                                }.into_any()
                            } else {
                                view! { <span><strong>{shown.clone()}</strong>{details.clone()}</span> }.into_any()
                            }}
                            <span class="actions">
                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                    aria-label=tf(account::RENAME_NAMED, &[("name", rename_label.as_str())])
                                    on:click={
                                        let (id, label) = (rename_id.clone(), rename_label.clone());
                                        move |_| { new_name.set(label.clone()); set_name_error.set(None); renaming.set(Some(id.clone())); }
                                    }>{t(account::RENAME)}</button>
                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                    aria-label=tf(account::REMOVE_NAMED, &[("name", m.name.as_str())])
                                    on:click=move |_| remove(id.clone(), label.clone())>{t(account::REMOVE)}</button>
                            </span>
                        </li>
                    }
                }).collect_view()}</ul>
            }.into_any(),
        }}
        {move || stale.get().then(|| view! {
            <p><button type="button" class="primary" on:click=sign_in_again>{t(account::SIGN_IN_AGAIN)}</button></p>
        })}
        {move || (setup.get().is_none() && passkey::supported()).then(|| view! {
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); add_passkey(); }>
                <TextField id="passkey-name" label=t(account::PASSKEY_NAME_LABEL) autocomplete="off" value=passkey_name error=Signal::derive(|| None)/>
                <button type="submit" class="secondary" disabled=move || act.pending.get()>{t(account::ADD_PASSKEY)}</button>
            </form>
        })}
        {move || match setup.get() {
            None => view! {
                <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); begin(); }>
                    <TextField id="app-name" label=t(account::APP_NAME_LABEL) autocomplete="off" value=name error=Signal::derive(|| None)/>
                    <button type="submit" class="secondary" disabled=move || act.pending.get()>{t(account::SET_UP_AN_APP)}</button>
                </form>
            }.into_any(),
            Some(started) => view! {
                <div class="setup">
                    <h3>{t(account::SET_UP_APP_TITLE)}</h3>
                    <ol>
                        <li>{t(account::APP_STEP_OPEN_NAMED)}</li>
                        <li>{t(account::APP_STEP_SCAN)}</li>
                        <li>{t(account::APP_STEP_CODE_EXPIRES)}</li>
                    </ol>
                    <img src=qr_image(&started.qr_svg) width="200" height="200"
                        alt=t(account::QR_ALT)/>
                    <p>{t(account::KEY_LABEL)}<code class="secret">{grouped(&started.secret)}</code></p>
                    <form on:submit=confirm novalidate>
                        <TextField id="setup-code" label=t(signin::ENTER_CODE) autocomplete="one-time-code" inputmode="numeric"
                            value=code error=code_error autofocus=true/>
                        <button type="submit" class="primary" disabled=move || act.pending.get()>
                            {move || if act.pending.get() { t(signin::VERIFYING) } else { t(signin::VERIFY) }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| setup.set(None)>{t(account::CANCEL)}</button>
                    </form>
                </div>
            }.into_any(),
        }}
    }
}
