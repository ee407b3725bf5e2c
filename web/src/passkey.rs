//! The browser's half of a passkey ceremony: the server's options (JSON,
//! binary members in base64url) become the `publicKey` dictionary of
//! `navigator.credentials.create()` / `.get()`, and the credential the
//! browser returns becomes JSON again for the server. The options and the
//! credential stay JavaScript objects from the API's answer to its next
//! request (`api::post_js`): they are opaque to the app, and serde_json's
//! `Value` would add some 17 KB to the sign-in page. The shapes are
//! `iam_shared::dto::authenticators`' `PasskeyCeremony` and its requests.
//! No WebAuthn binding either (`Reflect`); base64 is the browser's own
//! (`atob`/`btoa`).

use iam_shared::dto::authenticators::AuthenticatorView;
use iam_shared::dto::signin::SigninStepResponse;
use iam_shared::i18n::{common, signin};
use iam_shared::{ErrorCode, Problem};
use js_sys::{Array, Function, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::i18n::t;

/// Can this browser use passkeys at all?
pub fn supported() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"PublicKeyCredential".into()).ok())
        .is_some_and(|v| !v.is_undefined())
}

fn failure(detail: &str) -> Problem {
    Problem::new(ErrorCode::Conflict, detail)
}

/// What the browser's refusal means to the user.
fn refusal(error: &JsValue) -> Problem {
    let name = Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    failure(t(match name.as_str() {
        // Cancelled, timed out, or no passkey for this site on the device.
        "NotAllowedError" | "AbortError" => common::PASSKEY_CANCELLED,
        // `excludeCredentials`: this device already holds one.
        "InvalidStateError" => common::PASSKEY_ALREADY_HERE,
        "SecurityError" => common::PASSKEY_WRONG_ADDRESS,
        _ => common::PASSKEY_FAILED,
    }))
}

fn bytes_of_base64url(text: &str) -> Option<Vec<u8>> {
    let mut standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while standard.len() % 4 != 0 {
        standard.push('=');
    }
    let binary = web_sys::window()?.atob(&standard).ok()?;
    binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

fn base64url_of(bytes: &[u8]) -> String {
    let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
    let standard = web_sys::window()
        .and_then(|w| w.btoa(&binary).ok())
        .unwrap_or_default();
    standard
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect()
}

/// Replace the base64url text at `key` of `object` with its bytes.
fn decode_member(object: &JsValue, key: &str) -> Option<()> {
    let text = Reflect::get(object, &key.into()).ok()?.as_string()?;
    let bytes = bytes_of_base64url(&text)?;
    Reflect::set(object, &key.into(), &Uint8Array::from(bytes.as_slice())).ok()?;
    Some(())
}

/// The ids of a credential list (`excludeCredentials`, `allowCredentials`).
fn decode_list(public_key: &JsValue, key: &str) -> Option<()> {
    let list = Reflect::get(public_key, &key.into()).ok()?;
    if list.is_undefined() || list.is_null() {
        return Some(());
    }
    for entry in Array::from(&list).iter() {
        decode_member(&entry, "id")?;
    }
    Some(())
}

/// The server's options as the browser takes them (a copy: a second try
/// starts from the server's text again).
fn browser_options(options: &JsValue, creating: bool) -> Option<Object> {
    let parsed = JSON::parse(&String::from(JSON::stringify(options).ok()?)).ok()?;
    let public_key = Reflect::get(&parsed, &"publicKey".into()).ok()?;
    decode_member(&public_key, "challenge")?;
    if creating {
        let user = Reflect::get(&public_key, &"user".into()).ok()?;
        decode_member(&user, "id")?;
        decode_list(&public_key, "excludeCredentials")?;
    } else {
        decode_list(&public_key, "allowCredentials")?;
    }
    parsed.dyn_into::<Object>().ok()
}

fn member_bytes(object: &JsValue, key: &str) -> Option<JsValue> {
    let value = Reflect::get(object, &key.into()).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(base64url_of(&Uint8Array::new(&value).to_vec()).into())
}

/// An object with these members.
fn object(members: &[(&str, JsValue)]) -> Option<JsValue> {
    let object = Object::new();
    for (key, value) in members {
        Reflect::set(&object, &(*key).into(), value).ok()?;
    }
    Some(object.into())
}

/// The credential the browser returned, as the server reads it.
fn credential_json(credential: &JsValue, creating: bool) -> Option<JsValue> {
    let id = Reflect::get(credential, &"id".into()).ok()?;
    let raw_id = member_bytes(credential, "rawId")?;
    let response = Reflect::get(credential, &"response".into()).ok()?;
    let client_data = member_bytes(&response, "clientDataJSON")?;
    let body = if creating {
        let transports = Reflect::get(&response, &"getTransports".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&response).ok())
            .unwrap_or_else(|| Array::new().into());
        object(&[
            (
                "attestationObject",
                member_bytes(&response, "attestationObject")?,
            ),
            ("clientDataJSON", client_data),
            ("transports", transports),
        ])?
    } else {
        object(&[
            (
                "authenticatorData",
                member_bytes(&response, "authenticatorData")?,
            ),
            ("clientDataJSON", client_data),
            ("signature", member_bytes(&response, "signature")?),
            (
                "userHandle",
                member_bytes(&response, "userHandle").unwrap_or(JsValue::NULL),
            ),
        ])?
    };
    object(&[
        ("id", id),
        ("rawId", raw_id),
        ("type", "public-key".into()),
        ("response", body),
        ("clientExtensionResults", Object::new().into()),
    ])
}

async fn run_ceremony(options: &JsValue, creating: bool) -> Result<JsValue, Problem> {
    let options = browser_options(options, creating).ok_or_else(unreadable)?;
    let container = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"navigator".into()).ok())
        .and_then(|navigator| Reflect::get(&navigator, &"credentials".into()).ok())
        .filter(|c| !c.is_undefined())
        .ok_or_else(unsupported)?;
    let method = if creating { "create" } else { "get" };
    let call = Reflect::get(&container, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(unsupported)?;
    let promise = call
        .call1(&container, &options)
        .map_err(|e| refusal(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| unreadable())?;
    let credential = JsFuture::from(promise).await.map_err(|e| refusal(&e))?;
    credential_json(&credential, creating).ok_or_else(unreadable)
}

fn member(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// "Sign in with a passkey": no username; the passkey the browser offers
/// names the account and proves both factors.
pub async fn sign_in_without_username(keep_signed_in: bool) -> Result<SigninStepResponse, Problem> {
    let ceremony = api::post_js("/signin/passkey/options", None, &JsValue::NULL).await?;
    let credential = ceremony_of(&ceremony, false).await?;
    let request = object(&[
        ("ceremony_id", member(&ceremony, "id")),
        ("credential", credential),
        ("keep_signed_in", keep_signed_in.into()),
    ])
    .ok_or_else(unreadable)?;
    api::post_js_for("/signin/passkey/verify", None, &request).await
}

/// A passkey as a sign-in's second step, after the password.
pub async fn verify_second_factor(transaction_id: String) -> Result<SigninStepResponse, Problem> {
    let path = format!("/signin/{transaction_id}/passkey");
    let ceremony = api::post_js(&format!("{path}/options"), None, &JsValue::NULL).await?;
    let credential = ceremony_of(&ceremony, false).await?;
    let request = object(&[("credential", credential)]).ok_or_else(unreadable)?;
    api::post_js_for(&format!("{path}/verify"), None, &request).await
}

/// "Set up required": make the passkey the user's policy asks for during
/// the sign-in; it counts as this sign-in's second factor.
pub async fn set_up_during_sign_in(transaction_id: String) -> Result<SigninStepResponse, Problem> {
    let path = format!("/signin/{transaction_id}/passkey/setup");
    let ceremony = api::post_js(&path, None, &JsValue::NULL).await?;
    let credential = ceremony_of(&ceremony, true).await?;
    let request = object(&[
        ("name", t(signin::METHOD_PASSKEY).into()),
        ("credential", credential),
    ])
    .ok_or_else(unreadable)?;
    api::post_js_for(&format!("{path}/verify"), None, &request).await
}

/// Begin adding a passkey (`token`: the access token): the ceremony.
pub async fn begin_setup(token: String) -> Result<JsValue, Problem> {
    api::post_js("/authenticators/passkey", Some(&token), &JsValue::NULL).await
}

/// Let the browser make the passkey the ceremony asks for.
pub async fn make(ceremony: &JsValue) -> Result<JsValue, Problem> {
    ceremony_of(ceremony, true).await
}

/// Keep the passkey the browser made, under `name`.
pub async fn finish_setup(
    token: String,
    ceremony: JsValue,
    name: String,
    credential: JsValue,
) -> Result<AuthenticatorView, Problem> {
    let id = member(&ceremony, "id").as_string().unwrap_or_default();
    let request =
        object(&[("name", name.into()), ("credential", credential)]).ok_or_else(unreadable)?;
    let path = format!("/authenticators/passkey/{}/confirm", api::encode(&id));
    api::post_js_for(&path, Some(&token), &request).await
}

/// The browser's answer to the server's ceremony (`{id, options}`).
async fn ceremony_of(ceremony: &JsValue, creating: bool) -> Result<JsValue, Problem> {
    run_ceremony(&member(ceremony, "options"), creating).await
}

fn unreadable() -> Problem {
    failure(t(common::PASSKEY_UNREADABLE))
}

fn unsupported() -> Problem {
    failure(t(common::PASSKEY_UNSUPPORTED))
}
