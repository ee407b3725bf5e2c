//! The IAMOnline / ImmTrac2 browser app: every screen of docs/product.md, rendered
//! client-side with Leptos and talking to the API through [`api`].

pub mod api;
pub mod components;
pub mod flow;
pub mod i18n;
pub mod pages;
pub mod passkey;
pub mod router;

use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::Problem;
use leptos::prelude::*;

use iam_shared::bundles::Bundle;
use iam_shared::Page;

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
fn screen(page: Option<Page>) -> AnyView {
    use pages::immtrac2::{ImmTrac2Login, Recall};
    use pages::sign_in::SignIn;
    use pages::signin_flow::{AppCode, ChooseMethod, Confidentiality, EmailCode, PasswordStep};
    match page {
        Some(Page::SignIn) => view! { <SignIn/> }.into_any(),
        Some(Page::ChooseMethod) => view! { <ChooseMethod/> }.into_any(),
        Some(Page::PasswordStep) => view! { <PasswordStep/> }.into_any(),
        Some(Page::Recall) => view! { <Recall/> }.into_any(),
        Some(Page::EmailCode) => view! { <EmailCode/> }.into_any(),
        Some(Page::AppCode) => view! { <AppCode/> }.into_any(),
        Some(Page::Confidentiality) => view! { <Confidentiality/> }.into_any(),
        Some(Page::ImmTrac2Login) => view! { <ImmTrac2Login/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The screens of the portal bundle.
#[cfg(feature = "portal")]
fn screen(page: Option<Page>) -> AnyView {
    use pages::access::{Forms, HelpGuide, ManageAccess, ManageMyAccess};
    use pages::activation::{Activate, SetUp};
    use pages::dashboard::{AuaForm, Dashboard};
    use pages::forgot_username::ForgotUsername;
    use pages::immtrac2::{ImmTrac2Home, LoggedOut, PortalView};
    use pages::recovery::{ForgotPassword, ImmTrac2ForgotPassword};
    use pages::requests::{AccessRequests, RegisterCitizen, RegisterOrganization};
    use pages::reset_password::{ChangePassword, PasswordUpdated, ReportSuspicious, ResetPassword};
    use pages::signin_flow::{CodeKind, EmailCode};
    use pages::{authorize::Authorize, end_session::EndSession};
    match page {
        Some(Page::EndSession) => view! { <EndSession/> }.into_any(),
        Some(Page::Authorize) => view! { <Authorize/> }.into_any(),
        Some(Page::SetupRequired) => view! { <pages::setup_required::SetupRequired/> }.into_any(),
        Some(Page::AccessRequests) => view! { <AccessRequests/> }.into_any(),
        Some(Page::RegisterOrganization) => view! { <RegisterOrganization/> }.into_any(),
        Some(Page::RegisterCitizen) => view! { <RegisterCitizen/> }.into_any(),
        Some(Page::ImmTrac2Home) => view! { <ImmTrac2Home/> }.into_any(),
        Some(Page::ForgotUsername) => view! { <ForgotUsername/> }.into_any(),
        Some(Page::LoggedOut) => view! { <LoggedOut/> }.into_any(),
        Some(Page::ChooseOrganization) => view! { <PortalView/> }.into_any(),
        Some(Page::Dashboard) => view! { <Dashboard/> }.into_any(),
        Some(Page::Aua) => view! { <AuaForm/> }.into_any(),
        Some(Page::ForgotPassword) => view! { <ForgotPassword/> }.into_any(),
        Some(Page::RecoveryCode) => view! { <EmailCode kind=CodeKind::Recovery/> }.into_any(),
        Some(Page::Activate) => view! { <Activate/> }.into_any(),
        Some(Page::ActivationCode) => view! { <EmailCode kind=CodeKind::Activation/> }.into_any(),
        Some(Page::SetUp) => view! { <SetUp/> }.into_any(),
        Some(Page::ImmTrac2ForgotPassword) => view! { <ImmTrac2ForgotPassword/> }.into_any(),
        Some(Page::ResetPassword) => view! { <ResetPassword/> }.into_any(),
        Some(Page::ReportSuspicious) => view! { <ReportSuspicious/> }.into_any(),
        Some(Page::PasswordUpdated) => view! { <PasswordUpdated/> }.into_any(),
        Some(Page::ChangePassword) => view! { <ChangePassword/> }.into_any(),
        Some(Page::ManageAccess) => view! { <ManageAccess/> }.into_any(),
        Some(Page::ManageMyAccess) => view! { <ManageMyAccess/> }.into_any(),
        Some(Page::HelpGuide) => view! { <HelpGuide/> }.into_any(),
        Some(Page::Forms) => view! { <Forms/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The screens of the support console's bundle.
#[cfg(feature = "support")]
fn screen(page: Option<Page>) -> AnyView {
    use pages::admin::{Applications, AuditTrail, Requests, SupportHome, UserDetail};
    match page {
        Some(Page::SupportHome) => view! { <SupportHome/> }.into_any(),
        Some(Page::UserDetail) => view! { <UserDetail/> }.into_any(),
        Some(Page::AccessRequestQueue) => view! { <Requests/> }.into_any(),
        Some(Page::AuditTrail) => view! { <AuditTrail/> }.into_any(),
        Some(Page::Applications) => view! { <Applications/> }.into_any(),
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
    view! { <Shell>{move || screen(Page::from_path(&path.get()))}</Shell> }
}
