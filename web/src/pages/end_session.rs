//! An application's sign-out request (docs/oidc.md, "Logout"): the
//! end-session endpoint sends the browser here; the server ends the
//! session at once when the application named it, and otherwise this
//! screen asks first.

use iam_shared::dto::authorize::LogoutNext;
use iam_shared::i18n::{common, portal, signin};
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;
use crate::i18n::{t, tf};
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
            status.set(Status::Failed(t(portal::NO_SIGN_OUT_REQUEST).to_owned()));
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
                    <StepTitle>{t(portal::SIGNING_YOU_OUT)}</StepTitle>
                    <p role="status" aria-live="polite">{t(common::PLEASE_WAIT)}</p>
                }.into_any(),
                Status::Confirm(application) => {
                    let confirm = confirm.clone();
                    let asker = application.unwrap_or_else(|| t(portal::AN_APPLICATION).to_owned());
                    view! {
                        <StepTitle>{t(portal::SIGN_OUT_TITLE)}</StepTitle>
                        <p>{tf(portal::SIGN_OUT_ASKED, &[("application", &asker)])}</p>
                        <button type="button" class="primary" on:click=move |_| confirm(true)>{t(portal::SIGN_OUT)}</button>
                        <p class="links"><a href=Page::Dashboard.path()>{t(portal::STAY_SIGNED_IN)}</a></p>
                    }.into_any()
                }
                Status::Done => view! {
                    <StepTitle>{t(portal::SIGNED_OUT)}</StepTitle>
                    <p role="status" class="success">{t(portal::SIGNED_OUT_TEXT)}</p>
                    <A to=Page::SignIn>{t(signin::IAMONLINE_SIGN_IN)}</A>
                }.into_any(),
                Status::Failed(why) => view! {
                    <StepTitle>{t(portal::SIGN_OUT_NOT_COMPLETED)}</StepTitle>
                    <p class="error-banner" role="alert">{why}</p>
                    <A to=Page::SignIn>{t(portal::GO_TO_SIGN_IN)}</A>
                }.into_any(),
            }}
        </div>
    }
}
