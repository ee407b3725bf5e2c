//! The support console (docs/product.md §9): find an account and act on it, decide
//! access and organization requests, read the audit trail. The API checks
//! the role on every call; these screens show its refusal in words.

use iam_shared::dto::access::{
    AccessRequestKind, AccessRequestView, ApproveRequest, RejectRequest,
};
use iam_shared::dto::admin::{
    AdminUserDetail, AuditEventView, AuditPageResponse, CreateUserRequest, DeliveryState,
    MembershipGrant, UserListResponse,
};
use iam_shared::types::{AccountStatus, MembershipRole, UserType};
use leptos::prelude::*;

use crate::api;
use crate::components::{Submission, TextField};
use crate::flow::{use_flow, use_navigator};
use crate::router::{query_param, A};

/// A count of failures from unknown devices, and whether they are blocked.
fn blocked_count(failures: i32, blocked_until: Option<String>) -> String {
    match blocked_until {
        Some(until) => format!("{failures} — unknown devices blocked until {until}"),
        None => failures.to_string(),
    }
}

fn status_label(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::PendingActivation => "Pending activation",
        AccountStatus::Active => "Active",
        AccountStatus::Locked => "Locked",
        AccountStatus::Disabled => "Disabled",
    }
}

fn delivery_label(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Queued => "Queued",
        DeliveryState::Sent => "Sent",
        DeliveryState::Retrying => "Retrying",
        DeliveryState::Failed => "Failed",
    }
}

/// The console's own navigation, on every console screen.
#[component]
fn ConsoleNav() -> impl IntoView {
    view! {
        <nav class="links" aria-label="Support console">
            <ul>
                <li><A href="/admin">"Find a user"</A></li>
                <li><A href="/admin/requests">"Access requests"</A></li>
                <li><A href="/admin/audit">"Audit trail"</A></li>
                <li><A href="/dashboard">"Dashboard"</A></li>
            </ul>
        </nav>
    }
}

/// A link to another console screen with a query (`/admin/user?id=…`).
#[component]
fn QueryLink(href: String, children: Children) -> impl IntoView {
    let nav = use_navigator();
    let target = href.clone();
    view! {
        <a href=href on:click=move |ev: leptos::ev::MouseEvent| {
            if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                ev.prevent_default();
                nav.go(&target);
            }
        }>{children()}</a>
    }
}

/// "Find a user": search by username, e-mail or name, and status; and
/// "Create a user".
#[component]
pub fn SupportHome() -> impl IntoView {
    let flow = use_flow();
    let q = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let results = RwSignal::new(None::<UserListResponse>);
    let search = Submission::new();
    let run_search = move || {
        let mut query = format!("q={}", api::encode(q.get_untracked().trim()));
        let chosen = status.get_untracked();
        if !chosen.is_empty() {
            query.push_str(&format!("&status={chosen}"));
        }
        search.run(
            async move {
                flow.authorized(move |t| api::admin_search_users(t, query.clone()))
                    .await
            },
            move |list| results.set(Some(list)),
            |_| {},
        );
    };
    // The newest accounts show at once.
    run_search();
    view! {
        <div class="card wide">
            <h1>"Support console"</h1>
            <ConsoleNav/>
            <h2>"Find a user"</h2>
            <form role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); run_search(); }>
                <label for="q">"Username, e-mail address or name"</label>
                <input id="q" type="search" autocomplete="off" prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))/>
                <label for="status">"Status"</label>
                <select id="status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">"Any"</option>
                    <option value="active">"Active"</option>
                    <option value="locked">"Locked"</option>
                    <option value="disabled">"Disabled"</option>
                    <option value="pending_activation">"Pending activation"</option>
                </select>
                <button type="submit" class="primary" disabled=move || search.pending.get()>"Search"</button>
            </form>
            {search.banner()}
            {move || results.get().map(|list| view! {
                <p role="status">{format!("{} account(s) found.", list.total)}</p>
                <table>
                    <caption class="visually-hidden">"Accounts found"</caption>
                    <thead><tr>
                        <th scope="col">"Username"</th><th scope="col">"Name"</th>
                        <th scope="col">"E-mail"</th><th scope="col">"Status"</th>
                    </tr></thead>
                    <tbody>
                        {list.users.into_iter().map(|u| view! {
                            <tr>
                                <td><QueryLink href=format!("/admin/user?id={}", api::encode(&u.id))>{u.username}</QueryLink></td>
                                <td>{format!("{} {}", u.first_name, u.last_name)}</td>
                                <td>{u.email}</td>
                                <td>{status_label(u.status)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <CreateUser/>
            <EvidenceExport/>
        </div>
    }
}

/// Hand `csv` to the browser as a download named `name`.
fn download(csv: &str, name: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// "Export acceptance evidence": every AUA and Confidentiality Statement
/// acceptance (user, organization, version and hash, time, IP) as CSV.
#[component]
fn EvidenceExport() -> impl IntoView {
    let flow = use_flow();
    let export = Submission::new();
    let done = RwSignal::new(None::<String>);
    let start = move |_| {
        done.set(None);
        export.run(
            async move { flow.authorized(api::admin_evidence_csv).await },
            move |csv| {
                let rows = csv.lines().count().saturating_sub(1);
                let _ = download(&csv, "acceptance-evidence.csv");
                done.set(Some(format!(
                    "Downloaded acceptance-evidence.csv ({rows} acceptance(s))."
                )));
            },
            |_| {},
        );
    };
    view! {
        <section aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">"Acceptance evidence"</h2>
            <p class="muted">"Every signature of the Acceptable Use Agreement and every acceptance of the Confidentiality Statement, with the document version and its hash, for an audit."</p>
            <button type="button" class="secondary" disabled=move || export.pending.get() on:click=start>
                {move || if export.pending.get() { "Preparing…" } else { "Export as CSV" }}
            </button>
            {export.banner()}
            {move || done.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
        </section>
    }
}

/// "Create a user": the person gets the Welcome e-mail.
#[component]
fn CreateUser() -> impl IntoView {
    let flow = use_flow();
    let (first, last, email, org) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let user_type = RwSignal::new("external".to_owned());
    let role = RwSignal::new("user".to_owned());
    let created = RwSignal::new(None::<String>);
    let (invalid, set_invalid) = signal(Vec::<String>::new());
    let submit = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let code = org.get_untracked().trim().to_uppercase();
        let request = CreateUserRequest {
            user_type: UserType::parse(&user_type.get_untracked()).unwrap_or(UserType::External),
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            organizations: if code.is_empty() {
                Vec::new()
            } else {
                vec![MembershipGrant {
                    org_code: code,
                    role: MembershipRole::parse(&role.get_untracked())
                        .unwrap_or(MembershipRole::User),
                }]
            },
        };
        submit.run(
            async move {
                flow.authorized(move |t| api::admin_create_user(t, request.clone()))
                    .await
            },
            move |answer| {
                set_invalid.set(Vec::new());
                created.set(Some(answer.message));
                for field in [first, last, email, org] {
                    field.set(String::new());
                }
            },
            move |problem| {
                set_invalid.set(
                    problem
                        .field_errors
                        .clone()
                        .map(|f| f.into_keys().collect())
                        .unwrap_or_default(),
                );
            },
        );
    };
    let error = move |field: &'static str, text: &'static str| {
        Signal::derive(move || invalid.get().iter().any(|f| f == field).then_some(text))
    };
    view! {
        <section aria-labelledby="create-heading">
            <h2 id="create-heading">"Create a user"</h2>
            <p class="muted">"The person receives the Welcome e-mail with the username and a 7-day Activate Account link."</p>
            {move || created.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {submit.banner()}
            <form on:submit=on_submit novalidate>
                <label for="new-user-type">"Type of account"</label>
                <select id="new-user-type" on:change=move |ev| user_type.set(event_target_value(&ev))>
                    <option value="external">"External (2-4-2 username)"</option>
                    <option value="central_office">"Central office (work e-mail)"</option>
                    <option value="citizen">"Citizen (e-mail)"</option>
                </select>
                <TextField id="new-first" label="First name" autocomplete="off" value=first
                    error=error("first_name", "Enter a first name.")/>
                <TextField id="new-last" label="Last name" autocomplete="off" value=last
                    error=error("last_name", "Enter a last name.")/>
                <TextField id="new-email" label="E-mail address" input_type="email" autocomplete="off" value=email
                    error=error("email", "Enter a valid e-mail address.")/>
                <TextField id="new-org" label="Org code" autocomplete="off" value=org
                    error=error("organizations", "Enter the org code of an existing organization.")/>
                <label for="new-role">"Role in the organization"</label>
                <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="user">"User"</option>
                    <option value="poc">"Point of Contact"</option>
                    <option value="support">"Support (admins only)"</option>
                </select>
                <button type="submit" class="primary" disabled=move || submit.pending.get()>
                    {move || if submit.pending.get() { "Creating…" } else { "Create user" }}
                </button>
            </form>
        </section>
    }
}

/// One account: facts, actions, the caller check and the timeline.
#[component]
pub fn UserDetail() -> impl IntoView {
    let flow = use_flow();
    let id = query_param("id").unwrap_or_default();
    let detail = RwSignal::new(None::<AdminUserDetail>);
    let loading = Submission::new();
    let load_id = id.clone();
    loading.run(
        async move {
            flow.authorized(move |t| api::admin_get_user(t, load_id.clone()))
                .await
        },
        move |d| detail.set(Some(d)),
        |_| {},
    );
    let notice = RwSignal::new(None::<String>);
    let acting = Submission::new();
    let confirm_disable = RwSignal::new(false);
    let confirm_new_password = RwSignal::new(false);
    let act = {
        let id = id.clone();
        move |action: &'static str, done: &'static str| {
            let id = id.clone();
            notice.set(None);
            confirm_disable.set(false);
            confirm_new_password.set(false);
            acting.run(
                async move {
                    flow.authorized(move |t| api::admin_act(t, id.clone(), action))
                        .await
                },
                move |d| {
                    detail.set(Some(d));
                    notice.set(Some(done.to_owned()));
                },
                |_| {},
            );
        }
    };
    view! {
        <div class="card wide">
            <h1>"Account"</h1>
            <ConsoleNav/>
            {loading.banner()}
            {move || (detail.get().is_none() && loading.problem.get().is_none())
                .then(|| view! { <p role="status">"Loading…"</p> })}
            {move || notice.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {acting.banner()}
            {move || detail.get().map(|d| {
                let act = act.clone();
                let status = d.user.status;
                let name = format!("{} {}", d.user.first_name, d.user.last_name);
                let act_unlock = act.clone();
                let act_enable = act.clone();
                let act_resend = act.clone();
                let act_revoke = act.clone();
                let act_disable = act.clone();
                let act_clear = act.clone();
                let act_new_password = act.clone();
                let has_sessions = !d.sessions.is_empty();
                let unknown_failures =
                    d.unknown_device_failed_login_count > 0 || d.unknown_device_failed_reset_count > 0;
                view! {
                    <h2>{format!("{} ({})", name, d.user.username)}</h2>
                    <dl class="facts">
                        <dt>"Status"</dt><dd>{status_label(status)}</dd>
                        <dt>"E-mail"</dt><dd>{d.user.email.clone()}</dd>
                        <dt>"Phone"</dt><dd>{d.phone.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Failed sign-ins (own devices)"</dt><dd>{d.failed_login_count}</dd>
                        <dt>"Failed reset requests (own devices)"</dt><dd>{d.failed_reset_count}</dd>
                        <dt>"Failed sign-ins (unknown devices)"</dt><dd>{blocked_count(d.unknown_device_failed_login_count, d.unknown_devices_blocked_until.clone())}</dd>
                        <dt>"Failed reset requests (unknown devices)"</dt><dd>{blocked_count(d.unknown_device_failed_reset_count, d.unknown_device_resets_blocked_until.clone())}</dd>
                        <dt>"Last sign-in"</dt><dd>{d.user.last_login_at.clone().unwrap_or_else(|| "Never".into())}</dd>
                        <dt>"Created"</dt><dd>{d.created_at.clone()}</dd>
                    </dl>
                    <div class="actions" role="group" aria-label="Account actions">
                        {(status == AccountStatus::Locked).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_unlock("unlock", "The account is unlocked.")>"Unlock account"</button>
                        })}
                        {(status == AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_enable("enable", "The account is enabled.")>"Enable account"</button>
                        })}
                        {(status == AccountStatus::PendingActivation).then(|| view! {
                            <button type="button" class="primary" disabled=move || acting.pending.get()
                                on:click=move |_| act_resend("resend-activation", "A new Welcome e-mail is on its way; earlier links no longer work.")>"Resend activation e-mail"</button>
                        })}
                        {unknown_failures.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_clear("clear-device-blocks", "Failures from unknown devices are cleared; new devices may sign in again.")>"Clear unknown-device failures"</button>
                        })}
                        {has_sessions.then(|| view! {
                            <button type="button" class="secondary" disabled=move || acting.pending.get()
                                on:click=move |_| act_revoke("revoke-sessions", "Every session of the account has ended.")>"End all sessions"</button>
                        })}
                        {matches!(status, AccountStatus::Active | AccountStatus::Locked).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(true)>"Require a new password"</button>
                        })}
                        {(status != AccountStatus::Disabled).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| confirm_disable.set(true)>"Disable account"</button>
                        })}
                    </div>
                    {move || confirm_new_password.get().then(|| {
                        let act_new_password = act_new_password.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-password-text">
                                <p id="confirm-password-text">"Require a new password? The account is signed out everywhere and locked until its owner sets a new password from the link we e-mail them."</p>
                                <button type="button" class="danger" on:click=move |_| act_new_password("require-password-change", "The owner was signed out and e-mailed a link to choose a new password.")>"Yes, require a new password"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_new_password.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    {move || confirm_disable.get().then(|| {
                        let act_disable = act_disable.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                                <p id="confirm-text">{format!("Disable the account of {}? It cannot sign in until support enables it, and its sessions end now.", name)}</p>
                                <button type="button" class="danger" on:click=move |_| act_disable("disable", "The account is disabled.")>"Yes, disable"</button>
                                <button type="button" class="secondary" on:click=move |_| confirm_disable.set(false)>"Cancel"</button>
                            </div>
                        }
                    })}
                    <CallerCheck user_id=d.user.id.clone() question=d.security_question.clone()/>
                    <h3>"Organizations"</h3>
                    {if d.memberships.is_empty() {
                        view! { <p class="muted">"None"</p> }.into_any()
                    } else {
                        view! { <ul>{d.memberships.into_iter().map(|m| view! {
                            <li>{format!("{} ({}) — {}", m.organization_name, m.org_code, m.role.as_str())}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>"Sessions"</h3>
                    {if d.sessions.is_empty() {
                        view! { <p class="muted">"No live sessions"</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">"Live sessions"</caption>
                            <thead><tr><th scope="col">"Started"</th><th scope="col">"Last seen"</th><th scope="col">"Door"</th><th scope="col">"Address"</th></tr></thead>
                            <tbody>{d.sessions.into_iter().map(|s| view! {
                                <tr><td>{s.created_at}</td><td>{s.last_seen_at}</td><td>{s.door}</td><td>{s.ip.unwrap_or_default()}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>"E-mails"</h3>
                    {if d.emails.is_empty() {
                        view! { <p class="muted">"No e-mails"</p> }.into_any()
                    } else {
                        view! { <table>
                            <caption class="visually-hidden">"E-mails sent to this user"</caption>
                            <thead><tr><th scope="col">"Queued"</th><th scope="col">"Subject"</th><th scope="col">"Delivery"</th><th scope="col">"Attempts"</th></tr></thead>
                            <tbody>{d.emails.into_iter().map(|m| view! {
                                <tr><td>{m.created_at}</td><td>{m.subject}</td>
                                    <td>{delivery_label(m.state)}{m.last_error.map(|e| format!(" ({e})"))}</td>
                                    <td>{m.attempts}</td></tr>
                            }).collect_view()}</tbody>
                        </table> }.into_any()
                    }}
                    <h3>"Recent events"</h3>
                    <EventTable events=d.recent_events caption="Recent events of this user"/>
                }
            })}
        </div>
    }
}

/// "Verify a caller": compare the answer a caller gives on the phone.
#[component]
fn CallerCheck(user_id: String, question: Option<String>) -> impl IntoView {
    let flow = use_flow();
    let answer = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<(bool, String)>);
    let check = Submission::new();
    let Some(question) = question else {
        return view! {
            <h3>"Verify a caller"</h3>
            <p class="muted">"No security question on file yet (the account was not activated)."</p>
        }
        .into_any();
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verdict.set(None);
        let (id, said) = (user_id.clone(), answer.get_untracked());
        check.run(
            async move {
                flow.authorized(move |t| api::admin_verify_answer(t, id.clone(), said.clone()))
                    .await
            },
            move |v| verdict.set(Some((v.matched, v.message))),
            |_| {},
        );
    };
    view! {
        <h3>"Verify a caller"</h3>
        <p>"Ask the caller: " <q>{question}</q></p>
        <form on:submit=on_submit>
            <label for="caller-answer">"The caller's answer"</label>
            <input id="caller-answer" type="text" autocomplete="off" required
                prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || check.pending.get()>"Check answer"</button>
        </form>
        {check.banner()}
        {move || verdict.get().map(|(matched, text)| view! {
            <p role="status" class=if matched { "success" } else { "field-error" }>{text}</p>
        })}
    }
    .into_any()
}

/// Events as a table, newest first.
#[component]
fn EventTable(events: Vec<AuditEventView>, caption: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">"Currently no data"</p> }.into_any();
    }
    view! {
        <table>
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                <th scope="col">"Time"</th><th scope="col">"Event"</th>
                <th scope="col">"Address"</th><th scope="col">"Details"</th>
            </tr></thead>
            <tbody>{events.into_iter().map(|e| view! {
                <tr>
                    <td>{e.occurred_at}</td>
                    <td>{e.event_type}</td>
                    <td>{e.ip.unwrap_or_default()}</td>
                    <td><code>{e.detail.to_string()}</code>{e.actor_id.map(|a| format!(" by {a}"))}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

/// Access and organization requests waiting for a decision.
#[component]
pub fn Requests() -> impl IntoView {
    let flow = use_flow();
    let status = RwSignal::new("pending".to_owned());
    let list = RwSignal::new(None::<Vec<AccessRequestView>>);
    let loading = Submission::new();
    let load = move || {
        let chosen = status.get_untracked();
        loading.run(
            async move {
                flow.authorized(move |t| api::admin_list_requests(t, chosen.clone()))
                    .await
            },
            move |l| list.set(Some(l.requests)),
            |_| {},
        );
    };
    load();
    let notice = RwSignal::new(None::<String>);
    view! {
        <div class="card wide">
            <h1>"Access requests"</h1>
            <ConsoleNav/>
            <label for="request-status">"Show"</label>
            <select id="request-status" on:change=move |ev| { status.set(event_target_value(&ev)); load(); }>
                <option value="pending">"Waiting for a decision"</option>
                <option value="approved">"Approved"</option>
                <option value="rejected">"Rejected"</option>
            </select>
            {move || notice.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {loading.banner()}
            {move || list.get().map(|requests| if requests.is_empty() {
                view! { <p class="muted">"Currently no data"</p> }.into_any()
            } else {
                view! { <ul class="requests">{requests.into_iter().map(|r| view! {
                    <li><RequestCard request=r list=list notice=notice/></li>
                }).collect_view()}</ul> }.into_any()
            })}
        </div>
    }
}

fn kind_label(kind: AccessRequestKind) -> &'static str {
    match kind {
        AccessRequestKind::Access => "Access request by a POC",
        AccessRequestKind::NonHhsAccount => "Account for a non-HHS employee",
        AccessRequestKind::Organization => "New organization",
    }
}

/// One request, with Approve and Reject when it waits for a decision.
#[component]
fn RequestCard(
    request: AccessRequestView,
    list: RwSignal<Option<Vec<AccessRequestView>>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let flow = use_flow();
    let org_code = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let deciding = Submission::new();
    let needs_code = request.kind == AccessRequestKind::Organization
        || (request.kind == AccessRequestKind::NonHhsAccount && request.org_code.is_none());
    let pending = request.status == iam_shared::dto::access::AccessRequestStatus::Pending;
    let id = request.id.clone();
    let decided = move |answer: iam_shared::dto::access::DecisionResponse| {
        notice.set(Some(answer.message));
        let decided_id = answer.request.id.clone();
        list.update(|l| {
            if let Some(l) = l {
                l.retain(|r| r.id != decided_id);
            }
        });
    };
    let code_error = RwSignal::new(None::<&'static str>);
    let approve_id = id.clone();
    let approve = move |_| {
        let (id, code) = (approve_id.clone(), org_code.get_untracked());
        code_error.set(None);
        deciding.run(
            async move {
                flow.authorized(move |t| {
                    api::admin_approve(
                        t,
                        id.clone(),
                        ApproveRequest {
                            org_code: code.clone(),
                        },
                    )
                })
                .await
            },
            decided,
            move |problem| {
                let named = problem
                    .field_errors
                    .as_ref()
                    .is_some_and(|f| f.contains_key("org_code"));
                if named {
                    code_error.set(Some(
                        "Enter an org code (letters and digits) for the account's organization.",
                    ));
                }
            },
        );
    };
    let reject = move |_| {
        let (id, why) = (id.clone(), reason.get_untracked());
        deciding.run(
            async move {
                flow.authorized(move |t| {
                    api::admin_reject(
                        t,
                        id.clone(),
                        RejectRequest {
                            reason: why.clone(),
                        },
                    )
                })
                .await
            },
            decided,
            |_| {},
        );
    };
    let field = |name: &str| format!("{name}-{}", request.id);
    let (code_id, reason_id) = (field("org-code"), field("reason"));
    let who = format!("{} {}", request.first_name, request.last_name);
    view! {
        <article aria-label=format!("Request for {who}")>
            <h2>{format!("{who} — {}", kind_label(request.kind))}</h2>
            <dl class="facts">
                <dt>"E-mail"</dt><dd>{request.email.clone()}</dd>
                <dt>"Organization"</dt><dd>{format!("{}{}", request.organization_name.clone().unwrap_or_default(),
                    request.org_code.clone().map(|c| format!(" ({c})")).unwrap_or_default())}</dd>
                <dt>"Requested"</dt><dd>{request.created_at.clone()}{request.requested_by.clone().map(|u| format!(" by {u}"))}</dd>
                <dt>"Justification"</dt><dd>{request.justification.clone().unwrap_or_else(|| "—".into())}</dd>
                {request.decision_reason.clone().map(|r| view! { <dt>"Reason"</dt><dd>{r}</dd> })}
                {request.created_username.clone().map(|u| view! { <dt>"Account"</dt><dd>{u}</dd> })}
            </dl>
            {deciding.banner()}
            {pending.then(|| view! {
                {needs_code.then(|| view! {
                    <label for=code_id.clone()>"Org code for the account"</label>
                    <input id=code_id.clone() type="text" autocomplete="off"
                        aria-invalid=move || code_error.get().is_some().to_string()
                        aria-describedby=format!("{code_id}-error")
                        prop:value=move || org_code.get() on:input=move |ev| org_code.set(event_target_value(&ev))/>
                    <p id=format!("{code_id}-error") class="field-error" aria-live="polite">{move || code_error.get()}</p>
                })}
                <button type="button" disabled=move || deciding.pending.get() on:click=approve>"Approve"</button>
                <label for=reason_id.clone()>"Reason for a rejection"</label>
                <input id=reason_id.clone() type="text" autocomplete="off"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button type="button" class="secondary" disabled=move || deciding.pending.get() on:click=reject>"Reject"</button>
            })}
        </article>
    }
}

/// The audit trail, filtered, newest first, a page at a time.
#[component]
pub fn AuditTrail() -> impl IntoView {
    let flow = use_flow();
    let user_id = RwSignal::new(query_param("user_id").unwrap_or_default());
    let event_type = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<AuditEventView>::new());
    let next = RwSignal::new(None::<i64>);
    let loaded = RwSignal::new(false);
    let loading = Submission::new();
    let load = move |older: Option<i64>| {
        let mut query = String::from("limit=50");
        for (key, value) in [
            ("user_id", user_id.get_untracked()),
            ("type", event_type.get_untracked()),
            ("since", since.get_untracked()),
        ] {
            if !value.trim().is_empty() {
                query.push_str(&format!("&{key}={}", api::encode(value.trim())));
            }
        }
        if let Some(id) = older {
            query.push_str(&format!("&before_id={id}"));
        }
        loading.run(
            async move {
                flow.authorized(move |t| api::admin_audit(t, query.clone()))
                    .await
            },
            move |page: AuditPageResponse| {
                if older.is_none() {
                    events.set(page.events);
                } else {
                    events.update(|e| e.extend(page.events));
                }
                next.set(page.next_before_id);
                loaded.set(true);
            },
            |_| {},
        );
    };
    load(None);
    view! {
        <div class="card wide">
            <h1>"Audit trail"</h1>
            <ConsoleNav/>
            <p class="muted">"Every sign-in, reset, lock and support action, newest first. The trail is append-only and hash-chained."</p>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(None); }>
                <label for="audit-user">"User id"</label>
                <input id="audit-user" type="text" autocomplete="off" prop:value=move || user_id.get()
                    on:input=move |ev| user_id.set(event_target_value(&ev))/>
                <label for="audit-type">"Event type"</label>
                <input id="audit-type" type="text" autocomplete="off" placeholder="signin_password_failed" prop:value=move || event_type.get()
                    on:input=move |ev| event_type.set(event_target_value(&ev))/>
                <label for="audit-since">"Since"</label>
                <input id="audit-since" type="date" prop:value=move || since.get()
                    on:input=move |ev| since.set(event_target_value(&ev))/>
                <button type="submit" class="primary" disabled=move || loading.pending.get()>"Filter"</button>
            </form>
            {loading.banner()}
            {move || loaded.get().then(|| view! {
                <p role="status">{format!("{} event(s) shown.", events.get().len())}</p>
                <EventTable events=events.get() caption="Audit events"/>
            })}
            {move || next.get().map(|id| view! {
                <button type="button" class="secondary" disabled=move || loading.pending.get()
                    on:click=move |_| load(Some(id))>"Show older events"</button>
            })}
        </div>
    }
}
