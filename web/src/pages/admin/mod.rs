//! The support console (docs/product.md §9): find an account and act on it, decide
//! access and organization requests, read the audit trail. The API checks
//! the role on every call; these screens show its refusal in words. One
//! file per screen; what several screens show lives here.

mod applications;
mod audit;
mod find;
mod requests;
mod user;

pub use applications::Applications;
pub use audit::AuditTrail;
pub use find::SupportHome;
pub use requests::Requests;
pub use user::UserDetail;

use iam_shared::dto::admin::AuditEventView;
use iam_shared::i18n::console;
use iam_shared::types::AccountStatus;
use iam_shared::Page;
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::router::A;

fn status_label(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::PendingActivation => t(console::STATUS_PENDING_ACTIVATION),
        AccountStatus::Active => t(console::STATUS_ACTIVE),
        AccountStatus::Locked => t(console::STATUS_LOCKED),
        AccountStatus::Disabled => t(console::STATUS_DISABLED),
    }
}

/// The console's own navigation, on every console screen.
#[component]
pub(super) fn ConsoleNav() -> impl IntoView {
    view! {
        <nav class="links" aria-label=t(console::SUPPORT_CONSOLE)>
            <ul>
                <li><A to=Page::SupportHome>{t(console::FIND_A_USER)}</A></li>
                <li><A to=Page::AccessRequestQueue>{t(console::ACCESS_REQUESTS)}</A></li>
                <li><A to=Page::AuditTrail>{t(console::AUDIT_TRAIL)}</A></li>
                <li><A to=Page::Applications>{t(console::APPLICATIONS)}</A></li>
                <li><A to=Page::Dashboard>{t(console::DASHBOARD)}</A></li>
            </ul>
        </nav>
    }
}

/// Events as a table, newest first.
#[component]
pub(super) fn EventTable(events: Vec<AuditEventView>, caption: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">{t(console::NO_DATA)}</p> }.into_any();
    }
    view! {
        <table>
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                <th scope="col">{t(console::TIME)}</th><th scope="col">{t(console::EVENT)}</th>
                <th scope="col">{t(console::ADDRESS)}</th><th scope="col">{t(console::DETAILS)}</th>
            </tr></thead>
            <tbody>{events.into_iter().map(|e| view! {
                <tr>
                    <td>{e.occurred_at}</td>
                    <td>{e.event_type}</td>
                    <td>{e.ip.unwrap_or_default()}</td>
                    <td><code>{e.detail.to_string()}</code>{e.actor_id.map(|a| tf(console::BY, &[("name", &a)]))}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}
