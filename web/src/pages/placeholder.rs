//! Screens whose flows arrive with later issues. Each route exists now so
//! links and bookmarks work; the page says plainly what is coming and
//! offers a way back, so there is no dead end.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
fn Placeholder(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <div class="card">
            <h1>{title}</h1>
            <p>{summary}</p>
            <p class="muted">"This screen is not available yet in this version of the portal."</p>
            <A href="/">"Back to sign in"</A>
        </div>
    }
}

macro_rules! placeholder_pages {
    ($($name:ident => $title:literal, $summary:literal;)+) => {
        $(
            #[component]
            pub fn $name() -> impl IntoView {
                view! { <Placeholder title=$title summary=$summary/> }
            }
        )+
    };
}

placeholder_pages! {
    ChooseMethod => "Verify it's you with a security method", "Choose Password or Email to verify your identity.";
    PasswordStep => "Verify with your password", "Enter your password to continue signing in.";
    Recall => "Password recall", "Re-enter your account information and the characters displayed, or reset your password.";
    EmailCode => "Verify with your email", "Enter the 6-digit code we sent to your e-mail address.";
    Confidentiality => "Confidentiality Statement", "Read the Confidentiality Statement and select I Agree to continue.";
    ImmTrac2Login => "ImmTrac2 Login", "Enter your Org Code, Username and Password.";
    ImmTrac2ForgotPassword => "ImmTrac2 Forgot Password", "Enter your Org Code, Username and the e-mail address associated with your account.";
    ImmTrac2Home => "ImmTrac2", "The ImmTrac2 application home for your active organization.";
    PortalView => "Select an organization", "You have access to several organizations; choose the one to work in.";
    ForgotPassword => "Forgot Password (External Users Only)", "Enter your e-mail or username to get a verification e-mail.";
    ResetPassword => "Reset your IAMOnline password", "Choose a new password that meets every requirement.";
    PasswordUpdated => "Password Updated", "Your password was changed. You can now sign in.";
    ReportSuspicious => "Report Suspicious Activity", "Tell us the password change was not you; we will lock the account.";
    Activate => "Activate your account", "Verify your e-mail address and set up your security methods.";
    RegisterCitizen => "Create a new account as a citizen", "Register with your e-mail address.";
    RegisterOrganization => "Request account as non-HHS employee, or register organization", "Send a request to the registry's support team.";
    AccessRequests => "Access Requests", "Request a username for a new person in your organization.";
    Aua => "Acceptable Use Agreement", "Read and sign the Information Security Acceptable Use Agreement.";
    Dashboard => "Dashboard", "My Apps and My Applications.";
    Admin => "Support console", "Search users, unlock accounts and review the audit trail.";
    LoggedOut => "Logged out", "You are now logged out of ImmTrac2.";
    NotFound => "Page not found", "There is no page at this address.";
}
