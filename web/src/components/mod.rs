//! Pieces shared by the pages: the page shell, the error banner, the
//! System Use Notification.

use std::future::Future;
use std::pin::Pin;

use iam_shared::dto::signin::CaptchaEmailRequest;
use iam_shared::i18n::{common, signin, Lang};
use iam_shared::{ErrorCode, Page, Problem};
use leptos::prelude::*;

use crate::i18n::{self, t, tf};
use crate::ConfigResource;

pub mod form;
pub mod icons;
pub mod new_password;

pub use form::FieldErrors;

/// A request started by the user (a form, a button): whether it is in
/// flight and the problem it last ended with. Plain signals rather than a
/// Leptos `Action` per request type keep the WASM bundle small: each
/// `Action`/`Effect` pair instantiates its own reactive machinery.
#[derive(Debug, Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
}

impl Submission {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            problem: RwSignal::new(None),
        }
    }

    /// Run `request` unless one is in flight; on success hand its value to
    /// `on_ok`, on failure keep the problem (for the banner) and hand it to
    /// `on_err`. A screen that is gone (a timer firing after navigation)
    /// starts nothing: its signals no longer exist.
    pub fn run<T: 'static>(
        self,
        request: impl Future<Output = Result<T, Problem>> + 'static,
        on_ok: impl FnOnce(T) + 'static,
        on_err: impl FnOnce(&Problem) + 'static,
    ) {
        if self.pending.try_get_untracked().unwrap_or(true) {
            return;
        }
        self.pending.set(true);
        self.problem.set(None);
        let task: Pin<Box<dyn Future<Output = ()>>> = Box::pin(async move {
            let result = request.await;
            self.pending.set(false);
            match result {
                Ok(value) => on_ok(value),
                Err(problem) => {
                    on_err(&problem);
                    self.problem.set(Some(problem));
                }
            }
        });
        leptos::task::spawn_local(task);
    }

    /// The problem as a banner, when there is one.
    pub fn banner(self) -> impl Fn() -> Option<AnyView> + Copy {
        move || {
            self.problem
                .get()
                .map(|problem| view! { <ErrorBanner problem=problem/> }.into_any())
        }
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}

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

/// Move the keyboard focus to the element `id` (a dialog closed, a field appeared).
pub fn focus_by_id(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// A screen's (or a step's) heading, which takes the keyboard focus when
/// it appears: a screen reader then starts reading the new step, and Tab
/// leads on to its first field.
#[component]
pub fn StepTitle(children: Children) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    heading.on_load(|h| {
        let _ = h.focus();
    });
    view! { <h1 tabindex="-1" node_ref=heading>{children()}</h1> }
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
    #[prop(optional)] autofocus: bool,
    #[prop(default = "text")] inputmode: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id>{label}</label>
        <input id=id name=id type=input_type autocomplete=autocomplete required autofocus=autofocus inputmode=inputmode
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
    // Seed 001, "Need Assistance?": which number to call for what.
    let help_desk = move || {
        config.get().and_then(Result::ok).map(|c| {
            tf(
                common::HELP_DESK_LINE,
                &[
                    ("portal", c.portal_name.as_str()),
                    ("phone", c.support.help_desk_phone.as_str()),
                    ("hours", c.support.help_desk_hours.as_str()),
                ],
            )
        })
    };
    let customer_support = move || {
        config.get().and_then(Result::ok).map(|c| {
            tf(
                common::CUSTOMER_SUPPORT_LINE,
                &[
                    ("app", c.app_name.as_str()),
                    ("phone", c.support.customer_support_phone.as_str()),
                    ("hours", c.support.customer_support_hours.as_str()),
                    ("email", c.support.customer_support_email.as_str()),
                ],
            )
        })
    };
    view! {
        <a class="skip-link" href="#main">{t(common::SKIP_TO_MAIN)}</a>
        <header class="site-header">
            <p class="brand">{t(common::BRAND)}" · " <span>{portal}</span></p>
            <LanguageSwitch/>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{help_desk}</p>
            <p>{customer_support}</p>
        </footer>
    }
}

/// "English | Español": the languages the portal offers, each named in
/// itself; choosing one reloads the page in it (`i18n::choose`). Hidden
/// while a sign-in or a password reset is under way.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let config = use_config();
    let flow = crate::flow::use_flow();
    // Choosing reloads the page, and a sign-in or reset under way lives in
    // this page's memory only: the switch waits until none is. The pages
    // opened from an e-mail's link hold its token in memory too (it is
    // taken out of the address at once).
    let path = crate::router::use_path();
    let in_flow = move || {
        let from_link = matches!(
            Page::from_path(&path.get()),
            Some(Page::ResetPassword | Page::Activate | Page::ReportSuspicious)
        );
        from_link || flow.transaction_id.get().is_some() || flow.reset_token.get().is_some()
    };
    let offered = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.features.languages)
            .filter(|languages| languages.len() > 1 && !in_flow())
    };
    move || {
        offered().map(|languages| {
            let choices = languages
                .into_iter()
                .enumerate()
                .map(|(i, lang): (usize, Lang)| {
                    let current = lang == i18n::current();
                    view! {
                        {(i > 0).then_some(" | ")}
                        <button type="button" class="link-button" lang=lang.tag()
                            aria-current=current.then_some("true")
                            on:click=move |_| if !current { choose(flow, lang) }>
                            {lang.name()}
                        </button>
                    }
                })
                .collect_view();
            view! { <nav class="language-switch" aria-label=t(common::LANGUAGE)>{choices}</nav> }
        })
    }
}

/// Show the page in `lang`; signed in, the account's e-mails follow (a
/// failure there does not keep the page from changing).
fn choose(flow: crate::flow::Flow, lang: Lang) {
    match flow.access_token.get_untracked() {
        Some(token) => leptos::task::spawn_local(async move {
            let _ = crate::api::choose_language(token, lang).await;
            i18n::choose(lang);
        }),
        None => i18n::choose(lang),
    }
}

/// The language attribute of a configured legal text written in
/// `written_in`: set where it is not the page's (a text the agency has
/// not translated is shown in English, marked `lang="en"`, and
/// [`UntranslatedNote`] says so).
pub fn legal_text_lang(written_in: Lang) -> Option<&'static str> {
    (written_in != i18n::current()).then_some(written_in.tag())
}

/// Above a configured legal text written in another language than the
/// page's: said so rather than passed off as translated.
#[component]
pub fn UntranslatedNote(written_in: Lang) -> impl IntoView {
    (written_in != i18n::current())
        .then(|| view! { <p class="muted">{t(common::NOT_TRANSLATED)}</p> })
}

/// The System Use Notification of every sign-in page (docs/product.md §8).
#[component]
pub fn SystemUseNotification() -> impl IntoView {
    let config = use_config();
    view! {
        <section class="notice" aria-labelledby="sun-heading">
            <h2 id="sun-heading">{t(common::SYSTEM_USE_NOTIFICATION)}</h2>
            <Suspense fallback=|| view! { <p role="status">{t(common::LOADING)}</p> }>
                {move || config.get().map(|result| match result {
                    Ok(c) => view! {
                        <UntranslatedNote written_in=c.system_use_notification_lang/>
                        <p lang=legal_text_lang(c.system_use_notification_lang)>{c.system_use_notification}</p>
                    }.into_any(),
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
        ErrorCode::Internal => t(common::INTERNAL_ERROR).to_owned(),
        ErrorCode::ValidationFailed if problem.field_errors.is_some() => {
            t(common::CHECK_FIELDS).to_owned()
        }
        _ => problem.detail.clone(),
    }
}

/// An error announced to screen readers as soon as it appears.
#[component]
pub fn ErrorBanner(problem: Problem) -> impl IntoView {
    view! { <div class="error-banner" role="alert">{message_for(&problem)}</div> }
}

/// Where "Email me a code instead" sends its code (WCAG 1.1.1).
#[derive(Clone, Copy)]
pub enum MailTo {
    /// A form naming an account: the code goes to the account's address.
    Username(Signal<String>),
    /// A public request form: the code goes to the address typed on it.
    Address(Signal<String>),
}

/// A CAPTCHA: the image, a "New image" button, "Email me a code instead"
/// for whoever cannot read it, and the answer field. A new image loads on
/// mount and whenever `generation` changes; the id of the image shown is
/// kept in `captcha_id`.
#[component]
pub fn Captcha(
    captcha_id: RwSignal<Option<String>>,
    answer: RwSignal<String>,
    generation: RwSignal<u32>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    mail_to: MailTo,
) -> impl IntoView {
    let image = RwSignal::new(None::<String>);
    let loading = Submission::new();
    let emailing = Submission::new();
    let emailed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        generation.track();
        loading.run(
            crate::api::new_captcha(),
            move |c| {
                captcha_id.set(Some(c.captcha_id));
                answer.set(String::new());
                emailed.set(None);
                image.set(Some(c.image_png_base64));
            },
            |_| {},
        );
    });
    let email_me = move |_| {
        let Some(id) = captcha_id.get_untracked() else {
            return;
        };
        let (request, missing) = match mail_to {
            MailTo::Username(name) => (
                CaptchaEmailRequest {
                    username: Some(name.get_untracked().trim().to_owned()),
                    email: None,
                },
                t(signin::CAPTCHA_USERNAME_FIRST),
            ),
            MailTo::Address(address) => (
                CaptchaEmailRequest {
                    username: None,
                    email: Some(address.get_untracked().trim().to_owned()),
                },
                t(signin::CAPTCHA_ADDRESS_FIRST),
            ),
        };
        if request
            .username
            .iter()
            .chain(&request.email)
            .all(String::is_empty)
        {
            emailed.set(Some(missing.to_owned()));
            return;
        }
        emailing.run(
            crate::api::email_captcha_code(id, request),
            move |m| emailed.set(Some(m.message)),
            |_| {},
        );
    };
    view! {
        <div class="captcha">
            {loading.banner()}
            {move || match image.get() {
                None => view! { <p role="status">{t(signin::CAPTCHA_LOADING)}</p> }.into_any(),
                Some(png) => view! {
                    <img src=format!("data:image/png;base64,{png}")
                        alt=t(signin::CAPTCHA_ALT)
                        width="240" height="90"/>
                }.into_any(),
            }}
            <div class="captcha-actions">
                <button type="button" class="link-button" on:click=move |_| generation.update(|g| *g += 1)
                    disabled=move || loading.pending.get()>
                    {t(signin::CAPTCHA_NEW_IMAGE)}
                </button>
                <button type="button" class="link-button" disabled=move || emailing.pending.get()
                    on:click=email_me>
                    {t(signin::CAPTCHA_EMAIL_ME)}
                </button>
            </div>
            {emailing.banner()}
            <p role="status">{move || emailed.get()}</p>
            <TextField id="captcha" label=t(signin::CAPTCHA_LABEL) autocomplete="off" value=answer error=error/>
        </div>
    }
}
