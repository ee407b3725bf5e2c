//! Asking for an account (docs/product.md §7): a POC's "Request Access" for a new
//! person, the public account or organization form, and the citizen's
//! sign-up. The forms check with the same rules as the server.

use iam_shared::dto::access::{
    AccessRequestCreate, AccessRequestKind, AccessRequestStatus, AccessRequestView,
    CitizenRegistrationRequest, RegistrationRequest,
};
use iam_shared::dto::signin::CaptchaAnswer;
use iam_shared::i18n::{portal, signin};
use iam_shared::Page;
use iam_shared::{aua, rules, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{Captcha, FieldErrors, MailTo, StepTitle, Submission, TextField};
use crate::flow::use_flow;
use crate::i18n::{t, tf};
use crate::router::A;

/// The fields a form's local check finds wrong: names, address, phone.
fn person_failures(first: &str, last: &str, email: &str, phone: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for (field, ok) in [
        ("first_name", rules::is_valid_name(first)),
        ("last_name", rules::is_valid_name(last)),
        ("email", rules::is_plausible_email(email.trim())),
        ("phone", aua::is_valid_optional_phone(phone)),
    ] {
        if !ok {
            bad.push(field.to_owned());
        }
    }
    bad
}

/// A public form's CAPTCHA: the image's id, the typed answer, and a counter
/// that loads a new image (every answer from the server uses one up).
#[derive(Clone, Copy)]
struct FormCaptcha {
    id: RwSignal<Option<String>>,
    answer: RwSignal<String>,
    generation: RwSignal<u32>,
}

impl FormCaptcha {
    fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            answer: RwSignal::new(String::new()),
            generation: RwSignal::new(0),
        }
    }

    /// The answer to send, or `None` (and the field marked) when it cannot
    /// be right.
    fn answer(self) -> Option<CaptchaAnswer> {
        let answer = self.answer.get_untracked().trim().to_owned();
        rules::is_valid_captcha_answer(&answer).then(|| CaptchaAnswer {
            captcha_id: self.id.get_untracked().unwrap_or_default(),
            answer,
        })
    }

    /// After a refusal: a new image, and the fields the server named.
    fn refused(self, problem: &Problem, invalid: FieldErrors) {
        self.generation.update(|g| *g += 1);
        self.answer.set(String::new());
        invalid.refused(problem);
        if problem.code == iam_shared::ErrorCode::CaptchaInvalid {
            invalid.mark("captcha");
        }
    }
}

/// Did the server refuse the address as a central office one?
fn is_internal_address(problem: &Problem) -> bool {
    problem
        .field_errors
        .as_ref()
        .and_then(|f| f.get("email"))
        .is_some_and(|codes| codes.iter().any(|c| c == "internal_domain"))
}

fn status_label(status: AccessRequestStatus) -> &'static str {
    t(match status {
        AccessRequestStatus::Pending => portal::REQUEST_PENDING,
        AccessRequestStatus::Approved => portal::REQUEST_APPROVED,
        AccessRequestStatus::Rejected => portal::REQUEST_REJECTED,
    })
}

/// "Access Requests": a POC asks for a username for a new person, and
/// follows the organization's requests.
#[component]
pub fn AccessRequests() -> impl IntoView {
    let flow = use_flow();
    let list = RwSignal::new(None::<Vec<AccessRequestView>>);
    let loading = Submission::new();
    let load = move || {
        loading.run(
            async move { flow.authorized(api::list_access_requests).await },
            move |l| list.set(Some(l.requests)),
            |_| {},
        );
    };
    load();
    let [org, first, last, email, phone, why] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let invalid = FieldErrors::new();
    let sent = RwSignal::new(None::<String>);
    let submit = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(None);
        let request = AccessRequestCreate {
            org_code: org.get_untracked().trim().to_uppercase(),
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            phone: phone.get_untracked(),
            justification: why.get_untracked(),
        };
        let mut bad = person_failures(
            &request.first_name,
            &request.last_name,
            &request.email,
            &request.phone,
        );
        if !rules::is_valid_org_code(&request.org_code) {
            bad.push("org_code".into());
        }
        if !invalid.passed(bad) {
            return;
        }
        submit.run(
            async move {
                flow.authorized(move |t| api::create_access_request(t, request.clone()))
                    .await
            },
            move |created| {
                sent.set(Some(tf(
                    portal::REQUEST_SENT,
                    &[("first", &created.first_name), ("last", &created.last_name)],
                )));
                for field in [first, last, email, phone, why] {
                    field.set(String::new());
                }
                load();
            },
            move |problem| invalid.refused(problem),
        );
    };
    view! {
        <div class="card wide">
            <StepTitle>{t(portal::ACCESS_REQUESTS)}</StepTitle>
            <p>{t(portal::ACCESS_REQUESTS_INTRO)}</p>
            {loading.banner()}
            {move || sent.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {submit.banner()}
            {move || list.get().map(|_| view! {
                <form on:submit=on_submit novalidate>
                    <TextField id="org_code" label=t(portal::ORG_CODE_REQUIRED) autocomplete="off" value=org
                        error=invalid.line("org_code", t(portal::ENTER_ORGANIZATION_ORG_CODE))/>
                    <TextField id="first_name" label=t(portal::FIRST_NAME_REQUIRED) autocomplete="off" value=first
                        error=invalid.line("first_name", t(portal::ENTER_A_FIRST_NAME))/>
                    <TextField id="last_name" label=t(portal::LAST_NAME_REQUIRED) autocomplete="off" value=last
                        error=invalid.line("last_name", t(portal::ENTER_A_LAST_NAME))/>
                    <TextField id="email" label=t(portal::EMAIL_ADDRESS_REQUIRED) input_type="email" autocomplete="off" value=email
                        error=invalid.line("email", t(portal::ENTER_VALID_EMAIL))/>
                    <TextField id="phone" label=t(portal::PHONE) input_type="tel" autocomplete="off" value=phone
                        error=invalid.line("phone", t(portal::PHONE_HELP))/>
                    <label for="justification">{t(portal::WHY_ACCESS)}</label>
                    <textarea id="justification" rows="3" prop:value=move || why.get()
                        on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { t(signin::SENDING) } else { t(portal::REQUEST_ACCESS) }}
                    </button>
                </form>
            })}
            <h2>{t(portal::ORGANIZATION_REQUESTS)}</h2>
            {move || list.get().map(|requests| if requests.is_empty() {
                view! { <p class="muted">{t(portal::NO_DATA)}</p> }.into_any()
            } else {
                view! { <table>
                    <caption class="visually-hidden">{t(portal::REQUESTS_CAPTION)}</caption>
                    <thead><tr><th scope="col">{t(portal::PERSON)}</th><th scope="col">{t(portal::ORGANIZATION)}</th>
                        <th scope="col">{t(portal::STATUS)}</th><th scope="col">{t(portal::DETAILS)}</th></tr></thead>
                    <tbody>{requests.into_iter().map(|r| view! {
                        <tr>
                            <td>{format!("{} {} ({})", r.first_name, r.last_name, r.email)}</td>
                            <td>{r.org_code.unwrap_or_default()}</td>
                            <td>{status_label(r.status)}</td>
                            <td>{r.created_username.map(|u| tf(portal::USERNAME_IS, &[("username", &u)]))
                                .or(r.decision_reason.map(|why| tf(portal::REASON_IS, &[("reason", &why)])))
                                .unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table> }.into_any()
            })}
            <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
        </div>
    }
}

/// "Request account as non-HHS employee, or register organization".
#[component]
pub fn RegisterOrganization() -> impl IntoView {
    let kind = RwSignal::new(AccessRequestKind::NonHhsAccount);
    let [first, last, email, phone, org_name, org_code, why] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let invalid = FieldErrors::new();
    let done = RwSignal::new(None::<String>);
    let submit = Submission::new();
    let captcha = FormCaptcha::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = RegistrationRequest {
            kind: kind.get_untracked(),
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            phone: phone.get_untracked(),
            organization_name: org_name.get_untracked().trim().to_owned(),
            org_code: org_code.get_untracked().trim().to_uppercase(),
            justification: why.get_untracked(),
            captcha: captcha.answer(),
        };
        let mut bad = person_failures(
            &request.first_name,
            &request.last_name,
            &request.email,
            &request.phone,
        );
        if !rules::is_valid_organization_name(&request.organization_name) {
            bad.push("organization_name".into());
        }
        if !request.org_code.is_empty() && !rules::is_valid_org_code(&request.org_code) {
            bad.push("org_code".into());
        }
        if request.captcha.is_none() {
            bad.push("captcha".into());
        }
        if !invalid.passed(bad) {
            return;
        }
        submit.run(
            api::register_organization(request),
            move |answer| done.set(Some(answer.message)),
            move |problem| captcha.refused(problem, invalid),
        );
    };
    let choice = move |value: AccessRequestKind, id: &'static str, label: &'static str| {
        view! {
            <div class="radio">
                <input type="radio" id=id name="kind" prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value)/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <div class="card">
            <StepTitle>{t(signin::REQUEST_ACCOUNT)}</StepTitle>
            {move || match done.get() {
                Some(text) => view! {
                    <p role="status" class="success">{text}</p>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
                None => view! {
                    <p>{t(portal::SUPPORT_REVIEWS)}</p>
                    {submit.banner()}
                    <form on:submit=on_submit novalidate>
                        <fieldset>
                            <legend>{t(portal::I_WANT_TO)}</legend>
                            {choice(AccessRequestKind::NonHhsAccount, "kind-account", t(portal::KIND_ACCOUNT))}
                            {choice(AccessRequestKind::Organization, "kind-organization", t(portal::KIND_ORGANIZATION))}
                        </fieldset>
                        <TextField id="first_name" label=t(portal::FIRST_NAME_REQUIRED) autocomplete="given-name" value=first
                            error=invalid.line("first_name", t(portal::NAME_HELP))/>
                        <TextField id="last_name" label=t(portal::LAST_NAME_REQUIRED) autocomplete="family-name" value=last
                            error=invalid.line("last_name", t(portal::NAME_HELP))/>
                        <TextField id="email" label=t(portal::EMAIL_ADDRESS_REQUIRED) input_type="email" autocomplete="email" value=email
                            error=invalid.line("email", t(portal::ENTER_VALID_EMAIL))/>
                        <TextField id="phone" label=t(portal::WORK_PHONE) input_type="tel" autocomplete="tel" value=phone
                            error=invalid.line("phone", t(portal::PHONE_HELP))/>
                        <TextField id="organization_name" label=t(portal::ORGANIZATION_NAME_REQUIRED) autocomplete="organization" value=org_name
                            error=invalid.line("organization_name", t(portal::ENTER_ORGANIZATION_NAME))/>
                        <TextField id="org_code" label=t(portal::ORG_CODE_IF_KNOWN) autocomplete="off" value=org_code
                            error=invalid.line("org_code", t(portal::ORG_CODE_HELP))/>
                        <label for="justification">{t(portal::ANYTHING_FOR_SUPPORT)}</label>
                        <textarea id="justification" rows="3" prop:value=move || why.get()
                            on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                        <Captcha captcha_id=captcha.id answer=captcha.answer generation=captcha.generation
                            error=invalid.line("captcha", t(signin::TYPE_CAPTCHA))
                            mail_to=MailTo::Address(email.into())/>
                        <button type="submit" class="primary" disabled=move || submit.pending.get()>
                            {move || if submit.pending.get() { t(signin::SENDING) } else { t(portal::SEND_REQUEST) }}
                        </button>
                    </form>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
            }}
        </div>
    }
}

/// "Create a new account as a citizen": the Welcome e-mail that follows
/// verifies the address and leads to the same set-up as every account.
#[component]
pub fn RegisterCitizen() -> impl IntoView {
    let [first, last, email] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let invalid = FieldErrors::new();
    let done = RwSignal::new(None::<String>);
    let submit = Submission::new();
    let captcha = FormCaptcha::new();
    let internal = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CitizenRegistrationRequest {
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            captcha: captcha.answer(),
        };
        let mut bad = person_failures(&request.first_name, &request.last_name, &request.email, "");
        if request.captcha.is_none() {
            bad.push("captcha".into());
        }
        internal.set(false);
        if !invalid.passed(bad) {
            return;
        }
        submit.run(
            api::register_citizen(request),
            move |answer| done.set(Some(answer.message)),
            move |problem| {
                internal.set(is_internal_address(&problem));
                captcha.refused(problem, invalid);
            },
        );
    };
    let email_error = Signal::derive(move || {
        if internal.get() {
            Some(t(portal::CENTRAL_OFFICE_ADDRESS))
        } else {
            invalid.line("email", t(portal::ENTER_VALID_EMAIL)).get()
        }
    });
    view! {
        <div class="card">
            <StepTitle>{t(signin::CREATE_CITIZEN)}</StepTitle>
            {move || match done.get() {
                Some(text) => view! {
                    <p role="status" class="success">{text}</p>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
                None => view! {
                    <p>{t(portal::CITIZEN_INTRO)}</p>
                    {submit.banner()}
                    <form on:submit=on_submit novalidate>
                        <TextField id="first_name" label=t(portal::FIRST_NAME_REQUIRED) autocomplete="given-name" value=first
                            error=invalid.line("first_name", t(portal::NAME_HELP))/>
                        <TextField id="last_name" label=t(portal::LAST_NAME_REQUIRED) autocomplete="family-name" value=last
                            error=invalid.line("last_name", t(portal::NAME_HELP))/>
                        <TextField id="email" label=t(portal::EMAIL_ADDRESS_REQUIRED) input_type="email" autocomplete="email" value=email
                            error=email_error/>
                        <Captcha captcha_id=captcha.id answer=captcha.answer generation=captcha.generation
                            error=invalid.line("captcha", t(signin::TYPE_CAPTCHA))
                            mail_to=MailTo::Address(email.into())/>
                        <button type="submit" class="primary" disabled=move || submit.pending.get()>
                            {move || if submit.pending.get() { t(signin::SENDING) } else { t(portal::CREATE_ACCOUNT) }}
                        </button>
                    </form>
                    <A to=Page::SignIn>{t(signin::BACK_TO_SIGN_IN)}</A>
                }.into_any(),
            }}
        </div>
    }
}
