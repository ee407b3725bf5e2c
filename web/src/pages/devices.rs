//! "Where you're signed in" under Manage My Access: the user's live
//! sessions (sign out one, or every other) and the browsers the account
//! knows (forget one). Ending a session needs a recent sign-in, as the
//! server says; the screen then offers to sign in again.

use iam_shared::dto::session::SessionListResponse;
use iam_shared::{rules, ErrorCode, Page, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{message_for, Submission};
use crate::flow::{use_flow, use_navigator};

fn device(user_agent: Option<&str>, ip: Option<&str>) -> String {
    let name = rules::describe_user_agent(user_agent.unwrap_or_default());
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
            move |()| finished(format!("{label} was signed out.")),
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
            move |()| finished(format!("{label} is no longer a familiar device.")),
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
        <h2 id="devices">"Where you're signed in"</h2>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || load.problem.get().map(|p| view! { <p role="alert" class="error-banner">{message_for(&p)}</p> })}
        {act.banner()}
        {move || stale.get().then(|| view! {
            <p>"For your security, sign in again before signing out other devices. "
                <button type="button" class="primary" on:click=sign_in_again>"Sign in again"</button></p>
        })}
        {move || match listed.get() {
            None => view! { <p role="status">"Loading…"</p> }.into_any(),
            Some(list) => {
                let others = list.sessions.iter().filter(|s| !s.current).count();
                view! {
                    <ul class="methods" id="sessions" aria-label="Sessions">{list.sessions.into_iter().map(|s| {
                        let label = device(s.user_agent.as_deref(), s.ip.as_deref());
                        let (id, name) = (s.id.clone(), label.clone());
                        let since = format!(" — signed in {}, last active {}", minute(&s.created_at), minute(&s.last_seen_at));
                        view! {
                            <li>
                                <span><strong>{label.clone()}</strong>{since}{s.current.then_some(" (this device)")}</span>
                                {(!s.current).then(|| view! {
                                    <button type="button" class="secondary" disabled=move || act.pending.get()
                                        aria-label=format!("Sign out {label}")
                                        on:click=move |_| sign_out(id.clone(), name.clone())>"Sign out"</button>
                                })}
                            </li>
                        }
                    }).collect_view()}</ul>
                    {(others > 0).then(|| view! {
                        <p><button type="button" class="secondary" disabled=move || act.pending.get()
                            on:click=sign_out_others>"Sign out of all other devices"</button></p>
                    })}
                    <h3>"Familiar devices"</h3>
                    <p class="muted">"Browsers you finished signing in from. Wrong passwords typed anywhere else can only ever block other devices, never these."</p>
                    {if list.devices.is_empty() {
                        view! { <p>"No familiar device."</p> }.into_any()
                    } else {
                        view! { <ul class="methods" aria-label="Familiar devices">{list.devices.into_iter().map(|d| {
                            let label = device(d.user_agent.as_deref(), d.ip.as_deref());
                            let (id, name) = (d.id.clone(), label.clone());
                            view! {
                                <li>
                                    <span><strong>{label.clone()}</strong>{format!(" — last seen {}", minute(&d.last_seen_at))}{d.current.then_some(" (this browser)")}</span>
                                    <button type="button" class="secondary" disabled=move || act.pending.get()
                                        aria-label=format!("Forget {label}")
                                        on:click=move |_| forget(id.clone(), name.clone())>"Forget"</button>
                                </li>
                            }
                        }).collect_view()}</ul> }.into_any()
                    }}
                }.into_any()
            }
        }}
    }
}
