//! "Page not found": every path without a screen, with a way back.

use crate::router::A;
use iam_shared::i18n::{common, signin};
use iam_shared::Page;
use leptos::prelude::*;

use crate::components::StepTitle;
use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>{t(common::PAGE_NOT_FOUND)}</StepTitle>
            <p>{t(common::NO_PAGE_HERE)}</p>
            <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
        </div>
    }
}
