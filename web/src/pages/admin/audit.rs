//! The audit trail, filtered, newest first, a page at a time.

use iam_shared::dto::admin::{AuditEventView, AuditPageResponse};
use iam_shared::i18n::console;
use leptos::prelude::*;

use super::{ConsoleNav, EventTable};
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;
use crate::i18n::{t, tf};
use crate::router::query_param;

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
            <h1>{t(console::AUDIT_TRAIL)}</h1>
            <ConsoleNav/>
            <p class="muted">{t(console::AUDIT_HELP)}</p>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(None); }>
                <label for="audit-user">{t(console::USER_ID)}</label>
                <input id="audit-user" type="text" autocomplete="off" prop:value=move || user_id.get()
                    on:input=move |ev| user_id.set(event_target_value(&ev))/>
                <label for="audit-type">{t(console::EVENT_TYPE)}</label>
                <input id="audit-type" type="text" autocomplete="off" placeholder="signin_password_failed" prop:value=move || event_type.get()
                    on:input=move |ev| event_type.set(event_target_value(&ev))/>
                <label for="audit-since">{t(console::SINCE)}</label>
                <input id="audit-since" type="date" prop:value=move || since.get()
                    on:input=move |ev| since.set(event_target_value(&ev))/>
                <button type="submit" class="primary" disabled=move || loading.pending.get()>{t(console::FILTER)}</button>
            </form>
            {loading.banner()}
            {move || loaded.get().then(|| view! {
                <p role="status">{tf(console::EVENTS_SHOWN, &[("count", &events.get().len().to_string())])}</p>
                <EventTable events=events.get() caption=t(console::AUDIT_EVENTS)/>
            })}
            {move || next.get().map(|id| view! {
                <button type="button" class="secondary" disabled=move || loading.pending.get()
                    on:click=move |_| load(Some(id))>{t(console::SHOW_OLDER)}</button>
            })}
        </div>
    }
}
