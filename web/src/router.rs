//! Client-side navigation: the current path as a signal, the History API,
//! and a link that navigates without a page load. Deliberately small: with
//! a dozen screens, `leptos_router`'s generic route tables cost more of the
//! 200 KB bundle budget than the screens themselves (decision 2026-11-23).

use iam_shared::bundles::bundle_of;
use iam_shared::Page;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The path being shown, provided once by [`crate::App`].
#[derive(Debug, Clone, Copy)]
pub struct CurrentPath(pub RwSignal<String>);

fn location_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_owned())
}

/// Start tracking the address bar: the path now, and Back/Forward.
pub fn provide_router() -> CurrentPath {
    let current = CurrentPath(RwSignal::new(location_path()));
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        current.0.set(location_path());
    });
    on_cleanup(move || handle.remove());
    provide_context(current);
    current
}

/// The current path.
pub fn use_path() -> RwSignal<String> {
    use_context::<CurrentPath>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(location_path()))
}

/// A `Copy` handle to navigate, for event handlers and callbacks.
#[derive(Clone, Copy)]
pub struct Navigator(RwSignal<String>);

impl Navigator {
    /// Show `page`.
    pub fn go(self, page: Page) {
        self.go_to(page.path());
    }

    /// Show the screen at `path`, a [`Page`]'s address with its query
    /// (`Page::with_query`): a history entry, the new screen, the top of
    /// the page, and focus inside the new screen so screen readers start
    /// reading there.
    pub fn go_to(self, path: &str) {
        // Another bundle's screen: load its page (the session survives in
        // the refresh cookie).
        if bundle_of(path) != crate::BUNDLE {
            let _ = window().location().assign(path);
            return;
        }
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
        }
        // The screen is chosen by path; a query (`?id=…`) is the screen's to read.
        let screen = path.split(['?', '#']).next().unwrap_or(path);
        self.0.set(screen.to_owned());
        window().scroll_to_with_x_and_y(0.0, 0.0);
        // The new screen may have focused its first field (autofocus);
        // otherwise focus goes to the main region, not back to the body.
        let Some(main) = document().get_element_by_id("main") else {
            return;
        };
        let focused_inside = document()
            .active_element()
            .is_some_and(|active| main.contains(Some(&active)));
        if !focused_inside {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    }
}

/// The navigator of this app.
pub fn use_navigator() -> Navigator {
    Navigator(use_path())
}

/// A link to a screen of the app, with an optional (encoded) query.
/// Ordinary clicks navigate in place; modified clicks (new tab, new
/// window) keep the browser's behaviour.
#[component]
pub fn A(
    to: Page,
    #[prop(optional, into)] query: Option<String>,
    children: Children,
) -> impl IntoView {
    let nav = use_navigator();
    let href = match query {
        Some(query) => to.with_query(&query),
        None => to.path().to_owned(),
    };
    let target = href.clone();
    view! {
        <a href=href on:click=move |ev: leptos::ev::MouseEvent| {
            if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                ev.prevent_default();
                nav.go_to(&target);
            }
        }>{children()}</a>
    }
}

/// A query parameter of the address bar (`?name=value`), decoded.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| js_sys::decode_uri_component(value).ok())
        .map(String::from)
}
