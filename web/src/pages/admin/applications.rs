//! The application catalogue (admins): each tile with who may use it and
//! its OpenID Connect client; add an application, disable or enable its
//! client, give it a new secret. A secret is shown once, when it is made.

use iam_shared::dto::applications::{ApplicationListResponse, ApplicationView, ClientSettings};
use iam_shared::types::{ClientAuthMethod, ClientType, MembershipRole};
use leptos::prelude::*;

use super::ConsoleNav;
use crate::api;
use crate::components::Submission;
use crate::flow::use_flow;

fn who_may_use(app: &ApplicationView) -> String {
    let mut rules = Vec::new();
    if !app.allowed_user_types.is_empty() {
        let types: Vec<&str> = app.allowed_user_types.iter().map(|t| t.as_str()).collect();
        rules.push(format!("user types {}", types.join(", ")));
    }
    if !app.allowed_roles.is_empty() {
        let roles: Vec<&str> = app.allowed_roles.iter().map(|r| r.as_str()).collect();
        rules.push(format!("roles {}", roles.join(", ")));
    }
    if !app.allowed_org_codes.is_empty() {
        rules.push(format!(
            "organizations {}",
            app.allowed_org_codes.join(", ")
        ));
    }
    if rules.is_empty() {
        "Everyone".to_owned()
    } else {
        rules.join("; ")
    }
}

fn client_line(client: &Option<ClientSettings>) -> String {
    match client {
        None => "No client: a plain link".to_owned(),
        Some(c) => format!(
            "{} ({}){}{}",
            c.client_type.as_str(),
            c.auth_method.as_str(),
            if c.consent_required {
                ", asks for consent"
            } else {
                ""
            },
            if c.disabled { " — disabled" } else { "" },
        ),
    }
}

/// The form's fields, as typed.
#[derive(Clone, Default)]
struct Draft {
    id: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    group: RwSignal<String>,
    launch_url: RwSignal<String>,
    requires_aua: RwSignal<bool>,
    admins_only: RwSignal<bool>,
    redirect_uri: RwSignal<String>,
    initiate_login_uri: RwSignal<String>,
    public_client: RwSignal<bool>,
    consent_required: RwSignal<bool>,
}

impl Draft {
    fn request(&self) -> ApplicationView {
        let optional = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let public = self.public_client.get_untracked();
        ApplicationView {
            id: self.id.get_untracked().trim().to_owned(),
            name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            group: self.group.get_untracked(),
            launch_url: self.launch_url.get_untracked().trim().to_owned(),
            requires_aua: self.requires_aua.get_untracked(),
            allowed_user_types: Vec::new(),
            allowed_roles: if self.admins_only.get_untracked() {
                vec![MembershipRole::Admin]
            } else {
                Vec::new()
            },
            allowed_org_codes: Vec::new(),
            client: optional(self.redirect_uri.get_untracked()).map(|redirect| ClientSettings {
                client_type: if public {
                    ClientType::Public
                } else {
                    ClientType::Confidential
                },
                auth_method: if public {
                    ClientAuthMethod::None
                } else {
                    ClientAuthMethod::ClientSecretBasic
                },
                redirect_uris: vec![redirect],
                post_logout_redirect_uris: Vec::new(),
                backchannel_logout_uri: None,
                initiate_login_uri: optional(self.initiate_login_uri.get_untracked()),
                scopes: ["openid", "profile", "email", "organizations"]
                    .map(str::to_owned)
                    .to_vec(),
                grant_types: ["authorization_code", "refresh_token"]
                    .map(str::to_owned)
                    .to_vec(),
                id_token_alg: "RS256".to_owned(),
                access_token_ttl_secs: 300,
                refresh_token_ttl_secs: 28_800,
                consent_required: self.consent_required.get_untracked(),
                jwks: None,
                disabled: false,
            }),
        }
    }
}

/// The catalogue, and a form to add to it.
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
    let saved = move |answer: iam_shared::dto::applications::ApplicationSavedResponse| {
        if let Some(s) = answer.client_secret {
            secret.set(Some((answer.application.name.clone(), s)));
        }
        reload();
    };
    let draft = Draft::default();
    draft.group.set("my_apps".to_owned());
    let added = {
        let draft = draft.clone();
        move |answer: iam_shared::dto::applications::ApplicationSavedResponse| {
            for field in [
                draft.id,
                draft.name,
                draft.description,
                draft.launch_url,
                draft.redirect_uri,
                draft.initiate_login_uri,
            ] {
                field.set(String::new());
            }
            for flag in [
                draft.requires_aua,
                draft.admins_only,
                draft.public_client,
                draft.consent_required,
            ] {
                flag.set(false);
            }
            saved(answer);
        }
    };
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
    let add = Submission::new();
    let submit = {
        let draft = draft.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            secret.set(None);
            let request = draft.request();
            add.run(
                async move {
                    flow.authorized(|t| api::admin_save_application(t, false, request.clone()))
                        .await
                },
                added.clone(),
                |_| {},
            );
        }
    };
    let field_problems = move || {
        add.problem
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
    view! {
        <div class="card wide">
            <h1>"Applications"</h1>
            <ConsoleNav/>
            <p class="muted">"The tiles of the dashboard and the OpenID Connect clients behind them. Changes apply at once and are kept in the audit trail."</p>
            {load.banner()}
            {act.banner()}
            {move || secret.get().map(|(name, s)| view! {
                <div class="success" role="status">
                    <p>{format!("The client secret of {name}. Copy it now: it is not shown again.")}</p>
                    <p><code>{s}</code></p>
                </div>
            })}
            {move || match catalogue.get() {
                None => view! { <p role="status">"Loading…"</p> }.into_any(),
                Some(list) => view! {
                    <table>
                        <caption class="visually-hidden">"The application catalogue"</caption>
                        <thead><tr>
                            <th scope="col">"Application"</th><th scope="col">"Who may use it"</th>
                            <th scope="col">"AUA"</th><th scope="col">"Client"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>{list.applications.into_iter().map(|app| {
                            let (toggle_app, rotate_id) = (app.clone(), app.id.clone());
                            let disabled = app.client.as_ref().map(|c| c.disabled);
                            let has_secret = app.client.as_ref().is_some_and(|c| {
                                !c.disabled && c.client_type == ClientType::Confidential
                                    && c.auth_method != ClientAuthMethod::PrivateKeyJwt
                            });
                            view! {
                                <tr>
                                    <td><strong>{app.name.clone()}</strong><br/><code>{app.id.clone()}</code></td>
                                    <td>{who_may_use(&app)}</td>
                                    <td>{if app.requires_aua { "Required" } else { "—" }}</td>
                                    <td>{client_line(&app.client)}</td>
                                    <td>
                                        {disabled.map(|off| {
                                            let label = if off { "Enable client" } else { "Disable client" };
                                            let app = toggle_app.clone();
                                            view! {
                                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                                    aria-label=format!("{label} of {}", app.name)
                                                    on:click=move |_| set_disabled(app.clone(), !off)>{label}</button>
                                            }
                                        })}
                                        {has_secret.then(|| {
                                            let id = rotate_id.clone();
                                            view! {
                                                <button type="button" class="secondary" disabled=move || act.pending.get()
                                                    aria-label=format!("New secret for {}", app.name)
                                                    on:click=move |_| rotate(id.clone())>"New secret"</button>
                                            }
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
            <h2>"Add an application"</h2>
            <form on:submit=submit>
                <label for="app-id">"Id (also the client id)"</label>
                <input id="app-id" type="text" autocomplete="off" required prop:value=move || draft.id.get()
                    on:input=move |ev| draft.id.set(event_target_value(&ev))/>
                <label for="app-name">"Name"</label>
                <input id="app-name" type="text" autocomplete="off" required prop:value=move || draft.name.get()
                    on:input=move |ev| draft.name.set(event_target_value(&ev))/>
                <label for="app-description">"Description"</label>
                <input id="app-description" type="text" autocomplete="off" prop:value=move || draft.description.get()
                    on:input=move |ev| draft.description.set(event_target_value(&ev))/>
                <label for="app-group">"Dashboard section"</label>
                <select id="app-group" on:change=move |ev| draft.group.set(event_target_value(&ev))>
                    <option value="my_apps">"My Apps"</option>
                    <option value="my_applications">"My Applications"</option>
                </select>
                <label for="app-launch">"Launch address"</label>
                <input id="app-launch" type="url" autocomplete="off" required placeholder="https://app.example.gov/" prop:value=move || draft.launch_url.get()
                    on:input=move |ev| draft.launch_url.set(event_target_value(&ev))/>
                <div class="checkbox"><input id="app-aua" type="checkbox" prop:checked=move || draft.requires_aua.get()
                    on:change=move |ev| draft.requires_aua.set(event_target_checked(&ev))/>
                    <label for="app-aua">"Requires a signed Acceptable Use Agreement"</label></div>
                <div class="checkbox"><input id="app-admins" type="checkbox" prop:checked=move || draft.admins_only.get()
                    on:change=move |ev| draft.admins_only.set(event_target_checked(&ev))/>
                    <label for="app-admins">"Administrators only"</label></div>
                <h3>"Single sign-on (optional)"</h3>
                <label for="app-redirect">"Redirect URI (leave empty for a plain link)"</label>
                <input id="app-redirect" type="url" autocomplete="off" placeholder="https://app.example.gov/callback" prop:value=move || draft.redirect_uri.get()
                    on:input=move |ev| draft.redirect_uri.set(event_target_value(&ev))/>
                <label for="app-initiate">"Initiate-login URI (where a tile starts its sign-in)"</label>
                <input id="app-initiate" type="url" autocomplete="off" prop:value=move || draft.initiate_login_uri.get()
                    on:input=move |ev| draft.initiate_login_uri.set(event_target_value(&ev))/>
                <div class="checkbox"><input id="app-public" type="checkbox" prop:checked=move || draft.public_client.get()
                    on:change=move |ev| draft.public_client.set(event_target_checked(&ev))/>
                    <label for="app-public">"Public client (a browser or mobile app without a secret)"</label></div>
                <div class="checkbox"><input id="app-consent" type="checkbox" prop:checked=move || draft.consent_required.get()
                    on:change=move |ev| draft.consent_required.set(event_target_checked(&ev))/>
                    <label for="app-consent">"Not the agency's: ask users for consent"</label></div>
                {add.banner()}
                {field_problems}
                <button type="submit" class="primary" disabled=move || add.pending.get()>"Add application"</button>
            </form>
        </div>
    }
}
