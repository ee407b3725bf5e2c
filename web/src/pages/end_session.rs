//! An application's sign-out request (docs/oidc.md, "Logout"): the
//! end-session endpoint sends the browser here; the server ends the
//! session at once when the application named it, and otherwise this
//! screen asks first.

use iam_shared::dto::authorize::LogoutNext;
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;
use leptos::task::spawn_local;

use crate::api;
use crate::flow::use_flow;
use crate::router::{query_param, A};

#[derive(Clone, PartialEq)]
enum Status {
    Working,
    Confirm(Option<String>),
    Done,
    Failed(String),
}

#[component]
pub fn EndSession() -> impl IntoView {
    let flow = use_flow();
    let status = RwSignal::new(Status::Working);
    let handle = query_param("request");
    let send = move |confirm: bool| {
        let Some(handle) = handle.clone() else {
            status.set(Status::Failed(
                "There is no sign-out request to continue.".to_owned(),
            ));
            return;
        };
        status.set(Status::Working);
        spawn_local(async move {
            let token = flow.token().await;
            match api::continue_logout(token, handle, confirm).await {
                Ok(answer) if answer.next == LogoutNext::Confirm => {
                    status.set(Status::Confirm(answer.application));
                }
                Ok(answer) => {
                    flow.access_token.set(None);
                    match answer.location {
                        Some(location) => {
                            let _ = window().location().assign(&location);
                        }
                        None => status.set(Status::Done),
                    }
                }
                Err(problem) => status.set(Status::Failed(problem.detail)),
            }
        });
    };
    send(false);
    let confirm = send.clone();
    view! {
        <div class="card">
            {move || match status.get() {
                Status::Working => view! {
                    <StepTitle>"Signing you out"</StepTitle>
                    <p role="status" aria-live="polite">"Please wait…"</p>
                }.into_any(),
                Status::Confirm(application) => {
                    let confirm = confirm.clone();
                    let asker = application.unwrap_or_else(|| "An application".to_owned());
                    view! {
                        <StepTitle>"Sign out of IAMOnline?"</StepTitle>
                        <p>{format!("{asker} asks to sign you out of IAMOnline. The other applications you opened with this sign-in are signed out too.")}</p>
                        <button type="button" class="primary" on:click=move |_| confirm(true)>"Sign out"</button>
                        <p class="links"><a href=Page::Dashboard.path()>"Stay signed in"</a></p>
                    }.into_any()
                }
                Status::Done => view! {
                    <StepTitle>"Signed out"</StepTitle>
                    <p role="status" class="success">"You are now signed out of IAMOnline and the applications you opened with it."</p>
                    <A to=Page::SignIn>"IAMOnline sign-in"</A>
                }.into_any(),
                Status::Failed(why) => view! {
                    <StepTitle>"Sign-out request not completed"</StepTitle>
                    <p class="error-banner" role="alert">{why}</p>
                    <A to=Page::SignIn>"Go to IAMOnline sign-in"</A>
                }.into_any(),
            }}
        </div>
    }
}
