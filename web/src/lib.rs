//! The IAMOnline / ImmTrac2 browser app: every screen of SPEC.md, rendered
//! client-side with Leptos and talking to the API through [`api`].

pub mod api;
pub mod components;
pub mod pages;

use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::Problem;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::Shell;
use pages::{forgot_username::ForgotUsername, placeholder::*, sign_in::SignIn};

/// The public configuration, loaded once and shared with every page.
pub type ConfigResource = LocalResource<Result<PublicConfigResponse, Problem>>;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let config: ConfigResource = LocalResource::new(api::get_config);
    provide_context(config);
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=SignIn/>
                    <Route path=path!("/signin/verify") view=ChooseMethod/>
                    <Route path=path!("/signin/password") view=PasswordStep/>
                    <Route path=path!("/signin/recall") view=Recall/>
                    <Route path=path!("/signin/email-code") view=EmailCode/>
                    <Route path=path!("/signin/confidentiality") view=Confidentiality/>
                    <Route path=path!("/immtrac2/login") view=ImmTrac2Login/>
                    <Route path=path!("/immtrac2/forgot-password") view=ImmTrac2ForgotPassword/>
                    <Route path=path!("/immtrac2") view=ImmTrac2Home/>
                    <Route path=path!("/portal") view=PortalView/>
                    <Route path=path!("/forgot-password") view=ForgotPassword/>
                    <Route path=path!("/reset-password") view=ResetPassword/>
                    <Route path=path!("/password-updated") view=PasswordUpdated/>
                    <Route path=path!("/report-suspicious") view=ReportSuspicious/>
                    <Route path=path!("/forgot-username") view=ForgotUsername/>
                    <Route path=path!("/activate") view=Activate/>
                    <Route path=path!("/register/citizen") view=RegisterCitizen/>
                    <Route path=path!("/register/organization") view=RegisterOrganization/>
                    <Route path=path!("/access-requests") view=AccessRequests/>
                    <Route path=path!("/aua") view=Aua/>
                    <Route path=path!("/dashboard") view=Dashboard/>
                    <Route path=path!("/admin") view=Admin/>
                    <Route path=path!("/logged-out") view=LoggedOut/>
                </Routes>
            </Shell>
        </Router>
    }
}
