//! The pages behind the dashboard's own tiles and cards: Manage Access (the
//! POC's people), Manage My Access (one's own organizations, roles and
//! applications), the Authorized Help Guide and the list of Forms.

use iam_shared::dto::access::OrganizationMembersResponse;
use iam_shared::dto::authorize::{scope_description, ConsentView};
use iam_shared::dto::dashboard::DashboardResponse;
use iam_shared::dto::session::SessionResponse;
use iam_shared::i18n::{common, portal, signin};
use iam_shared::types::{AccountStatus, MembershipRole};
use iam_shared::Page;
use leptos::prelude::*;

use super::immtrac2::load_session;
use crate::api;
use crate::components::{message_for, use_config, StepTitle, Submission};
use crate::flow::use_flow;
use crate::i18n::{t, tf};
use crate::router::A;

fn role_label(role: MembershipRole) -> &'static str {
    t(match role {
        MembershipRole::User => portal::ROLE_USER,
        MembershipRole::Poc => portal::ROLE_POC,
        MembershipRole::Support => portal::ROLE_SUPPORT,
        MembershipRole::Admin => portal::ROLE_ADMIN,
    })
}

fn status_label(status: AccountStatus) -> &'static str {
    t(match status {
        AccountStatus::PendingActivation => portal::STATUS_PENDING_ACTIVATION,
        AccountStatus::Active => portal::STATUS_ACTIVE,
        AccountStatus::Locked => portal::STATUS_LOCKED,
        AccountStatus::Disabled => portal::STATUS_DISABLED,
    })
}

/// "YYYY-MM-DD HH:MM" of an RFC 3339 time, as the tables show it.
fn short_time(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// "Manage Access (Beta)": who can use each organization's applications,
/// for its Point of Contact.
#[component]
pub fn ManageAccess() -> impl IntoView {
    let flow = use_flow();
    let members = RwSignal::new(None::<OrganizationMembersResponse>);
    let loading = Submission::new();
    loading.run(
        async move { flow.authorized(api::list_organization_members).await },
        move |m| members.set(Some(m)),
        |_| {},
    );
    view! {
        <div class="card wide">
            <StepTitle>{t(portal::MANAGE_ACCESS)}</StepTitle>
            {move || match (members.get(), loading.problem.get()) {
                (_, Some(problem)) => view! {
                    <p role="alert" class="error-banner">{message_for(&problem)}</p>
                }.into_any(),
                (None, None) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(m), None) => view! {
                    <p>{t(portal::MANAGE_ACCESS_INTRO)}</p>
                    {m.organizations.into_iter().map(|org| view! {
                        <section aria-label=org.name.clone()>
                            <h2>{format!("{} ({})", org.name, org.org_code)}</h2>
                            <table>
                                <thead><tr><th scope="col">{t(portal::NAME)}</th><th scope="col">{t(signin::USERNAME)}</th>
                                    <th scope="col">{t(portal::ROLE)}</th><th scope="col">{t(portal::STATUS)}</th><th scope="col">{t(portal::LAST_SIGN_IN)}</th></tr></thead>
                                <tbody>{org.members.into_iter().map(|p| view! {
                                    <tr>
                                        <td>{format!("{} {}", p.first_name, p.last_name)}</td>
                                        <td>{p.username}</td>
                                        <td>{role_label(p.role)}</td>
                                        <td>{status_label(p.status)}</td>
                                        <td>{p.last_sign_in_at.as_deref().map(short_time).unwrap_or_else(|| t(portal::NEVER).to_owned())}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        </section>
                    }).collect_view()}
                    <p><A to=Page::AccessRequests>{t(portal::REQUEST_ACCESS_FOR_NEW_PERSON)}</A></p>
                }.into_any(),
            }}
            <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
        </div>
    }
}

/// "Manage My Access": one's organizations and roles, and the applications
/// they open (or why they are locked).
#[component]
pub fn ManageMyAccess() -> impl IntoView {
    let flow = use_flow();
    let (session, loading) = load_session();
    let board = RwSignal::new(None::<DashboardResponse>);
    let tiles = Submission::new();
    tiles.run(
        async move { flow.authorized(api::get_dashboard).await },
        move |d| board.set(Some(d)),
        |_| {},
    );
    let organizations = move |s: SessionResponse| {
        if s.organizations.is_empty() {
            return view! { <p>{t(portal::NO_ORGANIZATION)}</p> }.into_any();
        }
        view! {
            <ul>{s.organizations.into_iter().map(|o| view! {
                <li>{format!("{} ({}): {}", o.name, o.org_code, role_label(o.role))}</li>
            }).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        <div class="card wide">
            <StepTitle>{t(portal::MANAGE_MY_ACCESS)}</StepTitle>
            {move || match (session.get(), loading.problem.get()) {
                (_, Some(problem)) => view! { <p role="alert" class="error-banner">{message_for(&problem)}</p> }.into_any(),
                (None, None) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(s), None) => view! {
                    <h2>{t(portal::YOUR_ACCOUNT)}</h2>
                    <p>{tf(portal::ACCOUNT_SUMMARY, &[("first", &s.user.first_name), ("last", &s.user.last_name), ("username", &s.user.username)])}</p>
                    <h2>{t(portal::YOUR_ORGANIZATIONS)}</h2>
                    {organizations(s)}
                    <p class="muted">{t(portal::ASK_YOUR_POC)}</p>
                }.into_any(),
            }}
            <h2>{t(portal::YOUR_APPLICATIONS)}</h2>
            {move || board.get().map(|d| {
                let apps: Vec<_> = d.sections.into_iter().flat_map(|s| s.tiles).collect();
                view! {
                    <ul>{apps.into_iter().map(|tile| if tile.locked {
                        view! { <li>{tile.name}{t(portal::LOCKED_UNTIL_YOU_SIGN)}<A to=Page::Aua>{t(portal::AUA)}</A></li> }.into_any()
                    } else {
                        view! { <li><a href=tile.url>{tile.name}</a>{format!(" — {}", tile.description)}</li> }.into_any()
                    }).collect_view()}</ul>
                }
            })}
            <super::security_methods::SecurityMethods/>
            <super::devices::Devices/>
            <AllowedApplications/>
            <p><A to=Page::ChangePassword>{t(portal::CHANGE_PASSWORD)}</A></p>
            <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
        </div>
    }
}

/// The third-party applications the user allowed, each with what it may
/// see and a way to take it back.
#[component]
fn AllowedApplications() -> impl IntoView {
    let flow = use_flow();
    let consents = RwSignal::new(None::<Vec<ConsentView>>);
    let done = RwSignal::new(None::<String>);
    let load = Submission::new();
    let reload = move || {
        load.run(
            async move { flow.authorized(api::list_consents).await },
            move |list| consents.set(Some(list.consents)),
            |_| {},
        );
    };
    reload();
    let withdraw = Submission::new();
    let take_back = move |client_id: String, application: String| {
        done.set(None);
        withdraw.run(
            async move {
                flow.authorized(|token| api::withdraw_consent(token, client_id.clone()))
                    .await
            },
            move |()| {
                done.set(Some(tf(
                    portal::NO_LONGER_HAS_ACCESS,
                    &[("application", &application)],
                )));
                reload();
            },
            |_| {},
        );
    };
    view! {
        <h2>{t(portal::APPLICATIONS_ALLOWED)}</h2>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || withdraw.problem.get().or(load.problem.get()).map(|p| view! {
            <p role="alert" class="error-banner">{message_for(&p)}</p>
        })}
        {move || match consents.get() {
            None => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <p>{t(portal::NO_APPLICATION_ALLOWED)}</p>
            }.into_any(),
            Some(list) => view! {
                <ul class="consents">{list.into_iter().map(|c| {
                    let (id, name) = (c.client_id.clone(), c.application.clone());
                    view! {
                        <li>
                            <strong>{c.application.clone()}</strong>
                            {tf(portal::ALLOWED_AT, &[("time", &short_time(&c.granted_at))])}
                            <button type="button" class="secondary"
                                aria-label=tf(portal::REVOKE_ACCESS_FOR, &[("application", &c.application)])
                                disabled=move || withdraw.pending.get()
                                on:click=move |_| take_back(id.clone(), name.clone())>
                                {t(portal::REVOKE)}
                            </button>
                            <ul>{c.scopes.iter().map(|s| view! { <li>{scope_description(s, t)}</li> }).collect_view()}</ul>
                        </li>
                    }
                }).collect_view()}</ul>
            }.into_any(),
        }}
    }
}

/// "Authorized Help Guide": how to sign in, recover and whom to call.
#[component]
pub fn HelpGuide() -> impl IntoView {
    let config = use_config();
    let contacts = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| (c.app_name, c.portal_name, c.support))
    };
    view! {
        <div class="card wide">
            <StepTitle>{t(portal::HELP_GUIDE)}</StepTitle>
            {move || contacts().map(|(app, portal_name, support)| {
                let (app, portal_name) = (app.as_str(), portal_name.as_str());
                view! {
                <h2>{t(portal::HELP_SIGNING_IN_HEADING)}</h2>
                <p>{tf(portal::HELP_SIGNING_IN, &[("portal", portal_name)])}</p>
                <p>{tf(portal::HELP_APP_LOGIN, &[("app", app)])}</p>
                <h2>{t(portal::HELP_FORGOT_PASSWORD_HEADING)}</h2>
                <p>{tf(portal::HELP_FORGOT_PASSWORD, &[("portal", portal_name), ("app", app)])}</p>
                <h2>{t(portal::HELP_FORGOT_USERNAME_HEADING)}</h2>
                <p>{t(portal::HELP_FORGOT_USERNAME)}</p>
                <h2>{t(portal::HELP_LOCKED_OUT_HEADING)}</h2>
                <p>{t(portal::HELP_LOCKED_OUT)}</p>
                <h2>{t(portal::NEED_ASSISTANCE)}</h2>
                <p>{tf(common::HELP_DESK_LINE, &[
                    ("portal", portal_name),
                    ("phone", &support.help_desk_phone),
                    ("hours", &support.help_desk_hours),
                ])}</p>
                <p>{tf(common::CUSTOMER_SUPPORT_LINE, &[
                    ("app", app),
                    ("phone", &support.customer_support_phone),
                    ("hours", &support.customer_support_hours),
                    ("email", &support.customer_support_email),
                ])}</p>
            }})}
            <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
        </div>
    }
}

/// "Forms": the registry's forms in one list.
#[component]
pub fn Forms() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>{t(portal::FORMS)}</StepTitle>
            <ul>
                <li><A to=Page::Aua>{t(portal::AUA)}</A>{t(portal::FORMS_AUA_NOTE)}</li>
                <li><A to=Page::AccessRequests>{t(portal::ACCESS_REQUESTS)}</A>{t(portal::FORMS_ACCESS_REQUESTS_NOTE)}</li>
                <li><A to=Page::RegisterOrganization>{t(signin::REQUEST_ACCOUNT)}</A></li>
                <li><A to=Page::ChangePassword>{t(portal::CHANGE_PASSWORD)}</A></li>
            </ul>
            <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
        </div>
    }
}
