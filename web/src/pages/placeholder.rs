//! Screens whose flows arrive with later issues, and "Page not found".
//! Their paths work now so links and bookmarks do; the page says plainly
//! what is coming and offers a way back, so there is no dead end.

use crate::router::A;
use leptos::prelude::*;

/// Screens still to come, by path: (title, summary).
const UPCOMING: &[(&str, &str, &str)] = &[
    (
        "/register/citizen",
        "Create a new account as a citizen",
        "Register with your e-mail address.",
    ),
    (
        "/register/organization",
        "Request account as non-HHS employee, or register organization",
        "Send a request to the registry's support team.",
    ),
    (
        "/access-requests",
        "Access Requests",
        "Request a username for a new person in your organization.",
    ),
    (
        "/admin",
        "Support console",
        "Search users, unlock accounts and review the audit trail.",
    ),
];

/// Every path without a screen of its own: an upcoming screen says so
/// plainly, anything else is "Page not found". One component for all keeps
/// the router's table (and the WASM bundle) small.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = crate::router::use_path();
    let page = move || {
        let path = path.get();
        UPCOMING
            .iter()
            .find(|(p, _, _)| *p == path.trim_end_matches('/'))
            .map(|(_, title, summary)| (*title, *summary, true))
            .unwrap_or(("Page not found", "There is no page at this address.", false))
    };
    view! {
        <div class="card">
            <h1>{move || page().0}</h1>
            <p>{move || page().1}</p>
            <p class="muted">{move || if page().2 { "This screen is not available yet in this version of the portal." } else { "" }}</p>
            <A href="/">"Back to sign in"</A>
        </div>
    }
}
