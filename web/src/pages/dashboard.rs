//! The dashboard (docs/product.md §8): tiles locked until the AUA is signed, the home
//! cards and panels; and the Acceptable Use Agreement form.

use iam_shared::aua::{self, Affiliation};
use iam_shared::dto::aua::{AuaFormResponse, AuaSubmitRequest};
use iam_shared::dto::dashboard::{DashboardResponse, SectionRequest, Tile};
use iam_shared::i18n::{common, portal, signin};
use iam_shared::rules;
use iam_shared::Page;
use leptos::prelude::*;

use super::immtrac2::{AppHome, SignedOut};
use crate::api;
use crate::components::icons::{AppBadge, ChevronIcon, LockIcon, PlusIcon};
use crate::components::{
    legal_text_lang, FieldErrors, StepTitle, Submission, TextField, UntranslatedNote,
};
use crate::flow::{use_flow, use_navigator};
use crate::i18n::{t, tf};
use crate::router::{query_param, A};

/// Sections of tiles, cards and panels under the welcome card.
#[component]
pub fn Dashboard() -> impl IntoView {
    let flow = use_flow();
    let board = RwSignal::new(None::<DashboardResponse>);
    let loading = Submission::new();
    loading.run(
        async move { flow.authorized(api::get_dashboard).await },
        move |d| board.set(Some(d)),
        |_| {},
    );
    // The AUA screen's confirmation, shown once here.
    let notice = flow.notice.try_update(Option::take).flatten();
    // Which section is being edited: `Some(None)` is a new one.
    let editing = RwSignal::new(None::<Option<String>>);
    view! {
        {notice.map(|text| view! { <p role="status" class="success">{text}</p> })}
        <AppHome title=t(portal::DASHBOARD)/>
        {move || board.get().map(|d| {
            let all_tiles: Vec<Tile> = d.sections.iter().flat_map(|s| s.tiles.clone()).collect();
            let editor = move |id: Option<String>, name: String, chosen: Vec<String>| {
                let all = all_tiles.clone();
                view! { <SectionEditor section_id=id name=name chosen=chosen all=all board=board editing=editing/> }
            };
            let adding = editor.clone();
            view! {
            <div class="card board">
                {move || (editing.get() == Some(None)).then(|| adding(None, String::new(), Vec::new()))}
                <button type="button" class="secondary" on:click=move |_| editing.set(Some(None))><PlusIcon/>" "{t(portal::ADD_SECTION)}</button>
                {d.sections.into_iter().map(|section| {
                    let id = section.id.clone();
                    let chosen: Vec<String> = section.tiles.iter().map(|t| t.app_id.clone()).collect();
                    let (name, editor) = (section.name.clone(), editor.clone());
                    // Sections fold away, as the webinar's "My Applications" does.
                    let open = RwSignal::new(true);
                    let list_id = format!("section-{}", section.name.replace(' ', "-").to_lowercase());
                    let toggle_label = tf(portal::SHOW_OR_HIDE_SECTION, &[("section", &section.name)]);
                    view! {
                    <section aria-label=section.name.clone()>
                        <h2>{section.name.clone()}
                            " "<button type="button" class="link-button" aria-label=toggle_label
                                aria-expanded=move || open.get().to_string() aria-controls=list_id.clone()
                                on:click=move |_| open.update(|o| *o = !*o)>
                                {move || t(if open.get() { portal::HIDE } else { portal::SHOW })}
                            </button>
                            {id.clone().map(|id| {
                                let label = tf(portal::EDIT_SECTION, &[("section", &section.name)]);
                                let target = Some(id.clone());
                                view! { " " <button type="button" class="link-button" aria-label=label
                                    on:click=move |_| editing.set(Some(target.clone()))>{t(portal::EDIT)}</button> }
                            })}
                        </h2>
                        {move || (id.is_some() && editing.get() == Some(id.clone()))
                            .then(|| editor(id.clone(), name.clone(), chosen.clone()))}
                        <ul class="tiles" id=list_id hidden=move || !open.get()>
                            {section.tiles.into_iter().map(|tile| if tile.locked {
                                view! {
                                    <li class="tile locked">
                                        <AppBadge name=tile.name.clone()/>
                                        <LockIcon label=t(portal::LOCKED_UNTIL_AUA)/>" "{tile.name}
                                        <br/><small class="muted">{tile.description}</small>
                                    </li>
                                }.into_any()
                            } else {
                                view! {
                                    <li class="tile">
                                        <AppBadge name=tile.name.clone()/>
                                        <a href=tile.url>{tile.name}</a><br/><small class="muted">{tile.description}</small>
                                    </li>
                                }.into_any()
                            }).collect_view()}
                        </ul>
                    </section>
                }}).collect_view()}
                <h2>{t(portal::HOME)}</h2>
                <ul class="cards">
                    {d.cards.into_iter().map(|card| view! {
                        <li><a href=card.url>{card.title}" "<ChevronIcon/></a>{card.count.map(|n| format!(" {n}"))}</li>
                    }).collect_view()}
                </ul>
                {d.panels.into_iter().map(|panel| view! {
                    <section aria-label=panel.title.clone()>
                        <h2>{panel.title.clone()}</h2>
                        {if panel.items.is_empty() {
                            view! { <p class="muted">{t(portal::NO_DATA)}</p> }.into_any()
                        } else {
                            view! { <ul>{panel.items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                }).collect_view()}
            </div>
        }})}
        {loading.banner()}
    }
}

/// Today as `YYYY-MM-DD`, in the browser's time zone.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// The Acceptable Use Agreement form.
#[component]
pub fn AuaForm() -> impl IntoView {
    let flow = use_flow();
    let nav = use_navigator();
    let form = RwSignal::new(None::<AuaFormResponse>);
    let loading = Submission::new();
    let (first, last, email) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    loading.run(
        async move { flow.authorized(api::get_aua).await },
        move |f: AuaFormResponse| {
            first.set(f.first_name.clone());
            last.set(f.last_name.clone());
            email.set(f.work_email.clone());
            form.set(Some(f));
        },
        |_| {},
    );
    let acknowledged = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let affiliation = RwSignal::new(None::<Affiliation>);
    let explanation = RwSignal::new(String::new());
    let comments = RwSignal::new(String::new());
    let employee_id = RwSignal::new(String::new());
    let date = RwSignal::new(today());
    let invalid = FieldErrors::new();
    let submit = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = form
            .with_untracked(|f| f.as_ref().map(|f| f.document_version.clone()))
            .unwrap_or_default();
        let request = AuaSubmitRequest {
            document_version: read,
            acknowledged: acknowledged.get_untracked(),
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            work_email: email.get_untracked().trim().to_owned(),
            work_phone: phone.get_untracked(),
            affiliation: affiliation.get_untracked(),
            explanation: explanation.get_untracked(),
            comments: comments.get_untracked(),
            employee_id: employee_id.get_untracked(),
            date_signed: date.get_untracked(),
        };
        if !invalid.passed(local_failures(&request)) {
            return;
        }
        submit.run(
            async move {
                flow.authorized(move |t| api::submit_aua(t, request.clone()))
                    .await
            },
            move |answer| {
                flow.notice.set(Some(answer.message));
                // An application's sign-in request was waiting for the AUA.
                if crate::flow::pending_authorization::handle().is_some() {
                    nav.go(Page::Authorize);
                } else {
                    nav.go(Page::Dashboard);
                }
            },
            move |problem| invalid.refused(problem),
        );
    };
    // Sent here by an application's gate (`flow::AUA_REQUIRED_QUERY`).
    let required = query_param("required").is_some();
    view! {
        <div class="card">
            <StepTitle>{t(portal::AUA_TITLE)}</StepTitle>
            {required.then(|| view! {
                <p class="notice-required" role="alert">{t(portal::AUA_REQUIRED)}</p>
            })}
            {move || match (form.get(), loading.problem.get()) {
                (_, Some(problem)) => view! { <SignedOut problem=problem/> }.into_any(),
                (None, None) => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                (Some(f), None) => view! {
                    <h2 id="policy-heading">{t(portal::AUA_POLICY)}</h2>
                    <UntranslatedNote written_in=f.policy_lang/>
                    <div class="statement" role="region" aria-labelledby="policy-heading" tabindex="0"
                        lang=legal_text_lang(f.policy_lang)>{f.policy.clone()}</div>
                    <p class="muted">{tf(portal::POLICY_VERSION, &[("version", &f.document_version)])}</p>
                    {submit.banner()}
                    <form on:submit=on_submit.clone() novalidate>
                        <h2>{t(portal::ACKNOWLEDGEMENT)}</h2>
                        <div class="checkbox">
                            <input id="acknowledged" type="checkbox" prop:checked=acknowledged
                                aria-invalid=move || invalid.line("acknowledged", "").get().is_some().to_string()
                                on:change=move |ev| acknowledged.set(event_target_checked(&ev))/>
                            <label for="acknowledged">{f.acknowledgement.clone()}" *"</label>
                        </div>
                        <p class="field-error" aria-live="polite">{move || invalid.line("acknowledged", t(portal::CHECK_ACKNOWLEDGEMENT)).get()}</p>
                        <TextField id="first_name" label=t(portal::FIRST_NAME_REQUIRED) autocomplete="given-name" value=first
                            error=invalid.line("first_name", t(portal::ENTER_YOUR_FIRST_NAME))/>
                        <TextField id="last_name" label=t(portal::LAST_NAME_REQUIRED) autocomplete="family-name" value=last
                            error=invalid.line("last_name", t(portal::ENTER_YOUR_LAST_NAME))/>
                        <TextField id="work_email" label=t(portal::YOUR_WORK_EMAIL) input_type="email" autocomplete="email" value=email
                            error=invalid.line("work_email", t(portal::ENTER_VALID_EMAIL))/>
                        <TextField id="work_phone" label=t(portal::YOUR_WORK_PHONE) input_type="tel" autocomplete="tel" value=phone
                            error=invalid.line("work_phone", t(portal::PHONE_HELP))/>
                        <fieldset aria-describedby="affiliation-error">
                            <legend>{t(portal::AFFILIATION)}</legend>
                            {f.choices.into_iter().map(|choice| {
                                let id = format!("affiliation-{}", choice.value.as_str());
                                view! {
                                    <div class="checkbox">
                                        <input type="radio" name="affiliation" id=id.clone()
                                            prop:checked=move || affiliation.get() == Some(choice.value)
                                            on:change=move |_| affiliation.set(Some(choice.value))/>
                                        <label for=id>{choice.label}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <p id="affiliation-error" class="field-error" aria-live="polite">{move || invalid.line("affiliation", t(portal::CHOOSE_ONE)).get()}</p>
                        <TextArea id="explanation" label=t(portal::EXPLANATION) value=explanation
                            error=invalid.line("explanation", t(portal::EXPLANATION_HELP))/>
                        <TextArea id="comments" label=t(portal::COMMENTS) value=comments
                            error=invalid.line("comments", t(portal::COMMENTS_HELP))/>
                        <TextField id="employee_id" label=t(portal::EMPLOYEE_ID) autocomplete="off" value=employee_id
                            error=invalid.line("employee_id", t(portal::EMPLOYEE_ID_HELP))/>
                        <label for="date_signed">{t(portal::DATE_SIGNED)}</label>
                        <input id="date_signed" type="date" required prop:value=move || date.get()
                            aria-invalid=move || invalid.line("date_signed", "").get().is_some().to_string()
                            aria-describedby="date_signed-error"
                            on:input=move |ev| date.set(event_target_value(&ev))/>
                        <p id="date_signed-error" class="field-error" aria-live="polite">{move || invalid.line("date_signed", t(portal::ENTER_TODAY)).get()}</p>
                        <button type="submit" class="primary" disabled=move || submit.pending.get()>
                            {move || if submit.pending.get() { t(portal::SUBMITTING) } else { t(signin::SUBMIT) }}
                        </button>
                    </form>
                    <A to=Page::Dashboard>{t(portal::BACK_TO_DASHBOARD)}</A>
                }.into_any(),
            }}
        </div>
    }
}

/// The fields that fail the shared rules, before anything is sent.
fn local_failures(r: &AuaSubmitRequest) -> Vec<&'static str> {
    let checks = [
        ("acknowledged", r.acknowledged),
        ("first_name", rules::is_valid_name(&r.first_name)),
        ("last_name", rules::is_valid_name(&r.last_name)),
        ("work_email", rules::is_plausible_email(&r.work_email)),
        ("work_phone", aua::is_valid_optional_phone(&r.work_phone)),
        ("affiliation", r.affiliation.is_some()),
        ("explanation", aua::is_valid_explanation(&r.explanation)),
        (
            "comments",
            aua::is_valid_optional_text(&r.comments, aua::COMMENTS_MAX_CHARS),
        ),
        ("employee_id", aua::is_valid_employee_id(&r.employee_id)),
        ("date_signed", aua::parse_date(&r.date_signed).is_some()),
    ];
    checks
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(field, _)| field)
        .collect()
}

/// A labelled multi-line field with its error line.
#[component]
fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<&'static str>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id>{label}</label>
        <textarea id=id name=id rows="3" aria-describedby=error_id.clone()
            aria-invalid=move || error.get().is_some().to_string()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        <p id=error_id class="field-error" aria-live="polite">{move || error.get()}</p>
    }
}

/// "Add section" or a section's edit: its name and which tiles it holds.
#[component]
fn SectionEditor(
    section_id: Option<String>,
    name: String,
    chosen: Vec<String>,
    all: Vec<Tile>,
    board: RwSignal<Option<DashboardResponse>>,
    editing: RwSignal<Option<Option<String>>>,
) -> impl IntoView {
    let flow = use_flow();
    let name = RwSignal::new(name);
    let chosen = RwSignal::new(chosen);
    let (invalid, set_invalid) = signal(false);
    let save = Submission::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        let n = typed.trim().chars().count();
        set_invalid.set(!(1..=60).contains(&n));
        if invalid.get_untracked() {
            return;
        }
        let request = SectionRequest {
            name: typed,
            tiles: chosen.get_untracked(),
        };
        let id = section_id.clone();
        save.run(
            async move {
                flow.authorized(move |t| api::save_section(t, id.clone(), request.clone()))
                    .await
            },
            move |d| {
                editing.set(None);
                board.set(Some(d));
            },
            |_| {},
        );
    };
    view! {
        <form class="section-editor" on:submit=on_submit novalidate>
            {save.banner()}
            <TextField id="section_name" label=t(portal::SECTION_NAME) autocomplete="off" value=name
                error=Signal::derive(move || invalid.get().then(|| t(portal::SECTION_NAME_HELP))) autofocus=true/>
            <fieldset>
                <legend>{t(portal::TILES_IN_SECTION)}</legend>
                {all.into_iter().map(|tile| {
                    let id = format!("tile-{}", tile.app_id);
                    let app = tile.app_id.clone();
                    let app_for_check = app.clone();
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || chosen.get().contains(&app_for_check)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|a| *a != app);
                                        if on { c.push(app.clone()); }
                                    });
                                }/>
                            <label for=id>{tile.name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="primary" disabled=move || save.pending.get()>
                {move || t(if save.pending.get() { portal::SAVING } else { portal::SAVE_SECTION })}
            </button>
            <button type="button" class="link-button" on:click=move |_| editing.set(None)>{t(portal::CANCEL)}</button>
        </form>
    }
}
