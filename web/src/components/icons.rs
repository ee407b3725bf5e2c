//! The seeds' icons as inline SVG: no icon font to miss a glyph, and each
//! either hidden from screen readers (the text beside it says it all) or
//! named (`role="img"` with a label).

use leptos::prelude::*;

/// The person beside the username being signed in.
#[component]
pub fn PersonIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <circle cx="8" cy="5" r="3" fill="currentColor"/>
            <path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" fill="currentColor"/>
        </svg>
    }
}

/// The envelope of the e-mail screens.
#[component]
pub fn EnvelopeIcon() -> impl IntoView {
    view! {
        <svg class="icon icon-large" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
            <rect x="2" y="5" width="20" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
            <path d="M3 6l9 7 9-7" fill="none" stroke="currentColor" stroke-width="2"/>
        </svg>
    }
}

/// The bell of "Haven't received an email?".
#[component]
pub fn BellIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M8 1a4 4 0 0 0-4 4v3L2 11v1h12v-1l-2-3V5a4 4 0 0 0-4-4zM6.5 13a1.5 1.5 0 0 0 3 0z" fill="currentColor"/>
        </svg>
    }
}

/// The lock on a tile that needs the AUA; named, because it is the only
/// sign of the lock besides the colour.
#[component]
pub fn LockIcon(label: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label=label focusable="false">
            <title>{label}</title>
            <rect x="3" y="7" width="10" height="8" rx="1" fill="currentColor"/>
            <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="2"/>
        </svg>
    }
}

/// The ">" after a home card's title (seed 001: "Sign AUA Form >").
#[component]
pub fn ChevronIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" stroke-width="2"/>
        </svg>
    }
}

/// The plus of "Add section".
#[component]
pub fn PlusIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M8 2v12M2 8h12" fill="none" stroke="currentColor" stroke-width="2"/>
        </svg>
    }
}

/// A tile's badge: the catalogue keeps no logos, so the application's
/// initials stand in for the seed's logos, hidden beside the name they
/// repeat.
#[component]
pub fn AppBadge(name: String) -> impl IntoView {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .collect::<String>()
        .to_uppercase();
    view! { <span class="app-badge" aria-hidden="true">{initials}</span> }
}
