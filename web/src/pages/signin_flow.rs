//! The IAMOnline door after the username (docs/product.md §3): choose a method, the
//! password (with the recall step's CAPTCHA), the e-mail code, and the
//! Confidentiality Statement shared by both doors.

use crate::router::A;
use iam_shared::dto::authenticators::TotpCodeRequest;
use iam_shared::dto::signin::{
    CaptchaAnswer, EmailCodeSentResponse, EmailCodeVerifyRequest, PasswordStepRequest, SigninMethod,
};
use iam_shared::dto::SecretText;
use iam_shared::Page;
use iam_shared::{rules, ErrorCode, NextStep, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::icons::{BellIcon, EnvelopeIcon, PersonIcon};
use crate::components::{
    focus_by_id, legal_text_lang, use_config, Captcha, MailTo, StepTitle, Submission, TextField,
    UntranslatedNote,
};
use crate::flow::{use_flow, use_navigator, Flow};
use crate::i18n::{t, tf};
use iam_shared::i18n::{signin, Lang};

/// Shown when a screen of the flow is opened without a sign-in in progress
/// (a reload, a bookmark, an expired transaction).
#[component]
pub fn NoSignin() -> impl IntoView {
    view! {
        <div class="card">
            <StepTitle>{t(signin::START_AGAIN)}</StepTitle>
            <p>{t(signin::STEP_EXPIRED)}</p>
            <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
        </div>
    }
}

/// After a reset or an activation whose sign-in needs more than the
/// e-mail the link proved (a role that requires a passkey): the new
/// password is set; the user signs in with it and verifies with, or sets
/// up, the method their role requires.
#[component]
pub fn SignInToContinue() -> impl IntoView {
    let flow = use_flow();
    view! {
        <StepTitle>{t(signin::SIGN_IN_TO_CONTINUE)}</StepTitle>
        <p role="status">{t(signin::PASSWORD_SET_MORE_NEEDED)}</p>
        <A to=Page::SignIn on:click=move |_| flow.restart()>{t(signin::SIGN_IN)}</A>
    }
}

/// "Back to sign in": forget the transaction and go to screen 1.
#[component]
pub fn BackToSignIn() -> impl IntoView {
    let flow = use_flow();
    view! { <A to=Page::SignIn on:click=move |_| flow.restart()>{t(signin::BACK_TO_SIGN_IN)}</A> }
}

/// The username being signed in, under each step's heading (seed 001).
#[component]
pub fn SigningInAs() -> impl IntoView {
    let flow = use_flow();
    move || {
        flow.username.get().map(|name| {
            view! {
                <p class="signing-in-as"><PersonIcon/>" "<span class="visually-hidden">{t(signin::SIGNING_IN_AS)}</span>{name}</p>
            }
        })
    }
}

/// Which of the seed's optional links a step's list starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepLinksLead {
    #[default]
    None,
    /// The password step: "Forgot Password? (External Users Only)" and
    /// "Verify with something else".
    Password,
    /// A second-factor step: "Verify with something else".
    SomethingElse,
}

/// The links under every IAMOnline step, as the webinar's screens list them.
#[component]
pub fn StepLinks(
    #[prop(optional)] lead: StepLinksLead,
    /// "Forgot Username?" (the recovery screens show it).
    #[prop(optional)]
    forgot_username: bool,
) -> impl IntoView {
    view! {
        <nav class="links" aria-label=t(signin::OTHER_OPTIONS)>
            <ul>
                {(lead == StepLinksLead::Password).then(|| view! {
                    <li><a href=Page::ForgotPassword.path()>{t(signin::FORGOT_PASSWORD_EXTERNAL)}</a></li>
                })}
                {(lead != StepLinksLead::None).then(|| view! {
                    <li><A to=Page::ChooseMethod>{t(signin::VERIFY_WITH_SOMETHING_ELSE)}</A></li>
                })}
                <li><BackToSignIn/></li>
                {forgot_username.then(|| view! {
                    <li><a href=Page::ForgotUsername.path()>{t(signin::FORGOT_USERNAME)}</a></li>
                })}
                <li><a href=Page::RegisterCitizen.path()>{t(signin::CREATE_CITIZEN)}</a></li>
                <li><a href=Page::RegisterOrganization.path()>{t(signin::REQUEST_ACCOUNT)}</a></li>
                <li><a href=Page::Aua.path()>{t(signin::SIGN_AUA)}</a></li>
            </ul>
        </nav>
    }
}

/// What the screens do with a failed step: the ladder moves to the recall
/// step or the lock; an expired transaction starts over.
pub fn handle_failure(flow: Flow, problem: &Problem) {
    match problem.next_step {
        Some(NextStep::Recall) => flow.captcha_required.set(true),
        Some(NextStep::Locked) => flow.captcha_required.set(false),
        _ => {}
    }
    if matches!(problem.code, ErrorCode::TokenExpired | ErrorCode::TokenUsed)
        && problem.next_step.is_none()
    {
        flow.transaction_id.set(None);
    }
}

#[component]
pub fn ChooseMethod() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let go = move |page: Page| nav.go(page);
    // A passkey has no screen of its own: the browser asks for it.
    let with_passkey = Submission::new();
    let use_passkey = move || {
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        with_passkey.run(
            crate::passkey::verify_second_factor(tx),
            move |step| nav.go(flow.advance(&step)),
            move |problem: &Problem| handle_failure(flow, problem),
        );
    };
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                <StepTitle>{t(signin::CHOOSE_METHOD_TITLE)}</StepTitle>
                <SigningInAs/>
                <p>{t(signin::SELECT_FROM_OPTIONS)}</p>
                {with_passkey.banner()}
                <ul class="methods">
                    {move || {
                        // After the password: the user's second factors;
                        // before it: the e-mail code or the password.
                        let methods = flow.second_factors.get();
                        let methods = if methods.is_empty() {
                            vec![SigninMethod::Email, SigninMethod::Password]
                        } else {
                            methods
                        };
                        methods.into_iter().map(|method| {
                            let (label, page) = match method {
                                SigninMethod::Email => (t(signin::METHOD_EMAIL), Some(Page::EmailCode)),
                                SigninMethod::Password => (t(signin::METHOD_PASSWORD), Some(Page::PasswordStep)),
                                SigninMethod::Totp => (t(signin::METHOD_TOTP), Some(Page::AppCode)),
                                SigninMethod::Passkey => (t(signin::METHOD_PASSKEY), None),
                            };
                            view! {
                                <li><span>{label}</span><button type="button"
                                    disabled=move || page.is_none() && with_passkey.pending.get()
                                    on:click=move |_| match page { Some(page) => go(page), None => use_passkey() }
                                    aria-label=tf(signin::SELECT_METHOD, &[("method", label)])>{t(signin::SELECT)}</button></li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <StepLinks/>
            </div>
        </Show>
    }
}

/// The lock text with its way out (docs/product.md §3.1).
#[component]
pub fn Locked(message: String, forgot_page: Page) -> impl IntoView {
    let nav = use_navigator();
    view! {
        <div class="error-banner" role="alert"><p>{message}</p></div>
        <button type="button" class="primary" autofocus on:click=move |_| nav.go(forgot_page)>{t(signin::OK)}</button>
    }
}

#[component]
pub fn PasswordStep() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let password = RwSignal::new(String::new());
    let captcha_id = RwSignal::new(None::<String>);
    let captcha_answer = RwSignal::new(String::new());
    let generation = RwSignal::new(0u32);
    let (invalid, set_invalid) = signal(None::<&'static str>);
    let verify = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        if !rules::is_valid_signin_password(&password.get_untracked()) {
            set_invalid.set(Some(t(signin::ENTER_PASSWORD)));
            return;
        }
        let captcha = flow
            .captcha_required
            .get_untracked()
            .then(|| CaptchaAnswer {
                captcha_id: captcha_id.get_untracked().unwrap_or_default(),
                answer: captcha_answer.get_untracked().trim().to_owned(),
            });
        set_invalid.set(None);
        let request = PasswordStepRequest {
            password: SecretText::new(password.get_untracked()),
            captcha,
        };
        verify.run(
            api::verify_password(tx, request),
            move |step| nav.go(flow.advance(&step)),
            move |problem| {
                handle_failure(flow, problem);
                password.set(String::new());
                generation.update(|g| *g += 1);
            },
        );
    };
    // A memo: the form re-renders only when the lock starts (see LoginForm).
    let locked = Memo::new(move |_| {
        verify
            .problem
            .get()
            .filter(|p| p.next_step == Some(NextStep::Locked))
            .map(|p| p.detail)
    });
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                <StepTitle>{t(signin::PASSWORD_TITLE)}</StepTitle>
                <SigningInAs/>
                {move || match locked.get() {
                    Some(message) => view! { <Locked message=message forgot_page=Page::ForgotPassword/> }.into_any(),
                    None => view! {
                        {verify.banner()}
                        <form on:submit=on_submit novalidate>
                            <TextField id="password" label=t(signin::METHOD_PASSWORD) input_type="password" autocomplete="current-password"
                                value=password error=invalid autofocus=true/>
                            <Show when=move || flow.captcha_required.get()>
                                <Captcha captcha_id=captcha_id answer=captcha_answer generation=generation error=Signal::derive(|| None)
                                    mail_to=MailTo::Username(Signal::derive(move || flow.username.get().unwrap_or_default()))/>
                            </Show>
                            <button type="submit" class="primary" disabled=move || verify.pending.get()>
                                {move || if verify.pending.get() { t(signin::VERIFYING) } else { t(signin::VERIFY) }}
                            </button>
                        </form>
                    }.into_any(),
                }}
                <StepLinks lead=StepLinksLead::Password/>
            </div>
        </Show>
    }
}

/// What an e-mail code screen is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeKind {
    #[default]
    SignIn,
    /// IAMOnline Forgot Password (the e-mail also carries a link).
    Recovery,
    /// Account activation (proves the new account's address).
    Activation,
}

/// The e-mail code of a sign-in, of IAMOnline Forgot Password (whose
/// e-mail also carries a Reset Password link) or of an activation: one
/// screen, one set of rules on the server.
#[component]
pub fn EmailCode(#[prop(optional)] kind: CodeKind) -> impl IntoView {
    let recovery = kind == CodeKind::Recovery;
    let flow = use_flow();
    let nav = use_navigator();
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<EmailCodeSentResponse>);
    let wait = RwSignal::new(0u64);
    let (invalid, set_invalid) = signal(None::<&'static str>);
    // One tick a second for the "Send again" countdown.
    let ticker = set_interval_with_handle(
        move || {
            if wait.get_untracked() > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = ticker {
            handle.clear();
        }
    });
    let send = Submission::new();
    let on_sent = move |response: EmailCodeSentResponse| {
        wait.set(response.resend_after);
        sent.set(Some(response));
    };
    let send_now = move || {
        if let Some(tx) = flow.transaction_id.get_untracked() {
            match kind {
                CodeKind::Recovery => send.run(api::send_recovery_email(tx), on_sent, |_| {}),
                CodeKind::Activation => send.run(api::send_activation_code(tx), on_sent, |_| {}),
                CodeKind::SignIn => send.run(api::send_email_code(tx), on_sent, |_| {}),
            }
        }
    };
    let verify = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        if !rules::is_valid_email_code(&code.get_untracked()) {
            set_invalid.set(Some(t(signin::ENTER_EMAIL_CODE)));
            return;
        }
        set_invalid.set(None);
        let request = EmailCodeVerifyRequest {
            code: SecretText::new(code.get_untracked().trim()),
        };
        let on_err = move |problem: &Problem| {
            handle_failure(flow, problem);
            code.set(String::new());
        };
        match kind {
            CodeKind::Recovery => verify.run(
                api::verify_recovery_code(tx, request),
                move |answer| {
                    flow.transaction_id.set(None);
                    flow.reset_token.set(Some(answer.reset_token));
                    nav.go(Page::ResetPassword);
                },
                on_err,
            ),
            CodeKind::Activation => verify.run(
                api::verify_activation_code(tx, request),
                move |_| nav.go(Page::SetUp),
                on_err,
            ),
            CodeKind::SignIn => verify.run(
                api::verify_email_code(tx, request),
                move |step| nav.go(flow.advance(&step)),
                on_err,
            ),
        }
    };
    let masked = move || {
        flow.masked_email
            .get()
            .unwrap_or_else(|| t(signin::YOUR_ADDRESS).to_owned())
    };
    // Recovery: the e-mail's link is the way; the code field opens on
    // "Enter a verification code instead" (seed 001).
    let code_form_open = RwSignal::new(!recovery);
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                {move || match sent.get() {
                    None => view! {
                        <EnvelopeIcon/>
                        <StepTitle>{t(signin::GET_EMAIL_TITLE)}</StepTitle>
                        <SigningInAs/>
                        <p>{move || tf(signin::SEND_EMAIL_TO, &[("address", masked().as_str())])}</p>
                        {send.banner()}
                        <button type="button" class="primary" autofocus on:click=move |_| send_now() disabled=move || send.pending.get()>
                            {move || if send.pending.get() { t(signin::SENDING) } else { t(signin::SEND_ME_AN_EMAIL) }}
                        </button>
                    }.into_any(),
                    Some(response) => view! {
                        <EnvelopeIcon/>
                        <StepTitle>{t(signin::EMAIL_TITLE)}</StepTitle>
                        <SigningInAs/>
                        <Show when=move || code_form_open.get()>
                            <p class="resend"><BellIcon/>{t(signin::NOT_RECEIVED)}
                                <button type="button" class="link-button" on:click=move |_| send_now()
                                    disabled={move || wait.get() > 0 || send.pending.get()}>
                                    {move || match wait.get() { 0 => t(signin::SEND_AGAIN).to_owned(), s => tf(signin::SEND_AGAIN_IN, &[("seconds", s.to_string().as_str())]) }}
                                </button>
                            </p>
                        </Show>
                        <p role="status">{match kind {
                            CodeKind::Recovery => tf(signin::SENT_RECOVERY, &[("address", response.masked_email.as_str())]),
                            CodeKind::Activation => t(signin::SENT_ACTIVATION).to_owned(),
                            CodeKind::SignIn => tf(signin::SENT_SIGN_IN, &[("address", response.masked_email.as_str())]),
                        }}</p>
                        {verify.banner()}
                        {send.banner()}
                        <Show when=move || code_form_open.get()
                            fallback=move || view! {
                                <button type="button" class="link-button" on:click=move |_| {
                                    code_form_open.set(true);
                                    // The field appears on the next render: focus it then.
                                    set_timeout(|| focus_by_id("code"), std::time::Duration::ZERO);
                                }>
                                    {t(signin::ENTER_CODE_INSTEAD)}
                                </button>
                            }>
                            <form on:submit=on_submit novalidate>
                                <TextField id="code" label=t(signin::ENTER_CODE) autocomplete="one-time-code" inputmode="numeric"
                                    value=code error=invalid autofocus=true/>
                                <button type="submit" class="primary" disabled=move || verify.pending.get()>
                                    {move || if verify.pending.get() { t(signin::VERIFYING) } else { t(signin::VERIFY) }}
                                </button>
                            </form>
                        </Show>
                    }.into_any(),
                }}
                <StepLinks
                    lead=if kind == CodeKind::SignIn { StepLinksLead::SomethingElse } else { StepLinksLead::None }
                    forgot_username=recovery/>
            </div>
        </Show>
    }
}

/// An authenticator app's code instead of the e-mail code (after the
/// password). Wrong codes count on the password's ladder.
#[component]
pub fn AppCode() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let code = RwSignal::new(String::new());
    let (invalid, set_invalid) = signal(None::<&'static str>);
    let verify = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(tx) = flow.transaction_id.get_untracked() else {
            return;
        };
        if !rules::is_valid_email_code(&code.get_untracked()) {
            set_invalid.set(Some(t(signin::ENTER_APP_CODE)));
            return;
        }
        set_invalid.set(None);
        let request = TotpCodeRequest {
            code: SecretText::new(code.get_untracked().trim()),
        };
        verify.run(
            api::verify_app_code(tx, request),
            move |step| nav.go(flow.advance(&step)),
            move |problem: &Problem| {
                handle_failure(flow, problem);
                code.set(String::new());
            },
        );
    };
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                <StepTitle>{t(signin::APP_CODE_TITLE)}</StepTitle>
                <SigningInAs/>
                <p>{t(signin::APP_CODE_INTRO)}</p>
                {verify.banner()}
                <form on:submit=on_submit novalidate>
                    <TextField id="app-code" label=t(signin::ENTER_CODE) autocomplete="one-time-code" inputmode="numeric"
                        value=code error=invalid autofocus=true/>
                    <button type="submit" class="primary" disabled=move || verify.pending.get()>
                        {move || if verify.pending.get() { t(signin::VERIFYING) } else { t(signin::VERIFY) }}
                    </button>
                </form>
                <StepLinks lead=StepLinksLead::SomethingElse/>
            </div>
        </Show>
    }
}

#[component]
pub fn Confidentiality() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let config = use_config();
    let agree = Submission::new();
    let statement = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.confidentiality_statement)
            .unwrap_or_default()
    };
    // The version accepted is the English text's whatever the language
    // (docs/i18n.md); the language shown is recorded beside it.
    let written_in = move || {
        config
            .get()
            .and_then(Result::ok)
            .map_or(Lang::En, |c| c.confidentiality_statement_lang)
    };
    let on_agree = move |_| {
        if let Some(tx) = flow.transaction_id.get_untracked() {
            agree.run(
                api::agree(tx),
                move |step| nav.go(flow.advance(&step)),
                move |problem| handle_failure(flow, problem),
            );
        }
    };
    view! {
        <Show when=move || flow.transaction_id.get().is_some() fallback=NoSignin>
            <div class="card">
                <StepTitle>{t(signin::CONFIDENTIALITY_TITLE)}</StepTitle>
                {move || view! { <UntranslatedNote written_in=written_in()/> }}
                <p class="statement" id="statement" tabindex="0" lang=move || legal_text_lang(written_in())>{statement}</p>
                {agree.banner()}
                <button type="button" class="primary" aria-describedby="statement" autofocus
                    disabled=move || agree.pending.get() on:click=on_agree>
                    {move || if agree.pending.get() { t(signin::SIGNING_IN) } else { t(signin::I_AGREE) }}
                </button>
                <BackToSignIn/>
            </div>
        </Show>
    }
}
