//! "Page not found": every path without a screen, with a way back.

use crate::router::A;
use iam_shared::Page;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="card">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <A to=Page::SignIn>"Back to sign in"</A>
        </div>
    }
}
