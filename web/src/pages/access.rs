//! The pages behind the dashboard's own tiles and cards: Manage Access (the
//! POC's people), Manage My Access (one's own organizations, roles and
//! applications), the Authorized Help Guide and the list of Forms.

use iam_shared::dto::access::OrganizationMembersResponse;
use iam_shared::dto::authorize::{scope_description, ConsentView};
use iam_shared::dto::dashboard::DashboardResponse;
use iam_shared::dto::session::SessionResponse;
use iam_shared::types::{AccountStatus, MembershipRole};
use iam_shared::Page;
use leptos::prelude::*;

use super::immtrac2::load_session;
use crate::api;
use crate::components::{message_for, use_config, StepTitle, Submission};
use crate::flow::use_flow;
use crate::router::A;

fn role_label(role: MembershipRole) -> &'static str {
    match role {
        MembershipRole::User => "User",
        MembershipRole::Poc => "Point of Contact",
        MembershipRole::Support => "Support",
        MembershipRole::Admin => "Administrator",
    }
}

fn status_label(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::PendingActivation => "Waiting for activation",
        AccountStatus::Active => "Active",
        AccountStatus::Locked => "Locked",
        AccountStatus::Disabled => "Disabled",
    }
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
            <StepTitle>"Manage Access (Beta)"</StepTitle>
            {move || match (members.get(), loading.problem.get()) {
                (_, Some(problem)) => view! {
                    <p role="alert" class="error-banner">{message_for(&problem)}</p>
                }.into_any(),
                (None, None) => view! { <p role="status">"Loading…"</p> }.into_any(),
                (Some(m), None) => view! {
                    <p>"These people can use the applications of the organizations you are the Point of Contact of. Support changes roles and accounts; ask them when someone leaves."</p>
                    {m.organizations.into_iter().map(|org| view! {
                        <section aria-label=org.name.clone()>
                            <h2>{format!("{} ({})", org.name, org.org_code)}</h2>
                            <table>
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Username"</th>
                                    <th scope="col">"Role"</th><th scope="col">"Status"</th><th scope="col">"Last sign-in"</th></tr></thead>
                                <tbody>{org.members.into_iter().map(|p| view! {
                                    <tr>
                                        <td>{format!("{} {}", p.first_name, p.last_name)}</td>
                                        <td>{p.username}</td>
                                        <td>{role_label(p.role)}</td>
                                        <td>{status_label(p.status)}</td>
                                        <td>{p.last_sign_in_at.as_deref().map(short_time).unwrap_or_else(|| "Never".to_owned())}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        </section>
                    }).collect_view()}
                    <p><A to=Page::AccessRequests>"Request access for a new person"</A></p>
                }.into_any(),
            }}
            <A to=Page::Dashboard>"Back to the dashboard"</A>
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
            return view! { <p>"You do not belong to an organization."</p> }.into_any();
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
            <StepTitle>"Manage My Access"</StepTitle>
            {move || match (session.get(), loading.problem.get()) {
                (_, Some(problem)) => view! { <p role="alert" class="error-banner">{message_for(&problem)}</p> }.into_any(),
                (None, None) => view! { <p role="status">"Loading…"</p> }.into_any(),
                (Some(s), None) => view! {
                    <h2>"Your account"</h2>
                    <p>{format!("{} {}, username {}.", s.user.first_name, s.user.last_name, s.user.username)}</p>
                    <h2>"Your organizations and roles"</h2>
                    {organizations(s)}
                    <p class="muted">"To be added to an organization, ask its Point of Contact to request access for you."</p>
                }.into_any(),
            }}
            <h2>"Your applications"</h2>
            {move || board.get().map(|d| {
                let apps: Vec<_> = d.sections.into_iter().flat_map(|s| s.tiles).collect();
                view! {
                    <ul>{apps.into_iter().map(|t| if t.locked {
                        view! { <li>{t.name}" — locked until you sign the "<A to=Page::Aua>"Acceptable Use Agreement"</A></li> }.into_any()
                    } else {
                        view! { <li><a href=t.url>{t.name}</a>{format!(" — {}", t.description)}</li> }.into_any()
                    }).collect_view()}</ul>
                }
            })}
            <super::security_methods::SecurityMethods/>
            <super::devices::Devices/>
            <AllowedApplications/>
            <p><A to=Page::ChangePassword>"Change password"</A></p>
            <A to=Page::Dashboard>"Back to the dashboard"</A>
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
                done.set(Some(format!(
                    "{application} no longer has access to your account."
                )));
                reload();
            },
            |_| {},
        );
    };
    view! {
        <h2>"Applications you allowed"</h2>
        {move || done.get().map(|m| view! { <p role="status" class="success">{m}</p> })}
        {move || withdraw.problem.get().or(load.problem.get()).map(|p| view! {
            <p role="alert" class="error-banner">{message_for(&p)}</p>
        })}
        {move || match consents.get() {
            None => view! { <p role="status">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <p>"You have not allowed any application outside the agency's catalogue."</p>
            }.into_any(),
            Some(list) => view! {
                <ul class="consents">{list.into_iter().map(|c| {
                    let (id, name) = (c.client_id.clone(), c.application.clone());
                    view! {
                        <li>
                            <strong>{c.application.clone()}</strong>
                            {format!(" — allowed {} ", short_time(&c.granted_at))}
                            <button type="button" class="secondary"
                                aria-label=format!("Revoke access for {}", c.application)
                                disabled=move || withdraw.pending.get()
                                on:click=move |_| take_back(id.clone(), name.clone())>
                                "Revoke"
                            </button>
                            <ul>{c.scopes.iter().map(|s| view! { <li>{scope_description(s)}</li> }).collect_view()}</ul>
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
            <StepTitle>"Authorized Help Guide"</StepTitle>
            {move || contacts().map(|(app, portal, support)| view! {
                <h2>"Signing in"</h2>
                <p>{format!("On the {portal} sign-in page, enter your username and select Next. Verify it's you with your password, then with the code we e-mail you, and accept the Confidentiality Statement. Your dashboard opens the applications you may use.")}</p>
                <p>{format!("The {app} login page asks for your Org Code, Username and Password instead.")}</p>
                <h2>"Forgot your password?"</h2>
                <p>{format!("On the {portal} sign-in page, select Forgot Password? (External Users Only): we e-mail you a Reset Password link and a code; both expire within minutes, so use them right away. On the {app} login page, Forgot Password e-mails a link that lasts hours; the e-mail says how long. Central office staff (HHS and DSHS e-mail addresses) reset their network password with the agency instead.")}</p>
                <h2>"Forgot your username?"</h2>
                <p>"Select Forgot Username and enter your first name, last name and e-mail address; the username comes to the e-mail address on file."</p>
                <h2>"Locked out?"</h2>
                <p>"After several wrong passwords in a row the account locks: resetting your password unlocks it. After repeated Forgot Password requests whose details do not match, the account is disabled: call Customer Support."</p>
                <h2>"Need Assistance?"</h2>
                <p>{format!("For issues signing in to {portal} or with Multifactor Authentication (MFA), contact the IT Help Desk at {}, {}.", support.help_desk_phone, support.help_desk_hours)}</p>
                <p>{format!("For issues with Syntropi or {app} access, call {app} Customer Support at {}, {}, or email {}.", support.customer_support_phone, support.customer_support_hours, support.customer_support_email)}</p>
            })}
            <A to=Page::Dashboard>"Back to the dashboard"</A>
        </div>
    }
}

/// "Forms": the registry's forms in one list.
#[component]
pub fn Forms() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>"Forms"</StepTitle>
            <ul>
                <li><A to=Page::Aua>"Acceptable Use Agreement"</A>" — sign or renew it once a year."</li>
                <li><A to=Page::AccessRequests>"Access Requests"</A>" — a Point of Contact asks for an account for a new person."</li>
                <li><A to=Page::RegisterOrganization>"Request account as non-HHS employee, or register organization"</A></li>
                <li><A to=Page::ChangePassword>"Change password"</A></li>
            </ul>
            <A to=Page::Dashboard>"Back to the dashboard"</A>
        </div>
    }
}
