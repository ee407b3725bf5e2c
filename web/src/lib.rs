//! The IAMOnline / ImmTrac2 browser app: every screen of SPEC.md, rendered
//! client-side with Leptos and talking to the API through [`api`].

pub mod api;
pub mod components;
pub mod flow;
pub mod pages;
pub mod router;

use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::Problem;
use leptos::prelude::*;

use components::Shell;
use pages::immtrac2::{Dashboard, ImmTrac2Home, ImmTrac2Login, LoggedOut, PortalView, Recall};
use pages::signin_flow::{ChooseMethod, Confidentiality, EmailCode, PasswordStep};
use pages::{forgot_username::ForgotUsername, placeholder::NotFound, sign_in::SignIn};

/// The public configuration, loaded once and shared with every page.
pub type ConfigResource = LocalResource<Result<PublicConfigResponse, Problem>>;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let config: ConfigResource = LocalResource::new(api::get_config);
    provide_context(config);
    provide_context(flow::Flow::new());
    let path = router::provide_router().0;
    let screen = move || match path.get().trim_end_matches('/') {
        "" => view! { <SignIn/> }.into_any(),
        "/signin/verify" => view! { <ChooseMethod/> }.into_any(),
        "/signin/password" => view! { <PasswordStep/> }.into_any(),
        "/signin/recall" => view! { <Recall/> }.into_any(),
        "/signin/email-code" => view! { <EmailCode/> }.into_any(),
        "/signin/confidentiality" => view! { <Confidentiality/> }.into_any(),
        "/immtrac2/login" => view! { <ImmTrac2Login/> }.into_any(),
        "/immtrac2" => view! { <ImmTrac2Home/> }.into_any(),
        "/portal" => view! { <PortalView/> }.into_any(),
        "/forgot-username" => view! { <ForgotUsername/> }.into_any(),
        "/dashboard" => view! { <Dashboard/> }.into_any(),
        "/logged-out" => view! { <LoggedOut/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    };
    view! { <Shell>{screen}</Shell> }
}
