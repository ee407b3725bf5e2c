//! "Find a user", "Create a user" and the acceptance evidence export.

use iam_shared::dto::admin::{CreateUserRequest, MembershipGrant, UserListResponse};
use iam_shared::i18n::{console, signin};
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::Page;
use leptos::prelude::*;

use super::{status_label, ConsoleNav};
use crate::api;
use crate::components::{FieldErrors, Submission, TextField};
use crate::flow::use_flow;
use crate::i18n::{t, tf};
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
            <h1>{t(console::SUPPORT_CONSOLE)}</h1>
            <ConsoleNav/>
            <h2>{t(console::FIND_A_USER)}</h2>
            <form role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); run_search(); }>
                <label for="q">{t(console::SEARCH_LABEL)}</label>
                <input id="q" type="search" autocomplete="off" prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))/>
                <label for="status">{t(console::STATUS)}</label>
                <select id="status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{t(console::ANY)}</option>
                    <option value="active">{t(console::STATUS_ACTIVE)}</option>
                    <option value="locked">{t(console::STATUS_LOCKED)}</option>
                    <option value="disabled">{t(console::STATUS_DISABLED)}</option>
                    <option value="pending_activation">{t(console::STATUS_PENDING_ACTIVATION)}</option>
                </select>
                <button type="submit" class="primary" disabled=move || search.pending.get()>{t(console::SEARCH)}</button>
            </form>
            {search.banner()}
            {move || results.get().map(|list| view! {
                <p role="status">{tf(console::ACCOUNTS_FOUND, &[("count", &list.total.to_string())])}</p>
                <table>
                    <caption class="visually-hidden">{t(console::ACCOUNTS_FOUND_CAPTION)}</caption>
                    <thead><tr>
                        <th scope="col">{t(signin::USERNAME)}</th><th scope="col">{t(console::NAME)}</th>
                        <th scope="col">{t(console::EMAIL)}</th><th scope="col">{t(console::STATUS)}</th><th scope="col">{t(console::PASSWORD)}</th>
                    </tr></thead>
                    <tbody>
                        {list.users.into_iter().map(|u| view! {
                            <tr>
                                <td><A to=Page::UserDetail query=format!("id={}", api::encode(&u.id))>{u.username}</A></td>
                                <td>{format!("{} {}", u.first_name, u.last_name)}</td>
                                <td>{u.email}</td>
                                <td>{status_label(u.status)}</td>
                                <td>{if u.directory_account { t(console::HHS_NETWORK) } else { t(console::PORTAL) }}</td>
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
                done.set(Some(tf(
                    console::EVIDENCE_DOWNLOADED,
                    &[("rows", &rows.to_string())],
                )));
            },
            |_| {},
        );
    };
    view! {
        <section aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">{t(console::ACCEPTANCE_EVIDENCE)}</h2>
            <p class="muted">{t(console::EVIDENCE_HELP)}</p>
            <button type="button" class="secondary" disabled=move || export.pending.get() on:click=start>
                {move || if export.pending.get() { t(console::PREPARING) } else { t(console::EXPORT_CSV) }}
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
            <h2 id="create-heading">{t(console::CREATE_A_USER)}</h2>
            <p class="muted">{t(console::CREATE_HELP)}</p>
            {move || created.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {submit.banner()}
            <form on:submit=on_submit novalidate>
                <label for="new-user-type">{t(console::ACCOUNT_TYPE)}</label>
                <select id="new-user-type" on:change=move |ev| user_type.set(event_target_value(&ev))>
                    <option value="external">{t(console::TYPE_EXTERNAL)}</option>
                    <option value="central_office">{t(console::TYPE_CENTRAL_OFFICE)}</option>
                    <option value="citizen">{t(console::TYPE_CITIZEN)}</option>
                </select>
                <TextField id="new-first" label=t(console::FIRST_NAME) autocomplete="off" value=first
                    error=invalid.line("first_name", t(console::ENTER_FIRST_NAME))/>
                <TextField id="new-last" label=t(console::LAST_NAME) autocomplete="off" value=last
                    error=invalid.line("last_name", t(console::ENTER_LAST_NAME))/>
                <TextField id="new-email" label=t(console::EMAIL_ADDRESS) input_type="email" autocomplete="off" value=email
                    error=invalid.line("email", t(console::ENTER_VALID_EMAIL))/>
                <TextField id="new-org" label=t(console::ORG_CODE) autocomplete="off" value=org
                    error=invalid.line("organizations", t(console::ENTER_EXISTING_ORG_CODE))/>
                <label for="new-role">{t(console::ROLE_IN_ORG)}</label>
                <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="user">{t(console::ROLE_OPTION_USER)}</option>
                    <option value="poc">{t(console::ROLE_OPTION_POC)}</option>
                    <option value="support">{t(console::ROLE_OPTION_SUPPORT)}</option>
                </select>
                <button type="submit" class="primary" disabled=move || submit.pending.get()>
                    {move || if submit.pending.get() { t(console::CREATING) } else { t(console::CREATE_USER) }}
                </button>
            </form>
        </section>
    }
}
