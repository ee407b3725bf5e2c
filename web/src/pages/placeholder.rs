//! "Page not found": every path without a screen, with a way back.

use crate::router::A;
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>"Page not found"</StepTitle>
            <p>"There is no page at this address."</p>
            <A to=Page::SignIn>"Back to sign in"</A>
        </div>
    }
}
