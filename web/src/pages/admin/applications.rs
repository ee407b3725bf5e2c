//! The application catalogue (admins): each tile with who may use it and
//! its OpenID Connect client; add an application, disable or enable its
//! client, give it a new secret. A secret is shown once, when it is made.

use iam_shared::dto::applications::{
    ApplicationListResponse, ApplicationSavedResponse, ApplicationView, ClientSettings,
};
use iam_shared::i18n::{common, console, Msg};
use iam_shared::types::{ClientAuthMethod, ClientType, MembershipRole, UserType};
use leptos::prelude::*;

use super::ConsoleNav;
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;
use crate::i18n::{t, tf};

fn who_may_use(app: &ApplicationView) -> String {
    let mut rules = Vec::new();
    if !app.allowed_user_types.is_empty() {
        let types: Vec<&str> = app
            .allowed_user_types
            .iter()
            .map(|t| user_type_label(*t))
            .collect();
        rules.push(tf(console::WHO_USER_TYPES, &[("list", &types.join(", "))]));
    }
    if !app.allowed_roles.is_empty() {
        let roles: Vec<&str> = app.allowed_roles.iter().map(|r| role_label(*r)).collect();
        rules.push(tf(console::WHO_ROLES, &[("list", &roles.join(", "))]));
    }
    if !app.allowed_org_codes.is_empty() {
        rules.push(tf(
            console::WHO_ORGANIZATIONS,
            &[("list", &app.allowed_org_codes.join(", "))],
        ));
    }
    if rules.is_empty() {
        t(console::EVERYONE).to_owned()
    } else {
        rules.join("; ")
    }
}

fn client_line(client: &Option<ClientSettings>) -> String {
    match client {
        None => t(console::NO_CLIENT).to_owned(),
        Some(c) => format!(
            "{} ({}){}{}",
            c.client_type.as_str(),
            c.auth_method.as_str(),
            if c.consent_required {
                t(console::CLIENT_ASKS_CONSENT)
            } else {
                ""
            },
            if c.disabled {
                t(console::CLIENT_DISABLED)
            } else {
                ""
            },
        ),
    }
}

/// The form's fields, as typed: a new application, or one being edited
/// (whose settings the form does not show are kept as they were).
#[derive(Clone, Copy)]
struct Draft {
    editing: RwSignal<Option<ApplicationView>>,
    id: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    group: RwSignal<String>,
    launch_url: RwSignal<String>,
    requires_aua: RwSignal<bool>,
    user_types: RwSignal<Vec<UserType>>,
    roles: RwSignal<Vec<MembershipRole>>,
    org_codes: RwSignal<String>,
    auth_method: RwSignal<ClientAuthMethod>,
    redirect_uris: RwSignal<String>,
    post_logout_uris: RwSignal<String>,
    backchannel_uri: RwSignal<String>,
    initiate_login_uri: RwSignal<String>,
    scopes: RwSignal<String>,
    grant_types: RwSignal<Vec<String>>,
    id_token_alg: RwSignal<String>,
    access_ttl: RwSignal<String>,
    refresh_ttl: RwSignal<String>,
    consent_required: RwSignal<bool>,
    jwks: RwSignal<String>,
}

const GRANT_TYPES: [(&str, Msg); 3] = [
    ("authorization_code", console::GRANT_AUTHORIZATION_CODE),
    ("refresh_token", console::GRANT_REFRESH_TOKEN),
    ("client_credentials", console::GRANT_CLIENT_CREDENTIALS),
];

fn lines(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

fn optional(text: String) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A number of seconds as typed; what cannot be read is sent as 0, which
/// the server names as out of range rather than the form guessing.
fn seconds(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

impl Draft {
    fn new() -> Self {
        let draft = Draft {
            editing: RwSignal::new(None),
            id: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            group: RwSignal::new(String::new()),
            launch_url: RwSignal::new(String::new()),
            requires_aua: RwSignal::new(false),
            user_types: RwSignal::new(Vec::new()),
            roles: RwSignal::new(Vec::new()),
            org_codes: RwSignal::new(String::new()),
            auth_method: RwSignal::new(ClientAuthMethod::ClientSecretBasic),
            redirect_uris: RwSignal::new(String::new()),
            post_logout_uris: RwSignal::new(String::new()),
            backchannel_uri: RwSignal::new(String::new()),
            initiate_login_uri: RwSignal::new(String::new()),
            scopes: RwSignal::new(String::new()),
            grant_types: RwSignal::new(Vec::new()),
            id_token_alg: RwSignal::new(String::new()),
            access_ttl: RwSignal::new(String::new()),
            refresh_ttl: RwSignal::new(String::new()),
            consent_required: RwSignal::new(false),
            jwks: RwSignal::new(String::new()),
        };
        draft.clear();
        draft
    }

    /// Empty, with the defaults of a new agency application.
    fn clear(&self) {
        self.editing.set(None);
        for field in [
            self.id,
            self.name,
            self.description,
            self.launch_url,
            self.org_codes,
            self.redirect_uris,
            self.post_logout_uris,
            self.backchannel_uri,
            self.initiate_login_uri,
            self.jwks,
        ] {
            field.set(String::new());
        }
        self.group.set("my_apps".to_owned());
        self.requires_aua.set(false);
        self.consent_required.set(false);
        self.user_types.set(Vec::new());
        self.roles.set(Vec::new());
        self.auth_method.set(ClientAuthMethod::ClientSecretBasic);
        self.scopes
            .set("openid profile email organizations".to_owned());
        self.grant_types
            .set(lines("authorization_code refresh_token"));
        self.id_token_alg.set("RS256".to_owned());
        self.access_ttl.set("300".to_owned());
        self.refresh_ttl.set("28800".to_owned());
    }

    /// The form filled with `app`, to change it.
    fn edit(&self, app: ApplicationView) {
        self.clear();
        self.id.set(app.id.clone());
        self.name.set(app.name.clone());
        self.description.set(app.description.clone());
        self.group.set(app.group.clone());
        self.launch_url.set(app.launch_url.clone());
        self.requires_aua.set(app.requires_aua);
        self.user_types.set(app.allowed_user_types.clone());
        self.roles.set(app.allowed_roles.clone());
        self.org_codes.set(app.allowed_org_codes.join(" "));
        if let Some(c) = &app.client {
            self.auth_method.set(c.auth_method);
            self.redirect_uris.set(c.redirect_uris.join("\n"));
            self.post_logout_uris
                .set(c.post_logout_redirect_uris.join("\n"));
            self.backchannel_uri
                .set(c.backchannel_logout_uri.clone().unwrap_or_default());
            self.initiate_login_uri
                .set(c.initiate_login_uri.clone().unwrap_or_default());
            self.scopes.set(c.scopes.join(" "));
            self.grant_types.set(c.grant_types.clone());
            self.id_token_alg.set(c.id_token_alg.clone());
            self.access_ttl.set(c.access_token_ttl_secs.to_string());
            self.refresh_ttl.set(c.refresh_token_ttl_secs.to_string());
            self.consent_required.set(c.consent_required);
            self.jwks.set(c.jwks.clone().unwrap_or_default());
        }
        self.editing.set(Some(app));
    }

    /// Whether the form describes a single sign-on client (or a plain link).
    fn has_client(&self) -> bool {
        !self.redirect_uris.get_untracked().trim().is_empty()
            || self
                .grant_types
                .get_untracked()
                .iter()
                .any(|g| g == "client_credentials")
            || self
                .editing
                .get_untracked()
                .is_some_and(|app| app.client.is_some())
    }

    fn request(&self) -> ApplicationView {
        let method = self.auth_method.get_untracked();
        let kept = self.editing.get_untracked();
        let client = self.has_client().then(|| ClientSettings {
            client_type: if method == ClientAuthMethod::None {
                ClientType::Public
            } else {
                ClientType::Confidential
            },
            auth_method: method,
            redirect_uris: lines(&self.redirect_uris.get_untracked()),
            post_logout_redirect_uris: lines(&self.post_logout_uris.get_untracked()),
            backchannel_logout_uri: optional(self.backchannel_uri.get_untracked()),
            initiate_login_uri: optional(self.initiate_login_uri.get_untracked()),
            scopes: lines(&self.scopes.get_untracked()),
            grant_types: self.grant_types.get_untracked(),
            id_token_alg: self.id_token_alg.get_untracked(),
            access_token_ttl_secs: seconds(&self.access_ttl.get_untracked()),
            refresh_token_ttl_secs: seconds(&self.refresh_ttl.get_untracked()),
            consent_required: self.consent_required.get_untracked(),
            jwks: optional(self.jwks.get_untracked())
                .filter(|_| method == ClientAuthMethod::PrivateKeyJwt),
            disabled: kept
                .as_ref()
                .and_then(|app| app.client.as_ref())
                .is_some_and(|c| c.disabled),
        });
        ApplicationView {
            id: self.id.get_untracked().trim().to_owned(),
            name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            group: self.group.get_untracked(),
            launch_url: self.launch_url.get_untracked().trim().to_owned(),
            requires_aua: self.requires_aua.get_untracked(),
            allowed_user_types: self.user_types.get_untracked(),
            allowed_roles: self.roles.get_untracked(),
            allowed_org_codes: lines(&self.org_codes.get_untracked().replace(',', " ")),
            client,
        }
    }
}

/// A checkbox per member of `all`, ticking `chosen` in and out.
fn choices<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    all: &'static [T],
    label: fn(T) -> &'static str,
    key: fn(T) -> &'static str,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    all.iter()
        .map(|&item| {
            let id = format!("{name}-{}", key(item));
            view! {
                <div class="checkbox">
                    <input id=id.clone() type="checkbox"
                        prop:checked=move || chosen.with(|c| c.contains(&item))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != item);
                                if on { c.push(item); }
                            });
                        }/>
                    <label for=id>{label(item)}</label>
                </div>
            }
        })
        .collect_view()
}

fn user_type_label(user_type: UserType) -> &'static str {
    match user_type {
        UserType::External => t(console::USER_TYPE_EXTERNAL),
        UserType::CentralOffice => t(console::USER_TYPE_CENTRAL_OFFICE),
        UserType::Citizen => t(console::USER_TYPE_CITIZEN),
    }
}

fn role_label(r: MembershipRole) -> &'static str {
    match r {
        MembershipRole::User => t(console::ROLE_USER),
        MembershipRole::Poc => t(console::ROLE_POC),
        MembershipRole::Support => t(console::ROLE_SUPPORT),
        MembershipRole::Admin => t(console::ROLE_ADMIN),
    }
}

/// The catalogue, and a form to add to it or change one of it.
#[component]
pub fn Applications() -> impl IntoView {
    let flow = use_flow();
    let catalogue = RwSignal::new(None::<ApplicationListResponse>);
    let secret = RwSignal::new(None::<(String, String)>);
    let load = Submission::new();
    let reload = move || {
        load.run(
            async move { flow.authorized(api::admin_list_applications).await },
            move |list| catalogue.set(Some(list)),
            |_| {},
        );
    };
    reload();
    let act = Submission::new();
    let saved = move |answer: ApplicationSavedResponse| {
        if let Some(s) = answer.client_secret {
            secret.set(Some((answer.application.name.clone(), s)));
        }
        reload();
    };
    let draft = Draft::new();
    let set_disabled = move |mut app: ApplicationView, disabled: bool| {
        secret.set(None);
        if let Some(client) = app.client.as_mut() {
            client.disabled = disabled;
        }
        act.run(
            async move {
                flow.authorized(|t| api::admin_save_application(t, true, app.clone()))
                    .await
            },
            saved,
            |_| {},
        );
    };
    let rotate = move |id: String| {
        secret.set(None);
        act.run(
            async move {
                flow.authorized(|t| api::admin_rotate_application_secret(t, id.clone()))
                    .await
            },
            saved,
            |_| {},
        );
    };
    let form = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret.set(None);
        let request = draft.request();
        let existing = draft.editing.get_untracked().is_some();
        form.run(
            async move {
                flow.authorized(|t| api::admin_save_application(t, existing, request.clone()))
                    .await
            },
            move |answer| {
                draft.clear();
                saved(answer);
            },
            |_| {},
        );
    };
    let field_problems = move || {
        form.problem
            .get()
            .and_then(|p| p.field_errors)
            .map(|fields| {
                view! {
                    <ul class="field-error">{fields.into_iter().map(|(field, reasons)| view! {
                        <li>{format!("{field}: {}", reasons.join("; "))}</li>
                    }).collect_view()}</ul>
                }
            })
    };
    let heading = move || {
        draft
            .editing
            .get()
            .map_or(t(console::ADD_AN_APPLICATION).to_owned(), |app| {
                tf(console::EDIT_NAMED, &[("name", &app.name)])
            })
    };
    view! {
        <div class="card wide">
            <h1>{t(console::APPLICATIONS)}</h1>
            <ConsoleNav/>
            <p class="muted">{t(console::APPLICATIONS_HELP)}</p>
            {load.banner()}
            {act.banner()}
            {move || secret.get().map(|(name, s)| view! {
                <div class="success" role="status">
                    <p>{tf(console::CLIENT_SECRET_SHOWN, &[("name", &name)])}</p>
                    <p><code>{s}</code></p>
                </div>
            })}
            {move || match catalogue.get() {
                None => view! { <p role="status">{t(common::LOADING)}</p> }.into_any(),
                Some(list) => view! {
                    <table>
                        <caption class="visually-hidden">{t(console::CATALOGUE_CAPTION)}</caption>
                        <thead><tr>
                            <th scope="col">{t(console::APPLICATION)}</th><th scope="col">{t(console::WHO_MAY_USE)}</th>
                            <th scope="col">{t(console::AUA)}</th><th scope="col">{t(console::CLIENT)}</th><th scope="col">{t(console::ACTIONS)}</th>
                        </tr></thead>
                        <tbody>{list.applications.into_iter().map(|app| {
                            let (toggle_app, edit_app, rotate_id) = (app.clone(), app.clone(), app.id.clone());
                            let disabled = app.client.as_ref().map(|c| c.disabled);
                            let has_secret = app.client.as_ref().is_some_and(|c| {
                                !c.disabled && c.client_type == ClientType::Confidential
                                    && c.auth_method != ClientAuthMethod::PrivateKeyJwt
                            });
                            view! {
                                <tr>
                                    <td><strong>{app.name.clone()}</strong><br/><code>{app.id.clone()}</code></td>
                                    <td>{who_may_use(&app)}</td>
                                    <td>{if app.requires_aua { t(console::REQUIRED) } else { "—" }}</td>
                                    <td>{client_line(&app.client)}</td>
                                    <td>
                                        <button type="button" class="secondary"
                                            aria-label=tf(console::EDIT_NAMED, &[("name", &app.name)])
                                            on:click=move |_| {
                                                secret.set(None);
                                                form.problem.set(None);
                                                draft.edit(edit_app.clone());
                                                focus_form();
                                            }>{t(console::EDIT)}</button>
                                        {disabled.map(|off| {
                                            let (label, label_of) = if off {
                                                (t(console::ENABLE_CLIENT), console::ENABLE_CLIENT_OF)
                                            } else {
                                                (t(console::DISABLE_CLIENT), console::DISABLE_CLIENT_OF)
                                            };
                                            let app = toggle_app.clone();
                                            view! {
                                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                                    aria-label=tf(label_of, &[("name", &app.name)])
                                                    on:click=move |_| set_disabled(app.clone(), !off)>{label}</button>
                                            }
                                        })}
                                        {has_secret.then(|| {
                                            let id = rotate_id.clone();
                                            view! {
                                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                                    aria-label=tf(console::NEW_SECRET_FOR, &[("name", &app.name)])
                                                    on:click=move |_| rotate(id.clone())>{t(console::NEW_SECRET)}</button>
                                            }
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
            <h2 id="app-form-heading" tabindex="-1">{heading}</h2>
            <form on:submit=submit aria-labelledby="app-form-heading">
                <label for="app-id">{t(console::APP_ID)}</label>
                <input id="app-id" type="text" autocomplete="off" required
                    readonly=move || draft.editing.with(Option::is_some)
                    prop:value=move || draft.id.get()
                    on:input=move |ev| draft.id.set(event_target_value(&ev))/>
                <label for="app-name">{t(console::NAME)}</label>
                <input id="app-name" type="text" autocomplete="off" required prop:value=move || draft.name.get()
                    on:input=move |ev| draft.name.set(event_target_value(&ev))/>
                <label for="app-description">{t(console::DESCRIPTION)}</label>
                <input id="app-description" type="text" autocomplete="off" prop:value=move || draft.description.get()
                    on:input=move |ev| draft.description.set(event_target_value(&ev))/>
                <label for="app-group">{t(console::DASHBOARD_SECTION)}</label>
                <select id="app-group" prop:value=move || draft.group.get()
                    on:change=move |ev| draft.group.set(event_target_value(&ev))>
                    <option value="my_apps">{t(console::MY_APPS)}</option>
                    <option value="my_applications">{t(console::MY_APPLICATIONS)}</option>
                </select>
                <label for="app-launch">{t(console::LAUNCH_ADDRESS)}</label>
                <input id="app-launch" type="url" autocomplete="off" required placeholder="https://app.example.gov/" prop:value=move || draft.launch_url.get()
                    on:input=move |ev| draft.launch_url.set(event_target_value(&ev))/>
                <div class="checkbox"><input id="app-aua" type="checkbox" prop:checked=move || draft.requires_aua.get()
                    on:change=move |ev| draft.requires_aua.set(event_target_checked(&ev))/>
                    <label for="app-aua">{t(console::REQUIRES_AUA)}</label></div>
                <fieldset>
                    <legend>{t(console::WHO_MAY_USE_LEGEND)}</legend>
                    <fieldset class="inline-choices">
                        <legend>{t(console::USER_TYPES)}</legend>
                        {choices("app-type", UserType::ALL, user_type_label, UserType::as_str, draft.user_types)}
                    </fieldset>
                    <fieldset class="inline-choices">
                        <legend>{t(console::ROLES_IN_ORG)}</legend>
                        {choices("app-role", MembershipRole::ALL, role_label, MembershipRole::as_str, draft.roles)}
                    </fieldset>
                    <label for="app-orgs">{t(console::ONLY_MEMBERS)}</label>
                    <input id="app-orgs" type="text" autocomplete="off" prop:value=move || draft.org_codes.get()
                        on:input=move |ev| draft.org_codes.set(event_target_value(&ev))/>
                </fieldset>
                <fieldset>
                    <legend>{t(console::SSO_LEGEND)}</legend>
                    <label for="app-redirect">{t(console::REDIRECT_URIS)}</label>
                    <textarea id="app-redirect" rows="2" autocomplete="off" placeholder="https://app.example.gov/callback"
                        prop:value=move || draft.redirect_uris.get()
                        on:input=move |ev| draft.redirect_uris.set(event_target_value(&ev))></textarea>
                    <label for="app-initiate">{t(console::INITIATE_LOGIN_URI)}</label>
                    <input id="app-initiate" type="url" autocomplete="off" prop:value=move || draft.initiate_login_uri.get()
                        on:input=move |ev| draft.initiate_login_uri.set(event_target_value(&ev))/>
                    <label for="app-post-logout">{t(console::POST_LOGOUT_URIS)}</label>
                    <textarea id="app-post-logout" rows="2" autocomplete="off"
                        prop:value=move || draft.post_logout_uris.get()
                        on:input=move |ev| draft.post_logout_uris.set(event_target_value(&ev))></textarea>
                    <label for="app-backchannel">{t(console::BACKCHANNEL_URI)}</label>
                    <input id="app-backchannel" type="url" autocomplete="off" prop:value=move || draft.backchannel_uri.get()
                        on:input=move |ev| draft.backchannel_uri.set(event_target_value(&ev))/>
                    <label for="app-auth">{t(console::CLIENT_AUTH)}</label>
                    <select id="app-auth" prop:value=move || draft.auth_method.get().as_str()
                        on:change=move |ev| {
                            if let Some(method) = ClientAuthMethod::parse(&event_target_value(&ev)) {
                                draft.auth_method.set(method);
                            }
                        }>
                        <option value="client_secret_basic">{t(console::AUTH_SECRET_BASIC)}</option>
                        <option value="client_secret_post">{t(console::AUTH_SECRET_POST)}</option>
                        <option value="private_key_jwt">{t(console::AUTH_PRIVATE_KEY_JWT)}</option>
                        <option value="none">{t(console::AUTH_NONE)}</option>
                    </select>
                    <Show when=move || draft.auth_method.get() == ClientAuthMethod::PrivateKeyJwt>
                        <label for="app-jwks">{t(console::JWKS)}</label>
                        <textarea id="app-jwks" rows="3" autocomplete="off" spellcheck="false"
                            prop:value=move || draft.jwks.get()
                            on:input=move |ev| draft.jwks.set(event_target_value(&ev))></textarea>
                    </Show>
                    <label for="app-scopes">{t(console::SCOPES)}</label>
                    <input id="app-scopes" type="text" autocomplete="off" spellcheck="false" prop:value=move || draft.scopes.get()
                        on:input=move |ev| draft.scopes.set(event_target_value(&ev))/>
                    <fieldset class="inline-choices">
                        <legend>{t(console::GRANT_TYPES)}</legend>
                        {GRANT_TYPES.map(|(grant, label)| {
                            let id = format!("app-grant-{grant}");
                            view! {
                                <div class="checkbox">
                                    <input id=id.clone() type="checkbox"
                                        prop:checked=move || draft.grant_types.with(|g| g.iter().any(|x| x == grant))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            draft.grant_types.update(|g| {
                                                g.retain(|x| x != grant);
                                                if on { g.push(grant.to_owned()); }
                                            });
                                        }/>
                                    <label for=id>{t(label)}</label>
                                </div>
                            }
                        }).to_vec()}
                    </fieldset>
                    <label for="app-alg">{t(console::ID_TOKEN_SIGNATURE)}</label>
                    <select id="app-alg" prop:value=move || draft.id_token_alg.get()
                        on:change=move |ev| draft.id_token_alg.set(event_target_value(&ev))>
                        <option value="RS256">"RS256"</option>
                        <option value="EdDSA">"EdDSA"</option>
                    </select>
                    <label for="app-access-ttl">{t(console::ACCESS_TOKEN_LIFETIME)}</label>
                    <input id="app-access-ttl" type="number" inputmode="numeric" min="60" prop:value=move || draft.access_ttl.get()
                        on:input=move |ev| draft.access_ttl.set(event_target_value(&ev))/>
                    <label for="app-refresh-ttl">{t(console::REFRESH_TOKEN_LIFETIME)}</label>
                    <input id="app-refresh-ttl" type="number" inputmode="numeric" min="60" prop:value=move || draft.refresh_ttl.get()
                        on:input=move |ev| draft.refresh_ttl.set(event_target_value(&ev))/>
                    <div class="checkbox"><input id="app-consent" type="checkbox" prop:checked=move || draft.consent_required.get()
                        on:change=move |ev| draft.consent_required.set(event_target_checked(&ev))/>
                        <label for="app-consent">{t(console::ASK_CONSENT)}</label></div>
                </fieldset>
                {form.banner()}
                {field_problems}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || form.pending.get()>
                        {move || if draft.editing.with(Option::is_some) { t(console::SAVE_CHANGES) } else { t(console::ADD_APPLICATION) }}
                    </button>
                    <Show when=move || draft.editing.with(Option::is_some)>
                        <button type="button" class="secondary" on:click=move |_| {
                            form.problem.set(None);
                            draft.clear();
                        }>{t(console::CANCEL)}</button>
                    </Show>
                </div>
            </form>
        </div>
    }
}

/// Move the keyboard (and a screen reader) to the form that was just filled.
fn focus_form() {
    use wasm_bindgen::JsCast;
    if let Some(heading) = document()
        .get_element_by_id("app-form-heading")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = heading.focus();
    }
}
