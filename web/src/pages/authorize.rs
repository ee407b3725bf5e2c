//! An application's sign-in request on its way (docs/oidc.md): the
//! authorization endpoint sends the browser here with a handle; the server
//! says what comes next, and this screen goes there.

use iam_shared::dto::authorize::AuthorizeNext;
use iam_shared::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::flow::{pending_authorization, use_flow, use_navigator, AUA_REQUIRED_QUERY};
use crate::router::{query_param, A};

#[component]
pub fn Authorize() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    if let Some(handle) = query_param("request") {
        pending_authorization::save(&handle);
    }
    let failure = RwSignal::new(None::<String>);
    spawn_local(async move {
        let Some(handle) = pending_authorization::handle() else {
            failure.set(Some(
                "There is no sign-in request to continue. Return to the application and try again."
                    .to_owned(),
            ));
            return;
        };
        let token = flow.token().await;
        let answer = match api::continue_authorization(token, handle).await {
            Ok(answer) => answer,
            Err(problem) => {
                pending_authorization::clear();
                failure.set(Some(problem.detail));
                return;
            }
        };
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
        }
    });
    view! {
        <div class="card">
            {move || match failure.get() {
                None => view! {
                    <h1>"Signing you in"</h1>
                    <p role="status" aria-live="polite">"Please wait while we take you to the application…"</p>
                }.into_any(),
                Some(why) => view! {
                    <h1>"Sign-in request not completed"</h1>
                    <p class="error-banner" role="alert">{why}</p>
                    <A to=Page::SignIn>"Go to IAMOnline sign-in"</A>
                }.into_any(),
            }}
        </div>
    }
}
