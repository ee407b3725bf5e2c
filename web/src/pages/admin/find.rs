//! "Find a user", "Create a user" and the acceptance evidence export.

use iam_shared::dto::admin::{CreateUserRequest, MembershipGrant, UserListResponse};
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::Page;
use leptos::prelude::*;

use super::{status_label, ConsoleNav};
use crate::api;
use crate::components::{FieldErrors, Submission, TextField};
use crate::flow::use_flow;
use crate::router::A;

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
                        <th scope="col">"E-mail"</th><th scope="col">"Status"</th><th scope="col">"Password"</th>
                    </tr></thead>
                    <tbody>
                        {list.users.into_iter().map(|u| view! {
                            <tr>
                                <td><A to=Page::UserDetail query=format!("id={}", api::encode(&u.id))>{u.username}</A></td>
                                <td>{format!("{} {}", u.first_name, u.last_name)}</td>
                                <td>{u.email}</td>
                                <td>{status_label(u.status)}</td>
                                <td>{if u.directory_account { "HHS/DSHS network" } else { "Portal" }}</td>
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
    let invalid = FieldErrors::new();
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
                invalid.clear();
                created.set(Some(answer.message));
                for field in [first, last, email, org] {
                    field.set(String::new());
                }
            },
            move |problem| invalid.refused(problem),
        );
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
                    error=invalid.line("first_name", "Enter a first name.")/>
                <TextField id="new-last" label="Last name" autocomplete="off" value=last
                    error=invalid.line("last_name", "Enter a last name.")/>
                <TextField id="new-email" label="E-mail address" input_type="email" autocomplete="off" value=email
                    error=invalid.line("email", "Enter a valid e-mail address.")/>
                <TextField id="new-org" label="Org code" autocomplete="off" value=org
                    error=invalid.line("organizations", "Enter the org code of an existing organization.")/>
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
