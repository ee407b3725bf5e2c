//! "Where you're signed in" under Manage My Access: the user's live
//! sessions (sign out one, or every other) and the browsers the account
//! knows (forget one). Ending a session needs a recent sign-in, as the
//! server says; the screen then offers to sign in again.

use iam_shared::dto::session::SessionListResponse;
use iam_shared::i18n::{account, common};
use iam_shared::{rules, ErrorCode, Page, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{message_for, Submission};
use crate::flow::{use_flow, use_navigator};
use crate::i18n::{t, tf};

fn device(user_agent: Option<&str>, ip: Option<&str>) -> String {
    let name = rules::describe_user_agent(
        user_agent.unwrap_or_default(),
        t(account::BROWSER_ON_SYSTEM),
        t(account::UNKNOWN_BROWSER),
    );
    match ip {
        Some(ip) => format!("{name} ({ip})"),
        None => name,
    }
}

fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[component]
pub fn Devices() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let listed = RwSignal::new(None::<SessionListResponse>);
    let stale = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let load = Submission::new();
    let reload = move || {
        load.run(
            async move { flow.authorized(api::list_sessions).await },
            move |list| listed.set(Some(list)),
            |_| {},
        );
    };
    reload();
    let act = Submission::new();
    let refused = move |problem: &Problem| {
        stale.set(problem.code == ErrorCode::ReauthenticationRequired);
    };
    let finished = move |message: String| {
        stale.set(false);
        done.set(Some(message));
        reload();
    };
    let sign_out = move |id: String, label: String| {
        done.set(None);
        act.run(
            async move {
                flow.authorized(|t| api::revoke_session(t, id.clone()))
                    .await
            },
            move |()| finished(tf(account::SIGNED_OUT_NAMED, &[("name", label.as_str())])),
            refused,
        );
    };
    let sign_out_others = move |_| {
        done.set(None);
        act.run(
            async move { flow.authorized(api::revoke_other_sessions).await },
            move |answer| finished(answer.message),
            refused,
        );
    };
    let forget = move |id: String, label: String| {
        done.set(None);
        act.run(
            async move { flow.authorized(|t| api::forget_device(t, id.clone())).await },
            move |()| finished(tf(account::FORGOTTEN, &[("name", label.as_str())])),
            refused,
        );
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
    view! {
        <h2 id="devices">{t(account::WHERE_SIGNED_IN)}</h2>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || load.problem.get().map(|p| view! { <p role="alert" class="error-banner">{message_for(&p)}</p> })}
        {act.banner()}
        {move || stale.get().then(|| view! {
            <p>{t(account::REAUTH_DEVICES)}
                <button type="button" class="primary" on:click=sign_in_again>{t(account::SIGN_IN_AGAIN)}</button></p>
        })}
        {move || match listed.get() {
            None => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
            Some(list) => {
                let others = list.sessions.iter().filter(|s| !s.current).count();
                view! {
                    <ul class="methods" id="sessions" aria-label=t(account::SESSIONS)>{list.sessions.into_iter().map(|s| {
                        let label = device(s.user_agent.as_deref(), s.ip.as_deref());
                        let (id, name) = (s.id.clone(), label.clone());
                        let since = tf(account::SESSION_TIMES, &[("signed_in", minute(&s.created_at).as_str()), ("last_active", minute(&s.last_seen_at).as_str())]);
                        view! {
                            <li>
                                <span><strong>{label.clone()}</strong>{since}{s.current.then(|| t(account::THIS_DEVICE))}</span>
                                {(!s.current).then(|| view! {
                                    <button type="button" class="secondary" disabled=move || act.pending.get()
                                        aria-label=tf(account::SIGN_OUT_NAMED, &[("name", label.as_str())])
                                        on:click=move |_| sign_out(id.clone(), name.clone())>{t(account::SIGN_OUT)}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}</ul>
                    {(others > 0).then(|| view! {
                        <p><button type="button" class="secondary" disabled=move || act.pending.get()
                            on:click=sign_out_others>{t(account::SIGN_OUT_OTHERS)}</button></p>
                    })}
                    <h3>{t(account::FAMILIAR_DEVICES)}</h3>
                    <p class="muted">{t(account::FAMILIAR_HELP)}</p>
                    {if list.devices.is_empty() {
                        view! { <p>{t(account::NO_FAMILIAR_DEVICE)}</p> }.into_any()
                    } else {
                        view! { <ul class="methods" aria-label=t(account::FAMILIAR_DEVICES)>{list.devices.into_iter().map(|d| {
                            let label = device(d.user_agent.as_deref(), d.ip.as_deref());
                            let (id, name) = (d.id.clone(), label.clone());
                            view! {
                                <li>
                                    <span><strong>{label.clone()}</strong>{tf(account::LAST_SEEN, &[("time", minute(&d.last_seen_at).as_str())])}{d.current.then(|| t(account::THIS_BROWSER))}</span>
                                    <button type="button" class="secondary" disabled=move || act.pending.get()
                                        aria-label=tf(account::FORGET_NAMED, &[("name", label.as_str())])
                                        on:click=move |_| forget(id.clone(), name.clone())>{t(account::FORGET)}</button>
                                </li>
                            }
                        }).collect_view()}</ul> }.into_any()
                    }}
                }.into_any()
            }
        }}
    }
}
