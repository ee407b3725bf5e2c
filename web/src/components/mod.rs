//! Pieces shared by the pages: the page shell, the error banner, the
//! System Use Notification.

use iam_shared::{ErrorCode, Problem};
use leptos::prelude::*;

use crate::ConfigResource;

/// The config resource provided by [`crate::App`].
pub fn use_config() -> ConfigResource {
    use_context::<ConfigResource>().unwrap_or_else(|| LocalResource::new(crate::api::get_config))
}

/// The portal's name from the configuration, "IAMOnline" until it has loaded.
pub fn portal_name(config: ConfigResource) -> impl Fn() -> String + Copy {
    move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.portal_name)
            .unwrap_or_else(|| "IAMOnline".to_owned())
    }
}

/// A labelled text input with its error line, tied together for screen
/// readers (`aria-invalid`, `aria-describedby`, a polite live region).
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<&'static str>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id>{label}</label>
        <input id=id name=id type=input_type autocomplete=autocomplete required
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=error_id.clone()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))/>
        <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
    }
}

/// Header with the portal's branding, the page, and the support footer.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let config = use_config();
    let portal = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.portal_name)
            .unwrap_or_else(|| "IAMOnline".to_owned())
    };
    let support = move || {
        config.get().and_then(Result::ok).map(|c| {
            format!(
                "{} Customer Support: {} · {} ({}). IT Help Desk: {} ({}).",
                c.app_name,
                c.support.customer_support_phone,
                c.support.customer_support_email,
                c.support.customer_support_hours,
                c.support.help_desk_phone,
                c.support.help_desk_hours
            )
        })
    };
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <p class="brand">"Texas Health and Human Services · " <span>{portal}</span></p>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{support}</p>
        </footer>
    }
}

/// The System Use Notification of every sign-in page (SPEC §8).
#[component]
pub fn SystemUseNotification() -> impl IntoView {
    let config = use_config();
    view! {
        <section class="notice" aria-labelledby="sun-heading">
            <h2 id="sun-heading">"System Use Notification"</h2>
            <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
                {move || config.get().map(|result| match result {
                    Ok(c) => view! { <p>{c.system_use_notification}</p> }.into_any(),
                    Err(problem) => view! { <ErrorBanner problem=problem/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The message the user sees for a problem: the server's own text, or a
/// fallback for codes whose detail is technical.
pub fn message_for(problem: &Problem) -> String {
    match problem.code {
        ErrorCode::Internal => "Something went wrong on our side. Please try again.".to_owned(),
        ErrorCode::ValidationFailed if problem.field_errors.is_some() => {
            "Some fields are missing or invalid. Please check the highlighted fields.".to_owned()
        }
        _ => problem.detail.clone(),
    }
}

/// An error announced to screen readers as soon as it appears.
#[component]
pub fn ErrorBanner(problem: Problem) -> impl IntoView {
    view! { <div class="error-banner" role="alert">{message_for(&problem)}</div> }
}
