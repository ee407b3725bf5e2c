//! Asking for an account (docs/product.md §7): a POC's "Request Access" for a new
//! person, the public account or organization form, and the citizen's
//! sign-up. The forms check with the same rules as the server.

use iam_shared::dto::access::{
    AccessRequestCreate, AccessRequestKind, AccessRequestStatus, AccessRequestView,
    CitizenRegistrationRequest, RegistrationRequest,
};
use iam_shared::dto::signin::CaptchaAnswer;
use iam_shared::Page;
use iam_shared::{aua, rules, Problem};
use leptos::prelude::*;

use crate::api;
use crate::components::{Captcha, FieldErrors, MailTo, StepTitle, Submission, TextField};
use crate::flow::use_flow;
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

/// Names: letters, spaces, hyphens and apostrophes (the server's rule).
const NAME_HELP: &str = "Use letters, spaces, hyphens and apostrophes only (at most 64).";

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
    match status {
        AccessRequestStatus::Pending => "Waiting for support",
        AccessRequestStatus::Approved => "Approved",
        AccessRequestStatus::Rejected => "Rejected",
    }
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
                sent.set(Some(format!(
                    "Your request for {} {} was sent to support.",
                    created.first_name, created.last_name
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
            <StepTitle>"Access Requests"</StepTitle>
            <p>"As your organization's Point of Contact, request a username for a new person. Support reviews the request; once it is approved, the person receives the Welcome e-mail."</p>
            {loading.banner()}
            {move || sent.get().map(|text| view! { <p role="status" class="success">{text}</p> })}
            {submit.banner()}
            {move || list.get().map(|_| view! {
                <form on:submit=on_submit novalidate>
                    <TextField id="org_code" label="Org Code *" autocomplete="off" value=org
                        error=invalid.line("org_code", "Enter the org code of your organization.")/>
                    <TextField id="first_name" label="First Name *" autocomplete="off" value=first
                        error=invalid.line("first_name", "Enter a first name.")/>
                    <TextField id="last_name" label="Last Name *" autocomplete="off" value=last
                        error=invalid.line("last_name", "Enter a last name.")/>
                    <TextField id="email" label="Email Address *" input_type="email" autocomplete="off" value=email
                        error=invalid.line("email", "Enter a valid e-mail address.")/>
                    <TextField id="phone" label="Phone" input_type="tel" autocomplete="off" value=phone
                        error=invalid.line("phone", "Enter a phone number with 10 to 15 digits, or leave it empty.")/>
                    <label for="justification">"Why does this person need access?"</label>
                    <textarea id="justification" rows="3" prop:value=move || why.get()
                        on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                    <button type="submit" class="primary" disabled=move || submit.pending.get()>
                        {move || if submit.pending.get() { "Sending…" } else { "Request access" }}
                    </button>
                </form>
            })}
            <h2>"Your organization's requests"</h2>
            {move || list.get().map(|requests| if requests.is_empty() {
                view! { <p class="muted">"Currently no data"</p> }.into_any()
            } else {
                view! { <table>
                    <caption class="visually-hidden">"Requests of your organizations"</caption>
                    <thead><tr><th scope="col">"Person"</th><th scope="col">"Organization"</th>
                        <th scope="col">"Status"</th><th scope="col">"Details"</th></tr></thead>
                    <tbody>{requests.into_iter().map(|r| view! {
                        <tr>
                            <td>{format!("{} {} ({})", r.first_name, r.last_name, r.email)}</td>
                            <td>{r.org_code.unwrap_or_default()}</td>
                            <td>{status_label(r.status)}</td>
                            <td>{r.created_username.map(|u| format!("Username {u}"))
                                .or(r.decision_reason.map(|why| format!("Reason: {why}")))
                                .unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table> }.into_any()
            })}
            <A to=Page::Dashboard>"Back to the dashboard"</A>
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
            <StepTitle>"Request account as non-HHS employee, or register organization"</StepTitle>
            {move || match done.get() {
                Some(text) => view! {
                    <p role="status" class="success">{text}</p>
                    <A to=Page::SignIn>"Back to sign in"</A>
                }.into_any(),
                None => view! {
                    <p>"Support reviews every request and answers by e-mail."</p>
                    {submit.banner()}
                    <form on:submit=on_submit novalidate>
                        <fieldset>
                            <legend>"I want to"</legend>
                            {choice(AccessRequestKind::NonHhsAccount, "kind-account", "Request an account (I am not an HHS employee)")}
                            {choice(AccessRequestKind::Organization, "kind-organization", "Register my organization (I will be its Point of Contact)")}
                        </fieldset>
                        <TextField id="first_name" label="First Name *" autocomplete="given-name" value=first
                            error=invalid.line("first_name", NAME_HELP)/>
                        <TextField id="last_name" label="Last Name *" autocomplete="family-name" value=last
                            error=invalid.line("last_name", NAME_HELP)/>
                        <TextField id="email" label="Email Address *" input_type="email" autocomplete="email" value=email
                            error=invalid.line("email", "Enter a valid e-mail address.")/>
                        <TextField id="phone" label="Work Phone" input_type="tel" autocomplete="tel" value=phone
                            error=invalid.line("phone", "Enter a phone number with 10 to 15 digits, or leave it empty.")/>
                        <TextField id="organization_name" label="Organization Name *" autocomplete="organization" value=org_name
                            error=invalid.line("organization_name", "Enter the organization's name.")/>
                        <TextField id="org_code" label="Org Code (if you know it)" autocomplete="off" value=org_code
                            error=invalid.line("org_code", "An org code has only letters and digits.")/>
                        <label for="justification">"Anything support should know"</label>
                        <textarea id="justification" rows="3" prop:value=move || why.get()
                            on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                        <Captcha captcha_id=captcha.id answer=captcha.answer generation=captcha.generation
                            error=invalid.line("captcha", "Type the characters shown in the image.")
                            mail_to=MailTo::Address(email.into())/>
                        <button type="submit" class="primary" disabled=move || submit.pending.get()>
                            {move || if submit.pending.get() { "Sending…" } else { "Send request" }}
                        </button>
                    </form>
                    <A to=Page::SignIn>"Back to sign in"</A>
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
            Some("Central office staff sign in with their network account. Use another e-mail address to create a citizen account.")
        } else {
            invalid.line("email", "Enter a valid e-mail address.").get()
        }
    });
    view! {
        <div class="card">
            <StepTitle>"Create a new account as a citizen"</StepTitle>
            {move || match done.get() {
                Some(text) => view! {
                    <p role="status" class="success">{text}</p>
                    <A to=Page::SignIn>"Back to sign in"</A>
                }.into_any(),
                None => view! {
                    <p>"Your e-mail address becomes your username. We will send you a link to verify it and set up your password."</p>
                    {submit.banner()}
                    <form on:submit=on_submit novalidate>
                        <TextField id="first_name" label="First Name *" autocomplete="given-name" value=first
                            error=invalid.line("first_name", NAME_HELP)/>
                        <TextField id="last_name" label="Last Name *" autocomplete="family-name" value=last
                            error=invalid.line("last_name", NAME_HELP)/>
                        <TextField id="email" label="Email Address *" input_type="email" autocomplete="email" value=email
                            error=email_error/>
                        <Captcha captcha_id=captcha.id answer=captcha.answer generation=captcha.generation
                            error=invalid.line("captcha", "Type the characters shown in the image.")
                            mail_to=MailTo::Address(email.into())/>
                        <button type="submit" class="primary" disabled=move || submit.pending.get()>
                            {move || if submit.pending.get() { "Sending…" } else { "Create account" }}
                        </button>
                    </form>
                    <A to=Page::SignIn>"Back to sign in"</A>
                }.into_any(),
            }}
        </div>
    }
}
