//! OAuth 2.0 and OpenID Connect rules without I/O (docs/oidc.md): what an
//! authorization request must hold and which of its faults may go back to
//! the application, PKCE, scopes, and what `prompt`, `max_age` and
//! `acr_values` demand of the user's sign-in.

use std::collections::BTreeSet;

use base64::Engine as _;
use iam_shared::i18n::{problems, Msg};
use sha2::{Digest, Sha256};

/// The scopes this provider knows. `organizations` is the portal's own:
/// the user's organizations, roles, active organization, user type and AUA
/// expiry.
pub const SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "organizations",
    "offline_access",
];

/// Whether `scope` is one this provider knows: a scope of [`SCOPES`], or
/// an API partner's `api:<name>` (lower-case letters, digits, `.`, `_`,
/// `-`), which names what a `client_credentials` token may do.
pub fn is_known_scope(scope: &str) -> bool {
    SCOPES.contains(&scope) || is_api_scope(scope)
}

/// `api:<name>`: a scope for API clients rather than about a user.
pub fn is_api_scope(scope: &str) -> bool {
    scope.strip_prefix("api:").is_some_and(|name| {
        (1..=64).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    })
}

/// The authentication context classes (`acr`): a password (with or
/// without the e-mail code), multi-factor, or phishing-resistant
/// multi-factor (a passkey). `MFA` is what `acr_values` asks for when an
/// application requires a second factor, `PHR` when it requires a passkey;
/// a stronger class meets a weaker demand.
pub const ACR_PASSWORD: &str = "urn:iamonline:acr:password";
pub const ACR_MFA: &str = "urn:iamonline:acr:mfa";
pub const ACR_PHR: &str = "urn:iamonline:acr:phr";
pub const ACR_VALUES: &[&str] = &[ACR_PASSWORD, ACR_MFA, ACR_PHR];

/// How strong an `acr` is, to compare a session's with a demand.
fn acr_rank(acr: &str) -> u8 {
    match acr {
        ACR_PHR => 2,
        ACR_MFA => 1,
        _ => 0,
    }
}

/// Longest `state`, `nonce` or `login_hint` kept (they are stored until
/// the sign-in ends; applications send far less).
pub const MAX_ECHOED_LEN: usize = 512;

/// The query (or form) of an authorization request, as received.
#[derive(Debug, Default, Clone)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub response_mode: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub login_hint: Option<String>,
    pub acr_values: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
    /// Parameters sent more than once (RFC 6749 §3.1 forbids it).
    pub repeated: Vec<String>,
}

impl AuthorizeParams {
    /// Read the decoded pairs of a query or form; unknown names are ignored
    /// (RFC 6749 §3.1).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Self {
        let mut params = Self::default();
        for (name, value) in pairs {
            let slot = match name.as_ref() {
                "response_type" => &mut params.response_type,
                "client_id" => &mut params.client_id,
                "redirect_uri" => &mut params.redirect_uri,
                "scope" => &mut params.scope,
                "state" => &mut params.state,
                "nonce" => &mut params.nonce,
                "code_challenge" => &mut params.code_challenge,
                "code_challenge_method" => &mut params.code_challenge_method,
                "response_mode" => &mut params.response_mode,
                "prompt" => &mut params.prompt,
                "max_age" => &mut params.max_age,
                "login_hint" => &mut params.login_hint,
                "acr_values" => &mut params.acr_values,
                "request" => &mut params.request,
                "request_uri" => &mut params.request_uri,
                _ => continue,
            };
            if slot.is_some() {
                params.repeated.push(name.into_owned());
            } else {
                *slot = Some(value.into_owned());
            }
        }
        params
    }
}

/// What the provider knows of the client when it checks a request.
#[derive(Debug, Clone)]
pub struct ClientPolicy<'a> {
    pub redirect_uris: &'a [String],
    pub scopes: &'a [String],
    pub allows_code_flow: bool,
}

/// A request that passed every check, ready to be kept until the user has
/// signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: String,
    pub prompt: Prompt,
    pub max_age: Option<i64>,
    pub login_hint: Option<String>,
    pub acr_values: Vec<String>,
}

/// The `prompt` values that change what happens (OIDC Core §3.1.2.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    /// `none`: no screen may be shown; answer with an error instead.
    pub none: bool,
    /// `login`: the user signs in again even with a live session.
    pub login: bool,
    /// `consent`: ask again even when consent was given before.
    pub consent: bool,
}

impl Prompt {
    /// The stored form (space-separated, as received).
    pub fn to_stored(self) -> String {
        [
            (self.none, "none"),
            (self.login, "login"),
            (self.consent, "consent"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(" ")
    }

    pub fn from_stored(stored: &str) -> Self {
        let words: BTreeSet<&str> = stored.split_whitespace().collect();
        Self {
            none: words.contains("none"),
            login: words.contains("login"),
            consent: words.contains("consent"),
        }
    }
}

/// Why a request was refused, and where the refusal goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeRefusal {
    /// The client or the redirect URI cannot be trusted: the user is shown
    /// a page and nothing is sent anywhere (RFC 6749 §4.1.2.1).
    ShowPage(PageReason),
    /// Everything else goes back to the (verified) redirect URI.
    Redirect {
        error: &'static str,
        description: &'static str,
    },
}

/// The faults that are shown to the user rather than redirected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageReason {
    UnknownClient,
    BadRedirectUri,
}

fn redirect(error: &'static str, description: &'static str) -> AuthorizeRefusal {
    AuthorizeRefusal::Redirect { error, description }
}

/// Words of a space-separated parameter, without repeats, in order.
pub fn words(value: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    value
        .split(' ')
        .filter(|w| !w.is_empty() && seen.insert(*w))
        .map(str::to_owned)
        .collect()
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Check the redirect URI first (exact match against the registered ones;
/// no request may be redirected before this holds), then everything else.
pub fn check_authorization(
    params: &AuthorizeParams,
    client: Option<&ClientPolicy<'_>>,
) -> Result<ValidRequest, AuthorizeRefusal> {
    let repeated = |name: &str| params.repeated.iter().any(|r| r == name);
    let client_id = present(&params.client_id).filter(|_| !repeated("client_id"));
    let client = match (client_id, client) {
        (Some(_), Some(client)) => client,
        _ => return Err(AuthorizeRefusal::ShowPage(PageReason::UnknownClient)),
    };
    let redirect_uri = present(&params.redirect_uri)
        .filter(|uri| !repeated("redirect_uri") && client.redirect_uris.iter().any(|r| r == uri))
        .ok_or(AuthorizeRefusal::ShowPage(PageReason::BadRedirectUri))?;
    if !params.repeated.is_empty() {
        return Err(redirect(
            "invalid_request",
            "A parameter was sent more than once.",
        ));
    }

    if params.request.is_some() {
        return Err(redirect(
            "request_not_supported",
            "Request objects are not supported.",
        ));
    }
    if params.request_uri.is_some() {
        return Err(redirect(
            "request_uri_not_supported",
            "request_uri is not supported.",
        ));
    }
    match present(&params.response_mode) {
        None | Some("query") => {}
        Some(_) => {
            return Err(redirect(
                "invalid_request",
                "Only response_mode=query is supported.",
            ))
        }
    }
    match present(&params.response_type) {
        Some("code") => {}
        None => return Err(redirect("invalid_request", "response_type is required.")),
        Some(_) => {
            return Err(redirect(
                "unsupported_response_type",
                "Only the authorization code flow (response_type=code) is supported.",
            ))
        }
    }
    if !client.allows_code_flow {
        return Err(redirect(
            "unauthorized_client",
            "This client may not use the authorization code flow.",
        ));
    }
    let scope = words(present(&params.scope).unwrap_or_default());
    if scope.is_empty() {
        return Err(redirect("invalid_scope", "scope is required."));
    }
    if scope
        .iter()
        .any(|s| !is_known_scope(s) || !client.scopes.contains(s))
    {
        return Err(redirect(
            "invalid_scope",
            "A requested scope is unknown or not allowed for this client.",
        ));
    }
    let code_challenge = check_pkce(params)?;
    let prompt = check_prompt(present(&params.prompt))?;
    let max_age =
        match present(&params.max_age) {
            None => None,
            Some(text) => Some(text.parse::<i64>().ok().filter(|age| *age >= 0).ok_or(
                redirect(
                    "invalid_request",
                    "max_age must be a whole number of seconds.",
                ),
            )?),
        };
    // Requested `acr` values are voluntary (OIDC Core §5.5.1.1): the ones
    // this provider does not know are dropped, not kept.
    let mut acr_values = words(present(&params.acr_values).unwrap_or_default());
    acr_values.retain(|v| ACR_VALUES.contains(&v.as_str()));
    for echoed in [&params.state, &params.nonce, &params.login_hint] {
        if echoed
            .as_ref()
            .is_some_and(|v| v.len() > MAX_ECHOED_LEN || v.chars().any(char::is_control))
        {
            return Err(redirect(
                "invalid_request",
                "state, nonce or login_hint is too long or holds control characters.",
            ));
        }
    }
    Ok(ValidRequest {
        client_id: client_id.unwrap_or_default().to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scope,
        state: present(&params.state).map(str::to_owned),
        nonce: present(&params.nonce).map(str::to_owned),
        code_challenge,
        prompt,
        max_age,
        login_hint: present(&params.login_hint).map(str::to_owned),
        acr_values,
    })
}

/// PKCE is required of every client, with S256 only (RFC 9700 §2.1.1):
/// `plain` would hand the verifier to whoever sees the request.
fn check_pkce(params: &AuthorizeParams) -> Result<String, AuthorizeRefusal> {
    let challenge = present(&params.code_challenge).ok_or(redirect(
        "invalid_request",
        "code_challenge is required (PKCE with S256).",
    ))?;
    if present(&params.code_challenge_method) != Some("S256") {
        return Err(redirect(
            "invalid_request",
            "code_challenge_method must be S256.",
        ));
    }
    // A SHA-256 digest in base64url without padding is 43 characters.
    let well_formed = challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(redirect(
            "invalid_request",
            "code_challenge is not an S256 challenge.",
        ));
    }
    Ok(challenge.to_owned())
}

fn check_prompt(value: Option<&str>) -> Result<Prompt, AuthorizeRefusal> {
    let mut prompt = Prompt::default();
    for word in words(value.unwrap_or_default()) {
        match word.as_str() {
            "none" => prompt.none = true,
            "login" => prompt.login = true,
            "consent" => prompt.consent = true,
            // One account per session: choosing one is signing in.
            "select_account" => prompt.login = true,
            _ => return Err(redirect("invalid_request", "prompt has an unknown value.")),
        }
    }
    if prompt.none && (prompt.login || prompt.consent) {
        return Err(redirect(
            "invalid_request",
            "prompt=none cannot be combined with other values.",
        ));
    }
    Ok(prompt)
}

/// Whether `verifier` answers `challenge` (RFC 7636 §4.6), in constant time.
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    // RFC 7636 §4.1: 43 to 128 unreserved characters.
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed {
        return false;
    }
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    crate::crypto::constant_time_eq(&computed, challenge)
}

/// What a sign-in must satisfy before a code is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInDemand {
    /// The live session will do.
    Satisfied,
    /// The user must sign in (again).
    SignIn,
    /// A second factor is required and this account has none to offer.
    Unmet,
}

/// Judge the session against `prompt=login`, `max_age` and `acr_values`.
/// `authenticated_secs_ago` is how long ago the user last proved who they
/// are in this session; `request_age_secs` how long ago the request came
/// (a sign-in after it answers `prompt=login`).
pub fn sign_in_demand(
    request: &ValidRequest,
    authenticated_secs_ago: Option<i64>,
    request_age_secs: i64,
    session_acr: &str,
) -> SignInDemand {
    let Some(ago) = authenticated_secs_ago else {
        return SignInDemand::SignIn;
    };
    if request.prompt.login && ago > request_age_secs {
        return SignInDemand::SignIn;
    }
    if request.max_age.is_some_and(|max| ago > max) {
        return SignInDemand::SignIn;
    }
    // `acr_values` is a list of what would do: the weakest one listed
    // that is known decides.
    let demanded = request
        .acr_values
        .iter()
        .filter(|v| ACR_VALUES.contains(&v.as_str()))
        .map(|v| acr_rank(v))
        .min();
    if demanded.is_some_and(|rank| acr_rank(session_acr) < rank) {
        return SignInDemand::Unmet;
    }
    SignInDemand::Satisfied
}

iam_shared::wire_enum! {
    /// The signature algorithms of ID tokens (JOSE names).
    IdTokenAlg {
        Rs256 = "RS256",
        EdDsa = "EdDSA",
    }
}

/// `at_hash` (OIDC Core §3.1.3.6): the left half of the hash of the access
/// token, base64url, with the hash of the ID token's signature algorithm:
/// SHA-256 for RS256; SHA-512 for EdDSA over Ed25519 (the hash Ed25519
/// signs with, as other providers and client libraries take it).
pub fn at_hash(alg: IdTokenAlg, access_token: &str) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    match alg {
        IdTokenAlg::Rs256 => engine.encode(&Sha256::digest(access_token.as_bytes())[..16]),
        IdTokenAlg::EdDsa => engine.encode(&sha2::Sha512::digest(access_token.as_bytes())[..32]),
    }
}

/// Why a URI cannot be registered for a client: a text naming it `{uri}`.
pub fn check_client_uri(uri: &str) -> Result<(), Msg> {
    // The URL parser drops tabs and line breaks and reads `\\` as `/`: what
    // was checked must be what is stored and matched, byte for byte.
    if uri
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(problems::URI_HAS_SPACES);
    }
    let parsed = url::Url::parse(uri).map_err(|_| problems::URI_NOT_ABSOLUTE)?;
    if parsed.fragment().is_some() {
        return Err(problems::URI_HAS_FRAGMENT);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(problems::URI_HAS_CREDENTIALS);
    }
    let loopback = matches!(
        parsed.host(),
        Some(url::Host::Ipv4(ip)) if ip.is_loopback()
    ) || matches!(parsed.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || parsed.host_str() == Some("localhost");
    match parsed.scheme() {
        "https" => Ok(()),
        // RFC 8252 §7.3: native apps (and development) on the loopback.
        "http" if loopback => Ok(()),
        _ => Err(problems::URI_NOT_HTTPS),
    }
}

/// Who may use an application (docs/oidc.md): each list, space-separated,
/// binds only when set; a role and an organization code must hold in the
/// same membership.
pub struct UseRules<'a> {
    pub user_types: &'a str,
    pub roles: &'a str,
    pub org_codes: &'a str,
}

impl UseRules<'_> {
    /// Whether these rules need the user's memberships to decide.
    pub fn look_at_memberships(&self) -> bool {
        !self.roles.trim().is_empty() || !self.org_codes.trim().is_empty()
    }

    /// `memberships`: (organization code, role) pairs.
    pub fn admit(&self, user_type: &str, memberships: &[(&str, &str)]) -> bool {
        let listed = |list: &str, value: &str| list.split_whitespace().any(|v| v == value);
        let open = |list: &str| list.trim().is_empty();
        if !open(self.user_types) && !listed(self.user_types, user_type) {
            return false;
        }
        if !self.look_at_memberships() {
            return true;
        }
        memberships.iter().any(|(org, role)| {
            (open(self.roles) || listed(self.roles, role))
                && (open(self.org_codes) || listed(self.org_codes, org))
        })
    }
}

/// Whether what the user allowed a client before (`allowed`,
/// space-separated) covers every scope it asks for now.
pub fn consent_covers(allowed: &str, requested: &[String]) -> bool {
    let allowed: BTreeSet<&str> = allowed.split_whitespace().collect();
    requested.iter().all(|s| allowed.contains(s.as_str()))
}

/// What to remember after the user allows `requested`: what was allowed
/// before and what is allowed now.
pub fn widened_consent(allowed: Option<&str>, requested: &[String]) -> String {
    let mut scopes: BTreeSet<&str> = allowed.unwrap_or_default().split_whitespace().collect();
    scopes.extend(requested.iter().map(String::as_str));
    scopes.into_iter().collect::<Vec<_>>().join(" ")
}

/// The address a dashboard tile opens for an application that starts its
/// own sign-in (OIDC Core §4, third-party-initiated login): its initiate-login
/// URI with the issuer and, when the catalogue has one, where to land.
pub fn initiate_login_url(
    initiate_login_uri: &str,
    issuer: &str,
    target_link_uri: Option<&str>,
) -> Option<String> {
    let mut url = url::Url::parse(initiate_login_uri).ok()?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("iss", issuer);
        if let Some(target) = target_link_uri {
            query.append_pair("target_link_uri", target);
        }
    }
    Some(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn client_uris() -> (Vec<String>, Vec<String>) {
        (
            vec!["https://app.example/callback".into()],
            vec!["openid".into(), "profile".into(), "email".into()],
        )
    }

    fn params() -> AuthorizeParams {
        AuthorizeParams {
            response_type: Some("code".into()),
            client_id: Some("app".into()),
            redirect_uri: Some("https://app.example/callback".into()),
            scope: Some("openid profile".into()),
            state: Some("s".into()),
            nonce: Some("n".into()),
            code_challenge: Some(CHALLENGE.into()),
            code_challenge_method: Some("S256".into()),
            ..AuthorizeParams::default()
        }
    }

    fn check(params: &AuthorizeParams) -> Result<ValidRequest, AuthorizeRefusal> {
        let (redirect_uris, scopes) = client_uris();
        let client = ClientPolicy {
            redirect_uris: &redirect_uris,
            scopes: &scopes,
            allows_code_flow: true,
        };
        check_authorization(params, Some(&client))
    }

    fn error_of(params: &AuthorizeParams) -> &'static str {
        match check(params) {
            Err(AuthorizeRefusal::Redirect { error, .. }) => error,
            other => panic!("expected a redirected error, got {other:?}"),
        }
    }

    #[test]
    fn the_rfc_7636_example_verifier_matches_its_challenge() {
        assert!(pkce_matches(VERIFIER, CHALLENGE));
        assert!(!pkce_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX",
            CHALLENGE
        ));
        assert!(!pkce_matches("short", CHALLENGE));
    }

    #[test]
    fn a_good_request_passes_with_its_values() {
        let valid = check(&params()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.scope, vec!["openid", "profile"]);
        assert_eq!(valid.state.as_deref(), Some("s"));
        assert_eq!(valid.prompt, Prompt::default());
    }

    #[test]
    fn an_unknown_client_or_unregistered_redirect_uri_is_a_page_never_a_redirect() {
        let (redirect_uris, scopes) = client_uris();
        let client = ClientPolicy {
            redirect_uris: &redirect_uris,
            scopes: &scopes,
            allows_code_flow: true,
        };
        assert_eq!(
            check_authorization(&params(), None),
            Err(AuthorizeRefusal::ShowPage(PageReason::UnknownClient))
        );
        for uri in [
            "https://app.example/callback/",
            "https://app.example/callback?x=1",
            "https://evil.example/callback",
            "",
        ] {
            let mut p = params();
            p.redirect_uri = Some(uri.into());
            // Even with another fault, the redirect URI is judged first.
            p.response_type = Some("token".into());
            assert_eq!(
                check_authorization(&p, Some(&client)),
                Err(AuthorizeRefusal::ShowPage(PageReason::BadRedirectUri)),
                "{uri}"
            );
        }
    }

    #[test]
    fn parameters_sent_twice_are_refused_and_a_repeated_redirect_uri_is_never_followed() {
        let pairs = |extra: (&'static str, &'static str)| {
            AuthorizeParams::from_pairs(
                [
                    ("response_type", "code"),
                    ("client_id", "app"),
                    ("redirect_uri", "https://app.example/callback"),
                    ("scope", "openid"),
                    ("code_challenge", CHALLENGE),
                    ("code_challenge_method", "S256"),
                    ("unknown", "ignored"),
                    extra,
                ]
                .map(|(n, v)| (n.into(), v.into())),
            )
        };
        assert!(check(&pairs(("unknown", "again"))).is_ok());
        assert_eq!(
            error_of(&pairs(("scope", "openid profile"))),
            "invalid_request"
        );
        assert_eq!(
            check(&pairs(("redirect_uri", "https://evil.example/"))),
            Err(AuthorizeRefusal::ShowPage(PageReason::BadRedirectUri))
        );
    }

    #[test]
    fn pkce_is_required_with_s256_only() {
        let mut p = params();
        p.code_challenge = None;
        assert_eq!(error_of(&p), "invalid_request");
        let mut p = params();
        p.code_challenge_method = Some("plain".into());
        assert_eq!(error_of(&p), "invalid_request");
        let mut p = params();
        p.code_challenge_method = None;
        assert_eq!(
            error_of(&p),
            "invalid_request",
            "absent means plain (RFC 7636 §4.3)"
        );
        let mut p = params();
        p.code_challenge = Some("too-short".into());
        assert_eq!(error_of(&p), "invalid_request");
    }

    #[test]
    fn other_faults_go_back_with_their_oauth_error() {
        let mut p = params();
        p.response_type = Some("token".into());
        assert_eq!(error_of(&p), "unsupported_response_type");
        let mut p = params();
        p.scope = Some("openid admin".into());
        assert_eq!(error_of(&p), "invalid_scope");
        let mut p = params();
        p.scope = Some("openid organizations".into());
        assert_eq!(
            error_of(&p),
            "invalid_scope",
            "known, but not allowed for this client"
        );
        let mut p = params();
        p.prompt = Some("none login".into());
        assert_eq!(error_of(&p), "invalid_request");
        let mut p = params();
        p.max_age = Some("-1".into());
        assert_eq!(error_of(&p), "invalid_request");
        let mut p = params();
        p.response_mode = Some("fragment".into());
        assert_eq!(error_of(&p), "invalid_request");
        let mut p = params();
        p.request = Some("eyJ...".into());
        assert_eq!(error_of(&p), "request_not_supported");
        let mut p = params();
        p.nonce = Some("n".repeat(MAX_ECHOED_LEN + 1));
        assert_eq!(error_of(&p), "invalid_request");
    }

    #[test]
    fn the_session_is_judged_against_prompt_max_age_and_acr() {
        let mut request = check(&params()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            sign_in_demand(&request, None, 0, ACR_PASSWORD),
            SignInDemand::SignIn
        );
        assert_eq!(
            sign_in_demand(&request, Some(86_400), 0, ACR_PASSWORD),
            SignInDemand::Satisfied
        );

        request.prompt.login = true;
        assert_eq!(
            sign_in_demand(&request, Some(120), 60, ACR_PASSWORD),
            SignInDemand::SignIn
        );
        assert_eq!(
            sign_in_demand(&request, Some(30), 60, ACR_PASSWORD),
            SignInDemand::Satisfied,
            "signed in after the request came"
        );

        request.prompt.login = false;
        request.max_age = Some(300);
        assert_eq!(
            sign_in_demand(&request, Some(301), 0, ACR_PASSWORD),
            SignInDemand::SignIn
        );
        assert_eq!(
            sign_in_demand(&request, Some(299), 0, ACR_PASSWORD),
            SignInDemand::Satisfied
        );

        request.max_age = None;
        request.acr_values = vec![ACR_MFA.into()];
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_PASSWORD),
            SignInDemand::Unmet
        );
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_MFA),
            SignInDemand::Satisfied
        );
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_PHR),
            SignInDemand::Satisfied
        );

        request.acr_values = vec![ACR_PHR.into()];
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_MFA),
            SignInDemand::Unmet
        );
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_PHR),
            SignInDemand::Satisfied
        );
        // Either would do: the weaker one decides.
        request.acr_values = vec![ACR_PHR.into(), ACR_MFA.into()];
        assert_eq!(
            sign_in_demand(&request, Some(1), 0, ACR_MFA),
            SignInDemand::Satisfied
        );
    }

    #[test]
    fn client_uris_are_https_or_loopback_without_fragment_or_credentials() {
        for good in [
            "https://vaos.example/cb",
            "https://a.example/cb?x=1",
            "http://127.0.0.1:8081/cb",
            "http://localhost/cb",
            "http://[::1]:9/cb",
        ] {
            assert_eq!(check_client_uri(good), Ok(()), "{good}");
        }
        for bad in [
            "http://vaos.example/cb",
            "https://a.example/cb#x",
            "https://u:p@a.example/",
            "/cb",
            "javascript:alert(1)",
            "ftp://a.example/",
            // Stored one per line: a line break would smuggle in a second.
            "https://rp.example/cb\nhttp://evil.example/cb",
            "https://rp.example/cb\thttp://x",
            "https://rp.example/\\evil.example",
            "https://rp.example/c b",
        ] {
            assert!(check_client_uri(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn api_scopes_are_named_under_api_colon() {
        for good in ["api:registry.read", "api:reports-2026", "openid"] {
            assert!(is_known_scope(good), "{good}");
        }
        for bad in ["api:", "api:UPPER", "api:a b", "admin", "api:x/y"] {
            assert!(!is_known_scope(bad), "{bad}");
        }
    }

    #[test]
    fn prompt_round_trips_through_its_stored_form() {
        let prompt = Prompt {
            none: false,
            login: true,
            consent: true,
        };
        assert_eq!(Prompt::from_stored(&prompt.to_stored()), prompt);
        assert_eq!(Prompt::default().to_stored(), "");
    }

    #[test]
    fn at_hash_is_the_left_half_of_the_algorithms_hash() {
        // OIDC Core's example token and its at_hash (A.3/A.4 of the spec use
        // RS256, whose hash is SHA-256).
        assert_eq!(
            at_hash(
                IdTokenAlg::Rs256,
                "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
            ),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
        assert_eq!(
            at_hash(IdTokenAlg::EdDsa, "x").len(),
            43,
            "32 bytes of SHA-512"
        );
    }

    #[test]
    fn use_rules_bind_only_when_set_and_role_and_org_hold_in_one_membership() {
        let open = UseRules {
            user_types: "",
            roles: "",
            org_codes: "",
        };
        assert!(open.admit("external", &[]));
        let internal = UseRules {
            user_types: "internal",
            roles: "",
            org_codes: "",
        };
        assert!(internal.admit("internal", &[]));
        assert!(!internal.admit("external", &[("12345", "admin")]));
        let poc_of_12345 = UseRules {
            user_types: "",
            roles: "poc admin",
            org_codes: "12345",
        };
        assert!(poc_of_12345.admit("external", &[("12345", "poc")]));
        assert!(!poc_of_12345.admit("external", &[("12345", "user"), ("67890", "poc")]));
        assert!(!poc_of_12345.admit("external", &[]));
    }

    #[test]
    fn an_initiate_login_url_carries_the_issuer_and_the_target() {
        let url = initiate_login_url(
            "https://vaos.example/login?from=portal",
            "https://iam.example",
            Some("https://vaos.example/home"),
        );
        assert_eq!(
            url.as_deref(),
            Some("https://vaos.example/login?from=portal&iss=https%3A%2F%2Fiam.example&target_link_uri=https%3A%2F%2Fvaos.example%2Fhome")
        );
        assert_eq!(
            initiate_login_url("not a url", "https://iam.example", None),
            None
        );
    }

    #[test]
    fn a_consent_covers_only_what_was_allowed_and_widens_by_what_is_allowed_next() {
        let asked = |s: &[&str]| s.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        assert!(consent_covers("openid profile", &asked(&["openid"])));
        assert!(!consent_covers(
            "openid profile",
            &asked(&["openid", "email"])
        ));
        assert!(!consent_covers("", &asked(&["openid"])));
        assert_eq!(
            widened_consent(Some("openid profile"), &asked(&["email", "openid"])),
            "email openid profile"
        );
        assert_eq!(widened_consent(None, &asked(&["openid"])), "openid");
    }
}
