//! One account: its facts, the actions support may take, the caller check
//! and the account's recent events.

use iam_shared::dto::admin::{AdminUserDetail, DeliveryState};
use iam_shared::i18n::{common, console, signin};
use iam_shared::types::{AccountStatus, AuthenticatorKind, MembershipRole};
use leptos::prelude::*;

use super::{status_label, ConsoleNav, EventTable};
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;
use crate::i18n::{t, tf};
use crate::router::query_param;

/// What a session's sign-in used (its RFC 8176 `amr`), in words.
fn verified_with(amr: &str) -> &'static str {
    let has = |m: &str| amr.split_whitespace().any(|a| a == m);
    if has("hwk") || has("swk") {
        if has("pwd") {
            t(console::VERIFIED_PASSWORD_AND_PASSKEY)
        } else {
            t(signin::METHOD_PASSKEY)
        }
    } else if has("mfa") {
        t(console::VERIFIED_PASSWORD_AND_APP)
    } else if has("otp") {
        t(console::VERIFIED_PASSWORD_AND_EMAIL)
    } else {
        t(signin::METHOD_PASSWORD)
    }
}

/// A count of failures from unknown devices, and whether they are blocked.
fn blocked_count(failures: i32, blocked_until: Option<String>) -> String {
    match blocked_until {
        Some(until) => tf(
            console::BLOCKED_UNTIL,
            &[("failures", &failures.to_string()), ("until", &until)],
        ),
        None => failures.to_string(),
    }
}

/// A security method: its name, kind, when it was added and last used.
fn method_line(name: &str, kind: AuthenticatorKind, added: &str, used: Option<&str>) -> String {
    let kind = match kind {
        AuthenticatorKind::Totp => t(console::KIND_TOTP),
        AuthenticatorKind::Passkey => t(console::KIND_PASSKEY),
    };
    let args = [("name", name), ("kind", kind), ("added", added)];
    match used {
        Some(used) => tf(
            console::METHOD_LAST_USED,
            &[args[0], args[1], args[2], ("used", used)],
        ),
        None => tf(console::METHOD_NEVER_USED, &args),
    }
}

fn delivery_label(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Queued => t(console::DELIVERY_QUEUED),
        DeliveryState::Sent => t(console::DELIVERY_SENT),
        DeliveryState::Retrying => t(console::DELIVERY_RETRYING),
        DeliveryState::Failed => t(console::DELIVERY_FAILED),
    }
}

/// A membership's role as staff read it (the English is the wire name).
fn role_name(role: MembershipRole) -> &'static str {
    t(match role {
        MembershipRole::User => console::MEMBER_USER,
        MembershipRole::Poc => console::MEMBER_POC,
        MembershipRole::Support => console::MEMBER_SUPPORT,
        MembershipRole::Admin => console::MEMBER_ADMIN,
    })
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
            <h1>{t(console::ACCOUNT)}</h1>
            <ConsoleNav/>
            {loading.banner()}
            {move || (detail.get().is_none() && loading.problem.get().is_none())
                .then(|| view! { <p role="status">{t(common::LOADING)}</p> })}
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
                        <dt>{t(console::STATUS)}</dt><dd>{status_label(status)}</dd>
                        <dt>{t(console::EMAIL)}</dt><dd>{d.user.email.clone()}</dd>
                        <dt>{t(console::PHONE)}</dt><dd>{d.phone.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>{t(console::FAILED_SIGNINS_OWN)}</dt><dd>{d.failed_login_count}</dd>
                        <dt>{t(console::FAILED_RESETS_OWN)}</dt><dd>{d.failed_reset_count}</dd>
                        <dt>{t(console::FAILED_SIGNINS_UNKNOWN)}</dt><dd>{blocked_count(d.unknown_device_failed_login_count, d.unknown_devices_blocked_until.clone())}</dd>
                        <dt>{t(console::FAILED_RESETS_UNKNOWN)}</dt><dd>{blocked_count(d.unknown_device_failed_reset_count, d.unknown_device_resets_blocked_until.clone())}</dd>
                        <dt>{t(console::LAST_SIGN_IN)}</dt><dd>{d.user.last_login_at.clone().unwrap_or_else(|| t(console::NEVER).into())}</dd>
                        <dt>{t(console::CREATED)}</dt><dd>{d.created_at.clone()}</dd>
                        <dt>{t(console::PASSWORD)}</dt><dd>{if d.user.directory_account {
                            match d.directory_synced_at.clone() {
                                Some(when) => tf(console::DIRECTORY_SYNCED, &[("when", &when)]),
                                None => t(console::DIRECTORY_NEVER_SYNCED).to_owned(),
                            }
                        } else {
                            t(console::KEPT_BY_PORTAL).to_owned()
                        }}</dd>
                    </dl>
                    <div class="actions" role="group" aria-label=t(console::ACCOUNT_ACTIONS)>
                        {(status == AccountStatus::Locked).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_unlock("unlock", t(console::UNLOCKED))>{t(console::UNLOCK)}</button>
                        })}
                        {(status == AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_enable("enable", t(console::ENABLED))>{t(console::ENABLE)}</button>
                        })}
                        {(status == AccountStatus::PendingActivation).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_resend("resend-activation", t(console::ACTIVATION_RESENT))>{t(console::RESEND_ACTIVATION)}</button>
                        })}
                        {unknown_failures.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_clear("clear-device-blocks", t(console::DEVICE_BLOCKS_CLEARED))>{t(console::CLEAR_DEVICE_BLOCKS)}</button>
                        })}
                        {has_sessions.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_revoke("revoke-sessions", t(console::SESSIONS_ENDED))>{t(console::END_ALL_SESSIONS)}</button>
                        })}
                        {(!d.user.directory_account && matches!(status, AccountStatus::Active | AccountStatus::Locked)).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(true)>{t(console::REQUIRE_NEW_PASSWORD)}</button>
                        })}
                        {has_methods.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_reset_methods.set(true)>{t(console::RESET_METHODS)}</button>
                        })}
                        {d.directory_link_available.then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_link.set(true)>{t(console::LINK_DIRECTORY)}</button>
                        })}
                        {(status != AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_disable.set(true)>{t(console::DISABLE)}</button>
                        })}
                    </div>
                    {move || confirm_new_password.get().then(|| {
                        let act_new_password = act_new_password.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-password-text">
                                <p id="confirm-password-text">{t(console::CONFIRM_NEW_PASSWORD)}</p>
                                <button type="button" class="danger" on:click=move |_| act_new_password("require-password-change", t(console::NEW_PASSWORD_REQUIRED))>{t(console::YES_REQUIRE_NEW_PASSWORD)}</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(false)>{t(console::CANCEL)}</button>
                            </div>
                        }
                    })}
                    {move || confirm_reset_methods.get().then(|| {
                        let act_reset_methods = act_reset_methods.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-methods-text">
                                <p id="confirm-methods-text">{t(console::CONFIRM_RESET_METHODS)}</p>
                                <button type="button" class="danger" on:click=move |_| {
                                    confirm_reset_methods.set(false);
                                    act_reset_methods("reset-authenticators", t(console::METHODS_RESET));
                                }>{t(console::YES_RESET_THEM)}</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_reset_methods.set(false)>{t(console::CANCEL)}</button>
                            </div>
                        }
                    })}
                    {move || confirm_link.get().then(|| {
                        let act_link = act_link.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-link-text">
                                <p id="confirm-link-text">{t(console::CONFIRM_LINK)}</p>
                                <button type="button" class="primary" on:click=move |_| act_link("link-directory", t(console::LINKED))>{t(console::YES_LINK_IT)}</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_link.set(false)>{t(console::CANCEL)}</button>
                            </div>
                        }
                    })}
                    {move || confirm_disable.get().then(|| {
                        let act_disable = act_disable.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                                <p id="confirm-text">{tf(console::CONFIRM_DISABLE, &[("name", &name)])}</p>
                                <button type="button" class="danger" on:click=move |_| act_disable("disable", t(console::DISABLED))>{t(console::YES_DISABLE)}</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_disable.set(false)>{t(console::CANCEL)}</button>
                            </div>
                        }
                    })}
                    <CallerCheck user_id=d.user.id.clone() question=d.security_question.clone()/>
                    <h3>{t(console::ORGANIZATIONS)}</h3>
                    {if d.memberships.is_empty() {
                        view! { <p class="muted">{t(console::NONE)}</p> }.into_any()
                    } else {
                        view! { <ul>{d.memberships.into_iter().map(|m| view! {
                            <li>{format!("{} ({}) — {}", m.organization_name, m.org_code, role_name(m.role))}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>{t(console::SECURITY_METHODS)}</h3>
                    {if d.authenticators.is_empty() {
                        view! { <p class="muted">{t(console::ONLY_PASSWORD_AND_EMAIL)}</p> }.into_any()
                    } else {
                        view! { <ul>{d.authenticators.into_iter().map(|m| view! {
                            <li>{method_line(&m.name, m.kind, &m.created_at, m.last_used_at.as_deref())}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>{t(console::SESSIONS)}</h3>
                    {if d.sessions.is_empty() {
                        view! { <p class="muted">{t(console::NO_LIVE_SESSIONS)}</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">{t(console::LIVE_SESSIONS)}</caption>
                            <thead><tr><th scope="col">{t(console::STARTED)}</th><th scope="col">{t(console::LAST_SEEN)}</th><th scope="col">{t(console::DOOR)}</th><th scope="col">{t(console::VERIFIED_WITH)}</th><th scope="col">{t(console::ADDRESS)}</th></tr></thead>
                            <tbody>{d.sessions.into_iter().map(|s| view! {
                                <tr><td>{s.created_at}</td><td>{s.last_seen_at}</td><td>{s.door}</td><td>{verified_with(&s.amr)}</td><td>{s.ip.unwrap_or_default()}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>{t(console::EMAILS)}</h3>
                    {if d.emails.is_empty() {
                        view! { <p class="muted">{t(console::NO_EMAILS)}</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">{t(console::EMAILS_CAPTION)}</caption>
                            <thead><tr><th scope="col">{t(console::QUEUED_AT)}</th><th scope="col">{t(console::SUBJECT)}</th><th scope="col">{t(console::DELIVERY)}</th><th scope="col">{t(console::ATTEMPTS)}</th></tr></thead>
                            <tbody>{d.emails.into_iter().map(|m| view! {
                                <tr><td>{m.created_at}</td><td>{m.subject}</td>
                                    <td>{delivery_label(m.state)}{m.last_error.map(|e| format!(" ({e})"))}</td>
                                    <td>{m.attempts}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>{t(console::RECENT_EVENTS)}</h3>
                    <EventTable events=d.recent_events caption=t(console::RECENT_EVENTS_CAPTION)/>
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
            <h3>{t(console::VERIFY_A_CALLER)}</h3>
            <p class="muted">{t(console::NO_SECURITY_QUESTION)}</p>
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
        <h3>{t(console::VERIFY_A_CALLER)}</h3>
        <p>{t(console::ASK_THE_CALLER)}<q>{question}</q></p>
        <form on:submit=on_submit>
            <label for="caller-answer">{t(console::CALLERS_ANSWER)}</label>
            <input id="caller-answer" type="text" autocomplete="off" required
                prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || check.pending.get()>{t(console::CHECK_ANSWER)}</button>
        </form>
        {check.banner()}
        {move || verdict.get().map(|(matched, text)| view! {
            <p role="status" class=if matched { "success" } else { "field-error" }>{text}</p>
        })}
    }
    .into_any()
}
