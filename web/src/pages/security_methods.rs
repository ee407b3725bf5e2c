//! "Security methods" under Manage My Access: the authenticator apps and
//! passkeys the user set up, adding one (an app: its QR code, then its
//! first code; a passkey: the browser makes it) and removing one. Adding and removing need a whole sign-in in the last five minutes:
//! when the server says so, the screen offers to sign in again.

use iam_shared::dto::authenticators::{AuthenticatorView, TotpSetupResponse};
use iam_shared::{rules, ErrorCode, Page, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{message_for, Submission, TextField};
use crate::flow::{use_flow, use_navigator};
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

#[component]
pub fn SecurityMethods() -> impl IntoView {
    let flow = use_flow();
    let methods = RwSignal::new(None::<Vec<AuthenticatorView>>);
    let setup = RwSignal::new(None::<TotpSetupResponse>);
    let nav = use_navigator();
    // The server wants a fresh sign-in before a change.
    let stale = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let name = RwSignal::new("Authenticator app".to_owned());
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
    let passkey_name = RwSignal::new("Passkey".to_owned());
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
                passkey_name.set("Passkey".to_owned());
                done.set(Some(format!(
                    "{} is set up. Next time, choose \"Sign in with a passkey\".",
                    added.name
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
            set_name_error.set(Some("Enter a name of up to 60 characters."));
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
                done.set(Some(format!("Renamed to {}.", renamed.name)));
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
                done.set(Some(format!("{label} was removed.")));
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
            set_code_error.set(Some("Enter the 6-digit code the app shows."));
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
                name.set("Authenticator app".to_owned());
                done.set(Some(format!(
                    "{} is set up. Use its codes when you sign in (Verify with something else).",
                    added.name
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
                    set_code_error.set(Some(
                        "That is not the code the app shows now. Enter the current code.",
                    ));
                }
            },
        );
    };
    view! {
        <h2 id="security-methods">"Security methods"</h2>
        <p class="muted">"Besides your password and the code we e-mail you, a passkey (this device's screen lock or a security key) or an authenticator app on your phone can verify it's you. A passkey cannot be used on a fake site."</p>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || load.problem.get().map(|p| view! { <p role="alert" class="error-banner">{message_for(&p)}</p> })}
        {act.banner()}
        {move || match methods.get() {
            None => view! { <p role="status">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p>"No passkey or authenticator app is set up."</p> }.into_any(),
            Some(list) => view! {
                <ul class="methods">{list.into_iter().map(|m| {
                    let (id, label) = (m.id.clone(), m.name.clone());
                    let (rename_id, rename_label) = (m.id.clone(), m.name.clone());
                    let this = m.id.clone();
                    let used = m.last_used_at.as_deref().map_or("never used".to_owned(), |at| format!("last used {}", day(at)));
                    let (shown, details) = (m.name.clone(), format!(" — {}, added {}, {used}", m.kind.label(), day(&m.created_at)));
                    view! {
                        <li>
                            {move || if renaming.get().as_deref() == Some(this.as_str()) {
                                view! {
                                    <form class="rename" on:submit=save_name novalidate>
                                        <TextField id="rename" label="New name" autocomplete="off" value=new_name error=name_error autofocus=true/>
                                        <button type="submit" class="primary" disabled=move || act.pending.get()>"Save"</button>
                                        <button type="button" class="secondary" on:click=move |_| renaming.set(None)>"Cancel"</button>
                                    </form>
                                }.into_any()
                            } else {
                                view! { <span><strong>{shown.clone()}</strong>{details.clone()}</span> }.into_any()
                            }}
                            <span class="actions">
                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                    aria-label=format!("Rename {rename_label}")
                                    on:click={
                                        let (id, label) = (rename_id.clone(), rename_label.clone());
                                        move |_| { new_name.set(label.clone()); set_name_error.set(None); renaming.set(Some(id.clone())); }
                                    }>"Rename"</button>
                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                    aria-label=format!("Remove {}", m.name)
                                    on:click=move |_| remove(id.clone(), label.clone())>"Remove"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}</ul>
            }.into_any(),
        }}
        {move || stale.get().then(|| view! {
            <p><button type="button" class="primary" on:click=sign_in_again>"Sign in again"</button></p>
        })}
        {move || (setup.get().is_none() && passkey::supported()).then(|| view! {
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); add_passkey(); }>
                <TextField id="passkey-name" label="Name for the passkey (for example, This laptop)" autocomplete="off" value=passkey_name error=Signal::derive(|| None)/>
                <button type="submit" class="secondary" disabled=move || act.pending.get()>"Add a passkey"</button>
            </form>
        })}
        {move || match setup.get() {
            None => view! {
                <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); begin(); }>
                    <TextField id="app-name" label="Name for the app (for example, Work phone)" autocomplete="off" value=name error=Signal::derive(|| None)/>
                    <button type="submit" class="secondary" disabled=move || act.pending.get()>"Set up an authenticator app"</button>
                </form>
            }.into_any(),
            Some(started) => view! {
                <div class="setup">
                    <h3>"Set up your authenticator app"</h3>
                    <ol>
                        <li>"Open Google Authenticator, Microsoft Authenticator, Okta Verify or another authenticator app and add an account."</li>
                        <li>"Scan this QR code, or type the key below."</li>
                        <li>"Enter the 6-digit code the app shows. This set-up expires in 10 minutes."</li>
                    </ol>
                    <img src=qr_image(&started.qr_svg) width="200" height="200"
                        alt="QR code of the authenticator app key; the same key is written out below"/>
                    <p>"Key: "<code class="secret">{grouped(&started.secret)}</code></p>
                    <form on:submit=confirm novalidate>
                        <TextField id="setup-code" label="Enter Code" autocomplete="one-time-code" inputmode="numeric"
                            value=code error=code_error autofocus=true/>
                        <button type="submit" class="primary" disabled=move || act.pending.get()>
                            {move || if act.pending.get() { "Verifying…" } else { "Verify" }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| setup.set(None)>"Cancel"</button>
                    </form>
                </div>
            }.into_any(),
        }}
    }
}
