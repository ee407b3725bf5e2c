//! Account activation (docs/product.md §7): the Welcome e-mail's link → the e-mail
//! code (the sign-in's screen, in activation mode) → "Set up security
//! methods" (the authenticator list: the password's Set up, then "Set up
//! optional") → the Confidentiality Statement → the dashboard.

use iam_shared::dto::activation::ActivationCompleteRequest;
use iam_shared::dto::SecretText;
use iam_shared::rules;
use iam_shared::NextStep;
use iam_shared::Page;
use leptos::prelude::*;

use super::reset_password::take_fragment_token;
use super::setup_required::AuthenticatorList;
use super::signin_flow::{Confidentiality, SignInToContinue, StepLinks};
use crate::api;
use crate::components::new_password::{entries_differ, NewPasswordFields, Owner};
use crate::components::{message_for, FieldErrors, StepTitle, Submission, TextField};
use crate::flow::{use_flow, use_navigator, Door};
use crate::i18n::{t, tf};
use crate::router::A;
use iam_shared::i18n::{account, signin};

/// The link's page: opens the activation (which uses nothing up) and asks
/// the person to continue.
#[component]
pub fn Activate() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let token = take_fragment_token();
    let has_token = token.is_some();
    let open = Submission::new();
    let username = RwSignal::new(None::<String>);
    if let Some(token) = token {
        open.run(
            api::start_activation(token),
            move |activation| {
                flow.restart();
                flow.transaction_id.set(Some(activation.activation_id));
                flow.masked_email.set(Some(activation.masked_email));
                flow.username.set(Some(activation.username.clone()));
                flow.owner.set(Some(Owner {
                    username: activation.username.clone(),
                    first_name: activation.first_name.clone(),
                    last_name: activation.last_name.clone(),
                }));
                username.set(Some(activation.username));
            },
            |_| {},
        );
    }
    view! {
        <div class="card">
            <StepTitle>{t(account::ACTIVATE_TITLE)}</StepTitle>
            {move || match (username.get(), open.problem.get()) {
                (_, Some(problem)) => view! {
                    <div class="error-banner" role="alert">{message_for(&problem)}</div>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
                (None, None) if !has_token => view! {
                    <div class="error-banner" role="alert">{t(account::ACTIVATION_LINK_NEEDED)}</div>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
                (None, None) => view! { <p role="status">{t(account::CHECKING_LINK)}</p> }.into_any(),
                (Some(name), None) => view! {
                    <p>{tf(account::ACTIVATE_WELCOME, &[("name", name.as_str())])}</p>
                    <button type="button" class="primary" autofocus on:click=move |_| nav.go(Page::ActivationCode)>{t(account::CONTINUE)}</button>
                }.into_any(),
            }}
        </div>
    }
}

/// "Set up security methods": password, phone, security question.
#[component]
pub fn SetUp() -> impl IntoView {
    let flow = use_flow();
    let portal = crate::components::portal_name(crate::components::use_config());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let answer = RwSignal::new(String::new());
    let (mismatch, set_mismatch) = signal(None::<&'static str>);
    let invalid = FieldErrors::new();
    let activation_id = flow.transaction_id.get_untracked();
    let started = activation_id.is_some();
    let signing_in = RwSignal::new(false);
    // The sign-in needs more than the e-mail (a role that requires a passkey).
    let more_needed = RwSignal::new(false);
    // The authenticator list first: the password's Set up opens the form.
    let setting_password = RwSignal::new(false);
    // Active, with "Set up optional" offered.
    let offered = RwSignal::new(false);
    let complete = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = activation_id.clone() else {
            return;
        };
        let mut bad = Vec::new();
        if !rules::is_valid_phone(&phone.get_untracked()) {
            bad.push("phone");
        }
        if !rules::is_valid_security_question(&question.get_untracked()) {
            bad.push("security_question");
        }
        if !rules::is_valid_security_answer(&answer.get_untracked()) {
            bad.push("security_answer");
        }
        let differ = entries_differ(password, confirm);
        set_mismatch.set(differ.then_some(t(account::PASSWORDS_DIFFER)));
        if !invalid.passed(bad) || differ {
            return;
        }
        let request = ActivationCompleteRequest {
            new_password: SecretText::new(password.get_untracked()),
            confirm_password: SecretText::new(confirm.get_untracked()),
            phone: phone.get_untracked().trim().to_owned(),
            security_question: question.get_untracked().trim().to_owned(),
            security_answer: SecretText::new(answer.get_untracked()),
        };
        complete.run(
            api::complete_activation(id, request),
            move |step| {
                // Active: the sign-in it opened waits at the statement.
                flow.door.set(Door::IamOnline);
                if step.next_step == NextStep::Confidentiality {
                    flow.transaction_id.set(Some(step.transaction_id));
                    if step.setup_optional.is_empty() {
                        signing_in.set(true);
                    } else {
                        flow.second_factors.set(step.setup_optional);
                        offered.set(true);
                    }
                } else {
                    more_needed.set(true);
                }
            },
            |_| {},
        );
    };
    view! {
        {move || match (signing_in.get(), started) {
            _ if more_needed.get() => view! { <div class="card"><SignInToContinue/></div> }.into_any(),
            _ if offered.get() => view! { <AuthenticatorList optional=true/> }.into_any(),
            (true, _) => view! { <Confidentiality/> }.into_any(),
            (false, false) => view! {
                <div class="card">
                    <StepTitle>{t(account::SET_UP_METHODS)}</StepTitle>
                    <div class="error-banner" role="alert">{t(account::ACTIVATION_EXPIRED)}</div>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                </div>
            }.into_any(),
            (false, true) if !setting_password.get() => view! {
                <div class="card">
                    <StepTitle>{t(account::SET_UP_METHODS)}</StepTitle>
                    {move || flow.owner.get().map(|owner| view! { <p class="signing-in-as">{owner.username}</p> })}
                    <p>{move || tf(account::METHODS_HELP, &[("portal", portal().as_str())])}</p>
                    <h2>{t(account::SET_UP_REQUIRED)}</h2>
                    <ul class="methods">
                        <li><span><strong>{t(signin::METHOD_PASSWORD)}</strong><br/>
                            <small class="muted">{t(account::CHOOSE_A_PASSWORD)}</small><br/>
                            <small class="muted">{t(account::USED_FOR_ACCESS)}</small><br/>
                            <small class="muted">{t(account::PASSWORD_EXTRAS)}</small></span>
                            <button type="button" aria-label=t(account::SET_UP_PASSWORD_LABEL) autofocus
                                on:click=move |_| setting_password.set(true)>{t(account::SET_UP)}</button></li>
                    </ul>
                    <StepLinks forgot_username=true/>
                </div>
            }.into_any(),
            (false, true) => view! {
                <div class="card">
                    <StepTitle>{t(account::SET_UP_METHODS)}</StepTitle>
                    {complete.banner()}
                    <form on:submit=on_submit.clone() novalidate>
                        <h2>{t(signin::METHOD_PASSWORD)}</h2>
                        <NewPasswordFields password=password confirm=confirm mismatch=mismatch
                            owner=Signal::derive(move || flow.owner.get().unwrap_or_default())
                            saved=complete.problem autofocus=true label=t(account::ENTER_PASSWORD)/>
                        <h2>{t(account::PHONE_NUMBER)}</h2>
                        <TextField id="phone" label=t(account::PHONE_NUMBER) input_type="tel" autocomplete="tel" value=phone
                            error=invalid.line("phone", t(account::ENTER_PHONE))/>
                        <h2>{t(account::SECURITY_QUESTION)}</h2>
                        <p class="muted">{t(account::SECURITY_QUESTION_HELP)}</p>
                        <TextField id="security_question" label=t(account::SECURITY_QUESTION) autocomplete="off" value=question
                            error=invalid.line("security_question", t(account::ENTER_QUESTION))/>
                        <TextField id="security_answer" label=t(account::ANSWER) autocomplete="off" value=answer
                            error=invalid.line("security_answer", t(account::ENTER_ANSWER))/>
                        <button type="submit" class="primary" disabled=move || complete.pending.get()>
                            {move || if complete.pending.get() { t(account::SAVING) } else { t(account::FINISH) }}
                        </button>
                    </form>
                    <p><button type="button" class="link-button" on:click=move |_| setting_password.set(false)>{t(account::RETURN_TO_LIST)}</button></p>
                    <StepLinks forgot_username=true/>
                </div>
            }.into_any(),
        }}
    }
}
