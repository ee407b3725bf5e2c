//! An application's sign-in request on its way (docs/oidc.md): the
//! authorization endpoint sends the browser here with a handle; the server
//! says what comes next (sign in, the AUA, the consent screen of a
//! third-party application, or back to the application), and this screen
//! goes there.

use iam_shared::dto::authorize::{scope_description, AuthorizeContinueResponse, AuthorizeNext};
use iam_shared::i18n::portal;
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;
use crate::i18n::{t, tf};
use leptos::task::spawn_local;

use crate::api;
use crate::flow::{pending_authorization, use_flow, use_navigator, AUA_REQUIRED_QUERY};
use crate::router::{query_param, A};

#[derive(Clone, PartialEq)]
enum Status {
    Working,
    /// A third party asks for these scopes.
    Consent {
        application: String,
        scopes: Vec<String>,
    },
    Failed(String),
}

#[component]
pub fn Authorize() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    if let Some(handle) = query_param("request") {
        pending_authorization::save(&handle);
    }
    let status = RwSignal::new(Status::Working);
    let follow = move |answer: AuthorizeContinueResponse| {
        let application = answer.application.unwrap_or_default();
        match answer.next {
            AuthorizeNext::Redirect => {
                pending_authorization::clear();
                let _ = window()
                    .location()
                    .assign(&answer.location.unwrap_or_default());
            }
            AuthorizeNext::SignIn => {
                pending_authorization::describe(&application, answer.login_hint.as_deref());
                if answer.reauthenticate {
                    // The application wants a fresh sign-in: the new session
                    // replaces this one's token.
                    flow.access_token.set(None);
                }
                nav.go(Page::SignIn);
            }
            AuthorizeNext::Aua => {
                pending_authorization::describe(&application, None);
                nav.go_to(&Page::Aua.with_query(AUA_REQUIRED_QUERY));
            }
            AuthorizeNext::Consent => status.set(Status::Consent {
                application,
                scopes: answer.scopes,
            }),
        }
    };
    let send = move |consent: Option<bool>| {
        status.set(Status::Working);
        spawn_local(async move {
            let Some(handle) = pending_authorization::handle() else {
                status.set(Status::Failed(t(portal::NO_SIGN_IN_REQUEST).to_owned()));
                return;
            };
            let token = flow.token().await;
            match api::continue_authorization(token, handle, consent).await {
                Ok(answer) => follow(answer),
                Err(problem) => {
                    pending_authorization::clear();
                    status.set(Status::Failed(problem.detail));
                }
            }
        });
    };
    send(None);
    view! {
        <div class="card">
            {move || match status.get() {
                Status::Working => view! {
                    <StepTitle>{t(portal::SIGNING_YOU_IN)}</StepTitle>
                    <p role="status" aria-live="polite">{t(portal::TAKING_YOU_TO_APPLICATION)}</p>
                }.into_any(),
                Status::Consent { application, scopes } => view! {
                    <StepTitle>{t(portal::ALLOW_ACCESS_TITLE)}</StepTitle>
                    <p>{tf(portal::CONSENT_ASKS, &[("application", &application)])}</p>
                    <ul class="scopes">
                        {scopes.iter().map(|s| view! { <li>{scope_description(s, t)}</li> }).collect_view()}
                    </ul>
                    <p class="muted">{t(portal::CONSENT_NOTE)}</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| send(Some(true))>{t(portal::ALLOW)}</button>
                        <button type="button" class="secondary" on:click=move |_| send(Some(false))>{t(portal::DONT_ALLOW)}</button>
                    </div>
                }.into_any(),
                Status::Failed(why) => view! {
                    <StepTitle>{t(portal::SIGN_IN_NOT_COMPLETED)}</StepTitle>
                    <p class="error-banner" role="alert">{why}</p>
                    <A to=Page::SignIn>{t(portal::GO_TO_SIGN_IN)}</A>
                }.into_any(),
            }}
        </div>
    }
}
