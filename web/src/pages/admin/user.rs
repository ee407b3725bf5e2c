//! One account: its facts, the actions support may take, the caller check
//! and the account's recent events.

use iam_shared::dto::admin::{AdminUserDetail, DeliveryState};
use iam_shared::types::AccountStatus;
use leptos::prelude::*;

use super::{status_label, ConsoleNav, EventTable};
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;
use crate::router::query_param;

/// What a session's sign-in used (its RFC 8176 `amr`), in words.
fn verified_with(amr: &str) -> &'static str {
    let has = |m: &str| amr.split_whitespace().any(|a| a == m);
    if has("hwk") || has("swk") {
        if has("pwd") {
            "Password and passkey"
        } else {
            "Passkey"
        }
    } else if has("mfa") {
        "Password and authenticator app"
    } else if has("otp") {
        "Password and e-mail code"
    } else {
        "Password"
    }
}

/// A count of failures from unknown devices, and whether they are blocked.
fn blocked_count(failures: i32, blocked_until: Option<String>) -> String {
    match blocked_until {
        Some(until) => format!("{failures} — unknown devices blocked until {until}"),
        None => failures.to_string(),
    }
}

fn delivery_label(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Queued => "Queued",
        DeliveryState::Sent => "Sent",
        DeliveryState::Retrying => "Retrying",
        DeliveryState::Failed => "Failed",
    }
}
/// One account: facts, actions, the caller check and the timeline.
#[component]
pub fn UserDetail() -> impl IntoView {
    let flow = use_flow();
    let id = query_param("id").unwrap_or_default();
    let detail = RwSignal::new(None::<AdminUserDetail>);
    let loading = Submission::new();
    let load_id = id.clone();
    loading.run(
        async move {
            flow.authorized(move |t| api::admin_get_user(t, load_id.clone()))
                .await
        },
        move |d| detail.set(Some(d)),
        |_| {},
    );
    let notice = RwSignal::new(None::<String>);
    let acting = Submission::new();
    let confirm_disable = RwSignal::new(false);
    let confirm_new_password = RwSignal::new(false);
    let confirm_reset_methods = RwSignal::new(false);
    let confirm_link = RwSignal::new(false);
    let act = {
        let id = id.clone();
        move |action: &'static str, done: &'static str| {
            let id = id.clone();
            notice.set(None);
            confirm_disable.set(false);
            confirm_new_password.set(false);
            confirm_link.set(false);
            acting.run(
                async move {
                    flow.authorized(move |t| api::admin_act(t, id.clone(), action))
                        .await
                },
                move |d| {
                    detail.set(Some(d));
                    notice.set(Some(done.to_owned()));
                },
                |_| {},
            );
        }
    };
    view! {
        <div class="card wide">
            <h1>"Account"</h1>
            <ConsoleNav/>
            {loading.banner()}
            {move || (detail.get().is_none() && loading.problem.get().is_none())
                .then(|| view! { <p role="status">"Loading…"</p> })}
            {move || notice.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {acting.banner()}
            {move || detail.get().map(|d| {
                let act = act.clone();
                let status = d.user.status;
                let name = format!("{} {}", d.user.first_name, d.user.last_name);
                let act_unlock = act.clone();
                let act_enable = act.clone();
                let act_resend = act.clone();
                let act_revoke = act.clone();
                let act_disable = act.clone();
                let act_clear = act.clone();
                let act_new_password = act.clone();
                let act_reset_methods = act.clone();
                let act_link = act.clone();
                let has_methods = !d.authenticators.is_empty();
                let has_sessions = !d.sessions.is_empty();
                let unknown_failures =
                    d.unknown_device_failed_login_count > 0 || d.unknown_device_failed_reset_count > 0;
                view! {
                    <h2>{format!("{} ({})", name, d.user.username)}</h2>
                    <dl class="facts">
                        <dt>"Status"</dt><dd>{status_label(status)}</dd>
                        <dt>"E-mail"</dt><dd>{d.user.email.clone()}</dd>
                        <dt>"Phone"</dt><dd>{d.phone.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Failed sign-ins (own devices)"</dt><dd>{d.failed_login_count}</dd>
                        <dt>"Failed reset requests (own devices)"</dt><dd>{d.failed_reset_count}</dd>
                        <dt>"Failed sign-ins (unknown devices)"</dt><dd>{blocked_count(d.unknown_device_failed_login_count, d.unknown_devices_blocked_until.clone())}</dd>
                        <dt>"Failed reset requests (unknown devices)"</dt><dd>{blocked_count(d.unknown_device_failed_reset_count, d.unknown_device_resets_blocked_until.clone())}</dd>
                        <dt>"Last sign-in"</dt><dd>{d.user.last_login_at.clone().unwrap_or_else(|| "Never".into())}</dd>
                        <dt>"Created"</dt><dd>{d.created_at.clone()}</dd>
                        <dt>"Password"</dt><dd>{if d.user.directory_account {
                            format!("HHS/DSHS network (directory), last synced {}", d.directory_synced_at.clone().unwrap_or_else(|| "never".into()))
                        } else {
                            "Kept by the portal".to_owned()
                        }}</dd>
                    </dl>
                    <div class="actions" role="group" aria-label="Account actions">
                        {(status == AccountStatus::Locked).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_unlock("unlock", "The account is unlocked.")>"Unlock account"</button>
                        })}
                        {(status == AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_enable("enable", "The account is enabled.")>"Enable account"</button>
                        })}
                        {(status == AccountStatus::PendingActivation).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_resend("resend-activation", "A new Welcome e-mail is on its way; earlier links no longer work.")>"Resend activation e-mail"</button>
                        })}
                        {unknown_failures.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_clear("clear-device-blocks", "Failures from unknown devices are cleared; new devices may sign in again.")>"Clear unknown-device failures"</button>
                        })}
                        {has_sessions.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_revoke("revoke-sessions", "Every session of the account has ended.")>"End all sessions"</button>
                        })}
                        {(!d.user.directory_account && matches!(status, AccountStatus::Active | AccountStatus::Locked)).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(true)>"Require a new password"</button>
                        })}
                        {has_methods.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_reset_methods.set(true)>"Reset security methods"</button>
                        })}
                        {d.directory_link_available.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_link.set(true)>"Link to the directory"</button>
                        })}
                        {(status != AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_disable.set(true)>"Disable account"</button>
                        })}
                    </div>
                    {move || confirm_new_password.get().then(|| {
                        let act_new_password = act_new_password.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-password-text">
                                <p id="confirm-password-text">"Require a new password? The account is signed out everywhere and locked until its owner sets a new password from the link we e-mail them."</p>
                                <button type="button" class="danger" on:click=move |_| act_new_password("require-password-change", "The owner was signed out and e-mailed a link to choose a new password.")>"Yes, require a new password"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    {move || confirm_reset_methods.get().then(|| {
                        let act_reset_methods = act_reset_methods.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-methods-text">
                                <p id="confirm-methods-text">"Reset the security methods? Every authenticator app and passkey of the account is removed and its owner is told by e-mail; they sign in with the e-mail code until they set up another. Verify the caller first."</p>
                                <button type="button" class="danger" on:click=move |_| {
                                    confirm_reset_methods.set(false);
                                    act_reset_methods("reset-authenticators", "The security methods are reset; the owner was told by e-mail.");
                                }>"Yes, reset them"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_reset_methods.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    {move || confirm_link.get().then(|| {
                        let act_link = act_link.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-link-text">
                                <p id="confirm-link-text">"Link this account to its owner's HHS/DSHS network account, found by its e-mail address? From then on it signs in with the network password: the portal's password is dropped, and its names, e-mail address and organizations follow the directory."</p>
                                <button type="button" class="primary" on:click=move |_| act_link("link-directory", "The account is linked: it now signs in with the HHS/DSHS network password.")>"Yes, link it"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_link.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    {move || confirm_disable.get().then(|| {
                        let act_disable = act_disable.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                                <p id="confirm-text">{format!("Disable the account of {}? It cannot sign in until support enables it, and its sessions end now.", name)}</p>
                                <button type="button" class="danger" on:click=move |_| act_disable("disable", "The account is disabled.")>"Yes, disable"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_disable.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    <CallerCheck user_id=d.user.id.clone() question=d.security_question.clone()/>
                    <h3>"Organizations"</h3>
                    {if d.memberships.is_empty() {
                        view! { <p class="muted">"None"</p> }.into_any()
                    } else {
                        view! { <ul>{d.memberships.into_iter().map(|m| view! {
                            <li>{format!("{} ({}) — {}", m.organization_name, m.org_code, m.role.as_str())}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>"Security methods"</h3>
                    {if d.authenticators.is_empty() {
                        view! { <p class="muted">"Password and e-mail code only"</p> }.into_any()
                    } else {
                        view! { <ul>{d.authenticators.into_iter().map(|m| view! {
                            <li>{format!("{} — {}, added {}, {}", m.name, m.kind.label(), m.created_at,
                                m.last_used_at.map_or("never used".to_owned(), |at| format!("last used {at}")))}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>"Sessions"</h3>
                    {if d.sessions.is_empty() {
                        view! { <p class="muted">"No live sessions"</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">"Live sessions"</caption>
                            <thead><tr><th scope="col">"Started"</th><th scope="col">"Last seen"</th><th scope="col">"Door"</th><th scope="col">"Verified with"</th><th scope="col">"Address"</th></tr></thead>
                            <tbody>{d.sessions.into_iter().map(|s| view! {
                                <tr><td>{s.created_at}</td><td>{s.last_seen_at}</td><td>{s.door}</td><td>{verified_with(&s.amr)}</td><td>{s.ip.unwrap_or_default()}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>"E-mails"</h3>
                    {if d.emails.is_empty() {
                        view! { <p class="muted">"No e-mails"</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">"E-mails sent to this user"</caption>
                            <thead><tr><th scope="col">"Queued"</th><th scope="col">"Subject"</th><th scope="col">"Delivery"</th><th scope="col">"Attempts"</th></tr></thead>
                            <tbody>{d.emails.into_iter().map(|m| view! {
                                <tr><td>{m.created_at}</td><td>{m.subject}</td>
                                    <td>{delivery_label(m.state)}{m.last_error.map(|e| format!(" ({e})"))}</td>
                                    <td>{m.attempts}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>"Recent events"</h3>
                    <EventTable events=d.recent_events caption="Recent events of this user"/>
                }
            })}
        </div>
    }
}

/// "Verify a caller": compare the answer a caller gives on the phone.
#[component]
fn CallerCheck(user_id: String, question: Option<String>) -> impl IntoView {
    let flow = use_flow();
    let answer = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<(bool, String)>);
    let check = Submission::new();
    let Some(question) = question else {
        return view! {
            <h3>"Verify a caller"</h3>
            <p class="muted">"No security question on file yet (the account was not activated)."</p>
        }
        .into_any();
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verdict.set(None);
        let (id, said) = (user_id.clone(), answer.get_untracked());
        check.run(
            async move {
                flow.authorized(move |t| api::admin_verify_answer(t, id.clone(), said.clone()))
                    .await
            },
            move |v| verdict.set(Some((v.matched, v.message))),
            |_| {},
        );
    };
    view! {
        <h3>"Verify a caller"</h3>
        <p>"Ask the caller: " <q>{question}</q></p>
        <form on:submit=on_submit>
            <label for="caller-answer">"The caller's answer"</label>
            <input id="caller-answer" type="text" autocomplete="off" required
                prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || check.pending.get()>"Check answer"</button>
        </form>
        {check.banner()}
        {move || verdict.get().map(|(matched, text)| view! {
            <p role="status" class=if matched { "success" } else { "field-error" }>{text}</p>
        })}
    }
    .into_any()
}
