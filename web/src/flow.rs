//! What the sign-in screens share while a user moves through them, and the
//! signed-in session. The access token lives in memory only; after a reload
//! the HttpOnly refresh cookie gets a new one.

use std::future::Future;
use std::pin::Pin;

use futures::future::{FutureExt, Shared};
use iam_shared::dto::signin::{SigninMethod, SigninStepResponse};
use iam_shared::{NextStep, Page, Problem};
use leptos::prelude::*;

use crate::api;

/// Which front door the user came through (docs/product.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    IamOnline,
    ImmTrac2,
}

/// A token refresh in flight, awaited by every screen that needs a token.
type Refresh = Shared<Pin<Box<dyn Future<Output = Option<String>>>>>;

/// Sign-in progress and session, provided once by [`crate::App`].
#[derive(Clone, Copy)]
pub struct Flow {
    pub transaction_id: RwSignal<Option<String>>,
    /// The username being signed in, as typed: every step shows it (seed 001).
    pub username: RwSignal<Option<String>>,
    pub door: RwSignal<Door>,
    /// A message the next screen shows (the ladder's text, say).
    pub notice: RwSignal<Option<String>>,
    /// The recall step is due: the password needs a CAPTCHA.
    pub captcha_required: RwSignal<bool>,
    /// The second factors the user has, from the step after the password
    /// (empty before it: the first screen offers the e-mail code and the
    /// password).
    pub second_factors: RwSignal<Vec<SigninMethod>>,
    pub access_token: RwSignal<Option<String>>,
    /// Forgot Password: where the e-mail goes (masked), and the reset token
    /// the e-mail's code was traded for (memory only, never in the URL).
    pub masked_email: RwSignal<Option<String>>,
    pub reset_token: RwSignal<Option<String>>,
    /// Activation: the new account's username and names, for the password rules.
    pub owner: RwSignal<Option<crate::components::new_password::Owner>>,
    /// Refresh tokens rotate and a reused one ends the session, so two
    /// screens loading at once must share one refresh, not race two.
    refreshing: StoredValue<Option<Refresh>, LocalStorage>,
    /// Where answers of the AUA gate send the user (the app's navigator,
    /// captured at start: async callers run outside the reactive tree).
    navigator: crate::router::Navigator,
}

impl Flow {
    pub fn new() -> Self {
        Self {
            transaction_id: RwSignal::new(None),
            username: RwSignal::new(None),
            door: RwSignal::new(Door::IamOnline),
            notice: RwSignal::new(None),
            captcha_required: RwSignal::new(false),
            second_factors: RwSignal::new(Vec::new()),
            access_token: RwSignal::new(None),
            masked_email: RwSignal::new(None),
            reset_token: RwSignal::new(None),
            owner: RwSignal::new(None),
            refreshing: StoredValue::new_local(None),
            navigator: crate::router::use_navigator(),
        }
    }

    /// Forget the sign-in in progress ("Back to sign in").
    pub fn restart(&self) {
        self.transaction_id.set(None);
        self.username.set(None);
        self.masked_email.set(None);
        self.notice.set(None);
        self.captcha_required.set(false);
        self.second_factors.set(Vec::new());
    }

    /// Record a successful step; returns the screen to show.
    pub fn advance(&self, step: &SigninStepResponse) -> Page {
        self.transaction_id.set(Some(step.transaction_id.clone()));
        self.notice.set(None);
        if let Some(masked) = &step.masked_email {
            self.masked_email.set(Some(masked.clone()));
        }
        if matches!(
            step.next_step,
            NextStep::EmailCode | NextStep::SetupRequired
        ) {
            self.second_factors.set(step.methods.clone());
        }
        // "Set up required" is a screen of the portal's bundle (it would not
        // fit the sign-in page's budget): the sign-in goes there with it.
        if step.next_step == NextStep::SetupRequired {
            pending_setup::save(
                &step.transaction_id,
                &step.methods,
                self.door.get_untracked() == Door::ImmTrac2,
            );
        }
        // The policy asks for more than the e-mail code: straight to the
        // list of what would do.
        if step.next_step == NextStep::EmailCode
            && !step.methods.is_empty()
            && !step.methods.contains(&SigninMethod::Email)
        {
            return Page::ChooseMethod;
        }
        if step.next_step == NextStep::Done {
            self.access_token.set(step.access_token.clone());
            self.transaction_id.set(None);
            // An application's sign-in request was waiting: go back to it.
            if pending_authorization::handle().is_some() {
                return Page::Authorize;
            }
            if let Some(page) = return_to::take() {
                return page;
            }
            return match self.door.get_untracked() {
                Door::ImmTrac2 if step.organizations.len() > 1 => Page::ChooseOrganization,
                Door::ImmTrac2 => Page::ImmTrac2Home,
                Door::IamOnline => Page::Dashboard,
            };
        }
        page_of(step.next_step, self.door.get_untracked())
    }

    /// The access token, refreshed through the cookie when it is missing
    /// (after a reload). `None`: not signed in.
    pub async fn token(&self) -> Option<String> {
        if let Some(token) = self.access_token.get_untracked() {
            return Some(token);
        }
        let pending = self.refreshing.get_value().unwrap_or_else(|| {
            let refresh: Pin<Box<dyn Future<Output = Option<String>>>> =
                Box::pin(async { api::refresh().await.ok().map(|t| t.access_token) });
            let shared = refresh.shared();
            self.refreshing.set_value(Some(shared.clone()));
            shared
        });
        let fresh = pending.await;
        self.refreshing.set_value(None);
        if let Some(token) = &fresh {
            self.access_token.set(Some(token.clone()));
        }
        fresh
    }

    /// Call an authenticated endpoint; on 401 try once more after a refresh
    /// (the access token expires after 15 minutes).
    pub async fn authorized<T, F, Fut>(&self, call: F) -> Result<T, Problem>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, Problem>>,
    {
        let unauthenticated = || {
            Problem::new(
                iam_shared::ErrorCode::Unauthenticated,
                crate::i18n::t(iam_shared::i18n::common::PLEASE_SIGN_IN),
            )
        };
        let token = self.token().await.ok_or_else(unauthenticated)?;
        let answer = match call(token).await {
            Err(problem) if problem.status == 401 => {
                self.access_token.set(None);
                let token = self.token().await.ok_or_else(unauthenticated)?;
                call(token).await
            }
            other => other,
        };
        // An application refused the user for want of a signed AUA (the
        // server's gate): show the form, which says why.
        if let Err(problem) = &answer {
            if problem.code == iam_shared::ErrorCode::AuaRequired {
                self.navigator
                    .go_to(&Page::Aua.with_query(AUA_REQUIRED_QUERY));
            }
        }
        answer
    }
}

impl Default for Flow {
    fn default() -> Self {
        Self::new()
    }
}

/// The AUA form's query when an application asked for a signed AUA.
pub const AUA_REQUIRED_QUERY: &str = "required=1";

/// The screen of a step.
pub fn page_of(step: NextStep, door: Door) -> Page {
    match (step, door) {
        (NextStep::ChooseMethod, _) => Page::ChooseMethod,
        (NextStep::Password, Door::IamOnline) => Page::PasswordStep,
        (NextStep::Password | NextStep::Recall | NextStep::Locked, Door::ImmTrac2) => {
            Page::ImmTrac2Login
        }
        (NextStep::Recall | NextStep::Locked, Door::IamOnline) => Page::PasswordStep,
        (NextStep::EmailCode, _) => Page::EmailCode,
        (NextStep::SetupRequired, _) => Page::SetupRequired,
        (NextStep::Confidentiality, _) => Page::Confidentiality,
        (NextStep::Done, _) => Page::SignIn,
    }
}

pub use crate::router::{use_navigator, Navigator};

/// The flow provided by [`crate::App`].
pub fn use_flow() -> Flow {
    use_context::<Flow>().unwrap_or_default()
}

/// The portal screen a signed-out visitor was on (say the AUA form from
/// "Sign Acceptable Use Agreement"): the sign-in returns there, for this
/// tab only (session storage). Only a known screen's path is kept.
pub mod return_to {
    use iam_shared::Page;

    const KEY: &str = "iam.signin.return_to";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    pub fn save(page: Page) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(KEY, page.path());
        }
    }

    /// The screen to return to, once.
    pub fn take() -> Option<Page> {
        let storage = storage()?;
        let path = storage.get_item(KEY).ok().flatten()?;
        let _ = storage.remove_item(KEY);
        Page::from_path(&path)
    }
}

/// A sign-in at "Set up required", handed from the sign-in page's bundle
/// to the portal's in the tab's `sessionStorage`, and taken once there.
pub mod pending_setup {
    use iam_shared::dto::signin::SigninMethod;

    const KEY: &str = "iam.signin.setup";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// Keep the transaction, what may be set up, and the door.
    pub fn save(transaction_id: &str, methods: &[SigninMethod], immtrac2: bool) {
        let methods: Vec<&str> = methods
            .iter()
            .map(|m| match m {
                SigninMethod::Totp => "totp",
                _ => "passkey",
            })
            .collect();
        let door = if immtrac2 { "immtrac2" } else { "iamonline" };
        if let Some(storage) = storage() {
            let value = format!("{transaction_id} {door} {}", methods.join(","));
            let _ = storage.set_item(KEY, &value);
        }
    }

    /// The waiting sign-in, forgotten once taken: (transaction id, what
    /// may be set up, through the ImmTrac2 door).
    pub fn take() -> Option<(String, Vec<SigninMethod>, bool)> {
        let storage = storage()?;
        let value = storage.get_item(KEY).ok().flatten()?;
        let _ = storage.remove_item(KEY);
        let mut parts = value.split(' ');
        let transaction_id = parts.next()?.to_owned();
        let immtrac2 = parts.next()? == "immtrac2";
        let methods = parts
            .next()
            .unwrap_or_default()
            .split(',')
            .filter_map(|m| match m {
                "totp" => Some(SigninMethod::Totp),
                "passkey" => Some(SigninMethod::Passkey),
                _ => None,
            })
            .collect();
        Some((transaction_id, methods, immtrac2))
    }
}

/// An application's sign-in request waiting for the user (docs/oidc.md):
/// its handle, the application's name and the suggested username, kept in
/// the tab's `sessionStorage` so they survive a reload and the move
/// between bundles, and go with the tab.
pub mod pending_authorization {
    const HANDLE: &str = "iam.authorize.request";
    const APPLICATION: &str = "iam.authorize.application";
    const LOGIN_HINT: &str = "iam.authorize.login_hint";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    fn read(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    fn write(key: &str, value: Option<&str>) {
        if let Some(storage) = storage() {
            let _ = match value {
                Some(value) => storage.set_item(key, value),
                None => storage.remove_item(key),
            };
        }
    }

    /// Remember a request's handle (a new request replaces the old one).
    pub fn save(handle: &str) {
        if read(HANDLE).as_deref() != Some(handle) {
            clear();
        }
        write(HANDLE, Some(handle));
    }

    /// The waiting request's handle.
    pub fn handle() -> Option<String> {
        read(HANDLE)
    }

    /// What the provider said about the application the user signs in to.
    pub fn describe(application: &str, login_hint: Option<&str>) {
        write(APPLICATION, Some(application));
        write(LOGIN_HINT, login_hint);
    }

    /// The application's name, while a request waits.
    pub fn application() -> Option<String> {
        handle().and(read(APPLICATION))
    }

    /// The username the application suggested, while a request waits.
    pub fn login_hint() -> Option<String> {
        handle().and(read(LOGIN_HINT))
    }

    pub fn clear() {
        for key in [HANDLE, APPLICATION, LOGIN_HINT] {
            write(key, None);
        }
    }
}
