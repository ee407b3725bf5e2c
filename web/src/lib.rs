//! The IAMOnline / ImmTrac2 browser app: every screen of docs/product.md, rendered
//! client-side with Leptos and talking to the API through [`api`].

pub mod api;
pub mod components;
pub mod flow;
pub mod pages;
pub mod router;

use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::Problem;
use leptos::prelude::*;

use iam_shared::bundles::Bundle;

use components::Shell;
use pages::placeholder::NotFound;

/// The bundle this build is (`iam_shared::bundles`): the default build is
/// the sign-in page's; the `portal` feature builds the rest.
pub const BUNDLE: Bundle = if cfg!(feature = "support") {
    Bundle::Support
} else if cfg!(feature = "portal") {
    Bundle::Portal
} else {
    Bundle::SignIn
};

/// The public configuration, loaded once and shared with every page.
pub type ConfigResource = LocalResource<Result<PublicConfigResponse, Problem>>;

/// The screens of the sign-in bundle. Screens of the other bundle are
/// never routed here (the navigator loads their page), so they stay out of
/// this WASM module.
#[cfg(not(any(feature = "portal", feature = "support")))]
fn screen(path: &str) -> AnyView {
    use pages::immtrac2::{ImmTrac2Login, LoggedOut, Recall};
    use pages::signin_flow::{ChooseMethod, Confidentiality, EmailCode, PasswordStep};
    use pages::{forgot_username::ForgotUsername, sign_in::SignIn};
    match path {
        "" => view! { <SignIn/> }.into_any(),
        "/signin/verify" => view! { <ChooseMethod/> }.into_any(),
        "/signin/password" => view! { <PasswordStep/> }.into_any(),
        "/signin/recall" => view! { <Recall/> }.into_any(),
        "/signin/email-code" => view! { <EmailCode/> }.into_any(),
        "/signin/confidentiality" => view! { <Confidentiality/> }.into_any(),
        "/immtrac2/login" => view! { <ImmTrac2Login/> }.into_any(),
        "/forgot-username" => view! { <ForgotUsername/> }.into_any(),
        "/logged-out" => view! { <LoggedOut/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The screens of the portal bundle.
#[cfg(feature = "portal")]
fn screen(path: &str) -> AnyView {
    use pages::access::{Forms, HelpGuide, ManageAccess, ManageMyAccess};
    use pages::activation::{Activate, SetUp};
    use pages::dashboard::{AuaForm, Dashboard};
    use pages::immtrac2::{ImmTrac2Home, PortalView};
    use pages::recovery::{ForgotPassword, ImmTrac2ForgotPassword};
    use pages::requests::{AccessRequests, RegisterCitizen, RegisterOrganization};
    use pages::reset_password::{ChangePassword, PasswordUpdated, ReportSuspicious, ResetPassword};
    use pages::signin_flow::{CodeKind, EmailCode};
    match path {
        "/access-requests" => view! { <AccessRequests/> }.into_any(),
        "/register/organization" => view! { <RegisterOrganization/> }.into_any(),
        "/register/citizen" => view! { <RegisterCitizen/> }.into_any(),
        "/immtrac2" => view! { <ImmTrac2Home/> }.into_any(),
        "/portal" => view! { <PortalView/> }.into_any(),
        "/dashboard" => view! { <Dashboard/> }.into_any(),
        "/aua" => view! { <AuaForm/> }.into_any(),
        "/forgot-password" => view! { <ForgotPassword/> }.into_any(),
        "/forgot-password/verify" => view! { <EmailCode kind=CodeKind::Recovery/> }.into_any(),
        "/activate" => view! { <Activate/> }.into_any(),
        "/activate/verify" => view! { <EmailCode kind=CodeKind::Activation/> }.into_any(),
        "/activate/set-up" => view! { <SetUp/> }.into_any(),
        "/immtrac2/forgot-password" => view! { <ImmTrac2ForgotPassword/> }.into_any(),
        "/reset-password" => view! { <ResetPassword/> }.into_any(),
        "/report-suspicious" => view! { <ReportSuspicious/> }.into_any(),
        "/password-updated" => view! { <PasswordUpdated/> }.into_any(),
        "/account/password" => view! { <ChangePassword/> }.into_any(),
        "/manage-access" => view! { <ManageAccess/> }.into_any(),
        "/manage-my-access" => view! { <ManageMyAccess/> }.into_any(),
        "/help" => view! { <HelpGuide/> }.into_any(),
        "/forms" => view! { <Forms/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The screens of the support console's bundle.
#[cfg(feature = "support")]
fn screen(path: &str) -> AnyView {
    use pages::admin::{AuditTrail, Requests, SupportHome, UserDetail};
    match path {
        "/admin" => view! { <SupportHome/> }.into_any(),
        "/admin/user" => view! { <UserDetail/> }.into_any(),
        "/admin/requests" => view! { <Requests/> }.into_any(),
        "/admin/audit" => view! { <AuditTrail/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let config: ConfigResource = LocalResource::new(api::get_config);
    provide_context(config);
    let path = router::provide_router().0;
    provide_context(flow::Flow::new());
    view! { <Shell>{move || screen(path.get().trim_end_matches('/'))}</Shell> }
}
