//! Access and organization requests waiting for support's decision.

use iam_shared::dto::access::{
    AccessRequestKind, AccessRequestView, ApproveRequest, RejectRequest,
};
use iam_shared::i18n::console;
use leptos::prelude::*;

use super::ConsoleNav;
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;
use crate::i18n::{t, tf};

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
            <h1>{t(console::ACCESS_REQUESTS)}</h1>
            <ConsoleNav/>
            <label for="request-status">{t(console::SHOW)}</label>
            <select id="request-status" on:change=move |ev| { status.set(event_target_value(&ev)); load(); }>
                <option value="pending">{t(console::WAITING_FOR_DECISION)}</option>
                <option value="approved">{t(console::APPROVED)}</option>
                <option value="rejected">{t(console::REJECTED)}</option>
            </select>
            {move || notice.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {loading.banner()}
            {move || list.get().map(|requests| if requests.is_empty() {
                view! { <p class="muted">{t(console::NO_DATA)}</p> }.into_any()
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
        AccessRequestKind::Access => t(console::KIND_ACCESS),
        AccessRequestKind::NonHhsAccount => t(console::KIND_NON_HHS_ACCOUNT),
        AccessRequestKind::Organization => t(console::KIND_ORGANIZATION),
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
                    code_error.set(Some(t(console::ENTER_ORG_CODE_FOR_ACCOUNT)));
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
        <article aria-label=tf(console::REQUEST_FOR, &[("name", &who)])>
            <h2>{format!("{who} — {}", kind_label(request.kind))}</h2>
            <dl class="facts">
                <dt>{t(console::EMAIL)}</dt><dd>{request.email.clone()}</dd>
                <dt>{t(console::ORGANIZATION)}</dt><dd>{format!("{}{}", request.organization_name.clone().unwrap_or_default(),
                    request.org_code.clone().map(|c| format!(" ({c})")).unwrap_or_default())}</dd>
                <dt>{t(console::REQUESTED)}</dt><dd>{request.created_at.clone()}{request.requested_by.clone().map(|u| tf(console::BY, &[("name", &u)]))}</dd>
                <dt>{t(console::JUSTIFICATION)}</dt><dd>{request.justification.clone().unwrap_or_else(|| "—".into())}</dd>
                {request.decision_reason.clone().map(|r| view! { <dt>{t(console::REASON)}</dt><dd>{r}</dd> })}
                {request.created_username.clone().map(|u| view! { <dt>{t(console::ACCOUNT)}</dt><dd>{u}</dd> })}
            </dl>
            {deciding.banner()}
            {pending.then(|| view! {
                {needs_code.then(|| view! {
                    <label for=code_id.clone()>{t(console::ORG_CODE_FOR_ACCOUNT)}</label>
                    <input id=code_id.clone() type="text" autocomplete="off"
                        aria-invalid=move || code_error.get().is_some().to_string()
                        aria-describedby=format!("{code_id}-error")
                        prop:value=move || org_code.get() on:input=move |ev| org_code.set(event_target_value(&ev))/>
                    <p id=format!("{code_id}-error") class="field-error" aria-live="polite">{move || code_error.get()}</p>
                })}
                <button type="button" disabled=move || deciding.pending.get() on:click=approve>{t(console::APPROVE)}</button>
                <label for=reason_id.clone()>{t(console::REJECTION_REASON)}</label>
                <input id=reason_id.clone() type="text" autocomplete="off"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button type="button" class="secondary" disabled=move || deciding.pending.get() on:click=reject>{t(console::REJECT)}</button>
            })}
        </article>
    }
}
