//! An application's sign-in request on its way (docs/oidc.md): the
//! authorization endpoint sends the browser here with a handle; the server
//! says what comes next (sign in, the AUA, the consent screen of a
//! third-party application, or back to the application), and this screen
//! goes there.

use iam_shared::dto::authorize::{scope_description, AuthorizeContinueResponse, AuthorizeNext};
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;
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
                status.set(Status::Failed(
                    "There is no sign-in request to continue. Return to the application and try again."
                        .to_owned(),
                ));
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
                    <StepTitle>"Signing you in"</StepTitle>
                    <p role="status" aria-live="polite">"Please wait while we take you to the application…"</p>
                }.into_any(),
                Status::Consent { application, scopes } => view! {
                    <StepTitle>"Allow access?"</StepTitle>
                    <p>{format!("{application} is not one of the agency's applications. It asks to:")}</p>
                    <ul class="scopes">
                        {scopes.iter().map(|s| view! { <li>{scope_description(s)}</li> }).collect_view()}
                    </ul>
                    <p class="muted">"It never sees your password. You can take this back at any time in Manage My Access."</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| send(Some(true))>"Allow"</button>
                        <button type="button" class="secondary" on:click=move |_| send(Some(false))>"Don't Allow"</button>
                    </div>
                }.into_any(),
                Status::Failed(why) => view! {
                    <StepTitle>"Sign-in request not completed"</StepTitle>
                    <p class="error-banner" role="alert">{why}</p>
                    <A to=Page::SignIn>"Go to IAMOnline sign-in"</A>
                }.into_any(),
            }}
        </div>
    }
}
