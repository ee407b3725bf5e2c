//! The ImmTrac2 door (docs/product.md §3, seed 000): Org Code, Username, Password; the
//! password recall screen with its CAPTCHA; the lock text; the portal view,
//! the application home and logout.

use crate::router::A;
use iam_shared::dto::session::SessionResponse;
use iam_shared::dto::signin::{CaptchaAnswer, LoginRequest};
use iam_shared::dto::SecretText;
use iam_shared::i18n::{common, portal, signin};
use iam_shared::Page;
use iam_shared::{rules, ErrorCode, NextStep, Problem};
use leptos::prelude::*;

use super::signin_flow::{handle_failure, Locked};
use crate::api;
use crate::components::{
    focus_by_id, use_config, Captcha, ErrorBanner, FieldErrors, MailTo, StepTitle, Submission,
    TextField,
};
use crate::flow::{use_flow, use_navigator, Door};
use crate::i18n::{t, tf};

/// The login screen.
#[component]
pub fn ImmTrac2Login() -> impl IntoView {
    view! { <LoginForm recall=false/> }
}

/// The password recall screen.
#[component]
pub fn Recall() -> impl IntoView {
    view! { <LoginForm recall=true/> }
}

/// The login form; with `recall`, the password recall screen's (same
/// fields, the intro text and a CAPTCHA).
#[component]
fn LoginForm(recall: bool) -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let org_code = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha_id = RwSignal::new(None::<String>);
    let captcha_answer = RwSignal::new(String::new());
    let generation = RwSignal::new(0u32);
    let invalid = FieldErrors::new();
    let login = Submission::new();
    // The seed's "Validation Error" dialog: a modal <dialog> (focus moves
    // into it, Escape and OK close it); the password is typed again next.
    let validation_dialog = NodeRef::<leptos::html::Dialog>::new();
    let validation_text = RwSignal::new(String::new());
    let config = use_config();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut bad = Vec::new();
        if !rules::is_valid_org_code(org_code.get_untracked().trim()) {
            bad.push("org_code");
        }
        if !rules::is_valid_identifier(&username.get_untracked()) {
            bad.push("username");
        }
        if !rules::is_valid_signin_password(&password.get_untracked()) {
            bad.push("password");
        }
        let with_captcha = recall || flow.captcha_required.get_untracked();
        if with_captcha && !rules::is_valid_captcha_answer(&captcha_answer.get_untracked()) {
            bad.push("captcha");
        }
        if !invalid.passed(bad) {
            return;
        }
        flow.door.set(Door::ImmTrac2);
        flow.notice.set(None);
        let request = LoginRequest {
            org_code: org_code.get_untracked().trim().to_owned(),
            username: username.get_untracked().trim().to_owned(),
            password: SecretText::new(password.get_untracked()),
            keep_signed_in: false,
            captcha: with_captcha.then(|| CaptchaAnswer {
                captcha_id: captcha_id.get_untracked().unwrap_or_default(),
                answer: captcha_answer.get_untracked().trim().to_owned(),
            }),
        };
        login.run(
            api::login(request),
            move |step| nav.go(flow.advance(&step)),
            move |problem| {
                handle_failure(flow, problem);
                password.set(String::new());
                generation.update(|g| *g += 1);
                if shows_validation_dialog(recall, problem) {
                    validation_text.set(problem.detail.clone());
                    if let Some(dialog) = validation_dialog.get_untracked() {
                        let _ = dialog.show_modal();
                    }
                }
                if problem.next_step == Some(NextStep::Recall) && !recall {
                    flow.notice.set(Some(problem.detail.clone()));
                    nav.go(Page::Recall);
                }
            },
        );
    };
    // A memo: the form below re-renders only when the lock starts, not on
    // every problem (a re-render would draw a new CAPTCHA each time).
    let locked = Memo::new(move |_| {
        login
            .problem
            .get()
            .filter(|p| p.next_step == Some(NextStep::Locked))
            .map(|p| p.detail)
    });
    // The ladder's text from the login screen, shown on arrival here.
    let carried = move || {
        login
            .problem
            .get()
            .is_none()
            .then(|| flow.notice.get())
            .flatten()
    };
    view! {
        <div class="card">
            <StepTitle>{t(if recall { signin::PASSWORD_RECALL_TITLE } else { signin::IMMTRAC2_LOGIN_TITLE })}</StepTitle>
            {move || match locked.get() {
                Some(message) => view! { <Locked message=message forgot_page=Page::ImmTrac2ForgotPassword/> }.into_any(),
                None => {
                    view! {
                    {move || carried().map(|text| view! { <div class="error-banner" role="alert">{text}</div> })}
                    {move || login.problem.get()
                        .filter(|p| !shows_validation_dialog(recall, p))
                        .map(|problem| view! { <ErrorBanner problem=problem/> })}
                    {recall.then(|| view! { <p>{t(signin::RECALL_INTRO)}</p> })}
                    <form on:submit=on_submit novalidate>
                        <TextField id="org_code" label=t(signin::ORG_CODE) autocomplete="organization" value=org_code
                            error=invalid.line("org_code", t(signin::ENTER_ORG_CODE)) autofocus=true/>
                        <TextField id="username" label=t(signin::USERNAME) autocomplete="username" value=username
                            error=invalid.line("username", t(signin::ENTER_USERNAME))/>
                        <TextField id="password" label=t(signin::METHOD_PASSWORD) input_type="password" autocomplete="current-password"
                            value=password error=invalid.line("password", t(signin::ENTER_PASSWORD))/>
                        <Show when=move || recall || flow.captcha_required.get()>
                            <Captcha captcha_id=captcha_id answer=captcha_answer generation=generation
                                error=invalid.line("captcha", t(signin::TYPE_CAPTCHA))
                                mail_to=MailTo::Username(username.into())/>
                        </Show>
                        <button type="submit" class="primary" disabled=move || login.pending.get()>
                            {move || match (login.pending.get(), recall) {
                                (true, _) => t(signin::SIGNING_IN),
                                (false, true) => t(signin::SUBMIT),
                                (false, false) => t(signin::LOGIN),
                            }}
                        </button>
                    </form>
                    <button type="button" class="secondary" on:click=move |_| nav.go(Page::ImmTrac2ForgotPassword)>
                        {t(signin::FORGOT_PASSWORD)}
                    </button>
                }.into_any()
                }
            }}
            <nav class="links" aria-label=t(signin::OTHER_OPTIONS)>
                <ul>
                    <li><a href=Page::ForgotUsername.path()>{t(signin::FORGOT_USERNAME_SHORT)}</a></li>
                    <li><A to=Page::SignIn>{t(signin::IAMONLINE_SIGN_IN)}</A></li>
                </ul>
            </nav>
            <section class="registration" aria-labelledby="registration-heading">
                <h2 id="registration-heading">{t(signin::REGISTRATION)}</h2>
                <p>{move || {
                    let (app, phone, email) = config.get().and_then(Result::ok)
                        .map(|c| (c.app_name, c.support.customer_support_phone, c.support.customer_support_email))
                        .unwrap_or_else(|| ("ImmTrac2".into(), "1-800-348-9158".into(), "ImmTrac2@dshs.texas.gov".into()));
                    tf(signin::REGISTRATION_TEXT, &[("app", app.as_str()), ("phone", phone.as_str()), ("email", email.as_str())])
                }}</p>
                <a href=Page::RegisterOrganization.path()>{t(signin::REQUEST_ACCESS)}</a>
            </section>
            <dialog node_ref=validation_dialog class="dialog" role="alertdialog"
                aria-labelledby="validation-title" aria-describedby="validation-text"
                on:close=move |_| focus_by_id("password")>
                <h2 id="validation-title">{t(signin::VALIDATION_ERROR)}</h2>
                <p id="validation-text">{move || validation_text.get()}</p>
                <form method="dialog">
                    <button type="submit" class="primary" autofocus>{t(signin::OK)}</button>
                </form>
            </dialog>
        </div>
    }
}

/// A wrong combination at the login screen (not the recall screen, not the
/// lock): the seed shows it in the "Validation Error" dialog.
fn shows_validation_dialog(recall: bool, problem: &Problem) -> bool {
    !recall
        && problem.code == ErrorCode::InvalidCredentials
        && !matches!(problem.next_step, Some(NextStep::Recall | NextStep::Locked))
}

/// Load the session for a signed-in page.
pub(crate) fn load_session() -> (RwSignal<Option<SessionResponse>>, Submission) {
    load_home(false)
}

/// The session as [`load_session`], or (`gated`) through the ImmTrac2
/// application home, which the server refuses without a signed AUA (the
/// flow then shows the AUA form).
fn load_home(gated: bool) -> (RwSignal<Option<SessionResponse>>, Submission) {
    let flow = use_flow();
    let session = RwSignal::new(None);
    let loading = Submission::new();
    loading.run(
        async move {
            if gated {
                flow.authorized(api::get_immtrac2_home).await
            } else {
                flow.authorized(api::get_session).await
            }
        },
        move |s| session.set(Some(s)),
        |_| {},
    );
    (session, loading)
}

/// Shown to a signed-in page's visitor without a session.
#[component]
pub(crate) fn SignedOut(problem: Problem) -> impl IntoView {
    // ImmTrac2's own home signs in at its door; any other screen at
    // IAMOnline's, and the sign-in comes back here.
    let here = Page::from_path(&window().location().pathname().unwrap_or_default());
    let door = match here {
        Some(Page::ImmTrac2Home) | None => Page::ImmTrac2Login,
        Some(page) => {
            crate::flow::return_to::save(page);
            Page::SignIn
        }
    };
    view! {
        <ErrorBanner problem=problem/>
        <A to=door>{t(signin::SIGN_IN)}</A>
    }
}

/// Logout, with its confirmation on the next page.
#[component]
fn LogoutButton() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let logout = Submission::new();
    let on_click = move |_| {
        logout.run(
            async move { flow.authorized(api::logout).await },
            move |m| {
                flow.access_token.set(None);
                flow.notice.set(Some(m.message));
                nav.go(Page::LoggedOut);
            },
            move |_| {
                flow.access_token.set(None);
                flow.notice.set(None);
                nav.go(Page::LoggedOut);
            },
        );
    };
    view! {
        <button type="button" class="primary" disabled=move || logout.pending.get() on:click=on_click>
            {move || t(if logout.pending.get() { portal::LOGGING_OUT } else { portal::LOGOUT })}
        </button>
    }
}

/// The application home: who is signed in, for which organization (docs/product.md §3).
#[component]
pub fn AppHome(
    title: &'static str,
    /// An application behind the AUA gate (the ImmTrac2 home), not the portal.
    #[prop(optional)]
    gated: bool,
) -> impl IntoView {
    let (session, loading) = load_home(gated);
    view! {
        <div class="card">
            <StepTitle>{title}</StepTitle>
            {move || match (session.get(), loading.problem.get()) {
                (_, Some(problem)) => view! { <SignedOut problem=problem/> }.into_any(),
                (None, None) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(s), None) => {
                    let several = s.organizations.len() > 1;
                    let staff = s.organizations.iter().any(|o| matches!(o.role,
                        iam_shared::types::MembershipRole::Support | iam_shared::types::MembershipRole::Admin));
                    let organization = s.active_organization.map(|o| format!("{} ({})", o.name, o.org_code))
                        .unwrap_or_else(|| t(portal::NONE_SELECTED).to_owned());
                    view! {
                        <p>{tf(portal::WELCOME, &[("first", &s.user.first_name), ("last", &s.user.last_name)])}</p>
                        <dl class="facts">
                            <dt>{t(signin::USERNAME)}</dt><dd>{s.user.username}</dd>
                            <dt>{t(portal::ORGANIZATION)}</dt><dd>{organization}</dd>
                        </dl>
                        <nav class="links" aria-label=t(portal::ACCOUNT)>
                            <ul>
                                {several.then(|| view! { <li><A to=Page::ChooseOrganization>{t(portal::CHANGE_ORGANIZATION)}</A></li> })}
                                <li><A to=Page::ChangePassword>{t(portal::CHANGE_PASSWORD)}</A></li>
                                {staff.then(|| view! { <li><A to=Page::SupportHome>{t(portal::SUPPORT_CONSOLE)}</A></li> })}
                            </ul>
                        </nav>
                        {gated.then(|| view! {
                            <nav class="links" aria-labelledby="related-links">
                                <h2 id="related-links">{t(portal::RELATED_LINKS)}</h2>
                                <ul><li><A to=Page::HelpGuide>{t(portal::USER_MANUAL)}</A></li></ul>
                            </nav>
                        })}
                        <LogoutButton/>
                    }.into_any()
                }
            }}
        </div>
    }
}

#[component]
pub fn ImmTrac2Home() -> impl IntoView {
    view! { <AppHome title="ImmTrac2" gated=true/> }
}

/// The portal view: a user of several organizations picks one.
#[component]
pub fn PortalView() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let (session, loading) = load_session();
    let choose = Submission::new();
    let pick = move |org_code: String| {
        choose.run(
            async move {
                flow.authorized(move |token| api::choose_organization(token, org_code.clone()))
                    .await
            },
            move |_| nav.go(Page::ImmTrac2Home),
            |_| {},
        );
    };
    view! {
        <div class="card">
            <StepTitle>{t(portal::SELECT_ORGANIZATION)}</StepTitle>
            {choose.banner()}
            {move || match (session.get(), loading.problem.get()) {
                (_, Some(problem)) => view! { <SignedOut problem=problem/> }.into_any(),
                (None, None) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(s), None) => {
                    let pick = pick.clone();
                    view! {
                        <p>{t(portal::CHOOSE_ORGANIZATION)}</p>
                        <ul class="orgs">
                            {s.organizations.into_iter().map(|o| {
                                let (code, pick) = (o.org_code.clone(), pick.clone());
                                view! {
                                    <li><button type="button" class="secondary" on:click=move |_| pick(code.clone())>
                                        {format!("{} ({})", o.name, o.org_code)}
                                    </button></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// After logout (docs/product.md §3.3).
#[component]
pub fn LoggedOut() -> impl IntoView {
    let flow = use_flow();
    let config = use_config();
    let message = move || {
        flow.notice.get().unwrap_or_else(|| {
            let app = config
                .get()
                .and_then(Result::ok)
                .map(|c| c.app_name)
                .unwrap_or_else(|| "ImmTrac2".to_owned());
            tf(portal::LOGGED_OUT_OF, &[("app", &app)])
        })
    };
    view! {
        <div class="card">
            <StepTitle>{t(portal::LOGGED_OUT)}</StepTitle>
            <p role="status" class="success">{message}</p>
            <A to=Page::ImmTrac2Login>{t(portal::IMMTRAC2_LOGIN)}</A>
            " · "
            <A to=Page::SignIn>{t(signin::IAMONLINE_SIGN_IN)}</A>
        </div>
    }
}
