//! The OpenID Connect provider's tables (docs/oidc.md): clients, pending
//! authorization requests, grants with their codes and refresh tokens.
//! Only digests of codes, handles and tokens are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iam_shared::types::{ClientAuthMethod, ClientType};

use super::models::ApplicationRow;
use super::schema::{
    applications, oauth_authorization_requests, oauth_clients, oauth_codes, oauth_grants,
    oauth_refresh_tokens, sessions,
};
use super::DbConn;
use crate::domain::oauth::IdTokenAlg;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_clients)]
pub struct ClientRow {
    pub client_id: String,
    pub application_id: Option<String>,
    pub name: String,
    pub client_type: ClientType,
    pub auth_method: ClientAuthMethod,
    pub secret_hash: Option<String>,
    pub jwks: Option<String>,
    /// One per line.
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub backchannel_logout_uri: Option<String>,
    pub initiate_login_uri: Option<String>,
    /// Space-separated.
    pub scopes: String,
    pub grant_types: String,
    pub id_token_alg: IdTokenAlg,
    pub access_token_ttl_secs: i32,
    pub refresh_token_ttl_secs: i32,
    pub consent_required: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

impl ClientRow {
    pub fn redirect_uri_list(&self) -> Vec<String> {
        lines(&self.redirect_uris)
    }

    pub fn scope_list(&self) -> Vec<String> {
        self.scopes.split_whitespace().map(str::to_owned).collect()
    }

    pub fn allows_grant(&self, grant_type: &str) -> bool {
        self.grant_types.split_whitespace().any(|g| g == grant_type)
    }
}

fn lines(stored: &str) -> Vec<String> {
    stored
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn insert_client(conn: &mut DbConn, client: &ClientRow) -> QueryResult<()> {
    diesel::insert_into(oauth_clients::table)
        .values(client)
        .execute(conn)
        .map(|_| ())
}

/// An enabled client and, when it has one, its application.
pub fn find_client(
    conn: &mut DbConn,
    client_id: &str,
) -> QueryResult<Option<(ClientRow, Option<ApplicationRow>)>> {
    if !super::plausible_key(client_id) {
        return Ok(None);
    }
    oauth_clients::table
        .left_join(applications::table)
        .filter(oauth_clients::client_id.eq(client_id))
        .filter(oauth_clients::disabled_at.is_null())
        .select((
            ClientRow::as_select(),
            Option::<ApplicationRow>::as_select(),
        ))
        .first(conn)
        .optional()
}

/// The clients of catalogue entries, disabled ones too (the console shows
/// them).
pub fn clients_of_applications(conn: &mut DbConn) -> QueryResult<Vec<ClientRow>> {
    oauth_clients::table
        .filter(oauth_clients::application_id.is_not_null())
        .select(ClientRow::as_select())
        .load(conn)
}

/// A client, enabled or not.
pub fn find_client_any(conn: &mut DbConn, client_id: &str) -> QueryResult<Option<ClientRow>> {
    if !super::plausible_key(client_id) {
        return Ok(None);
    }
    oauth_clients::table
        .find(client_id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

/// Write a client's settings (not its id, application, secret or birth).
pub fn update_client_settings(conn: &mut DbConn, client: &ClientRow) -> QueryResult<()> {
    diesel::update(oauth_clients::table.find(&client.client_id))
        .set((
            oauth_clients::name.eq(&client.name),
            oauth_clients::client_type.eq(client.client_type),
            oauth_clients::auth_method.eq(client.auth_method),
            oauth_clients::jwks.eq(&client.jwks),
            oauth_clients::redirect_uris.eq(&client.redirect_uris),
            oauth_clients::post_logout_redirect_uris.eq(&client.post_logout_redirect_uris),
            oauth_clients::backchannel_logout_uri.eq(&client.backchannel_logout_uri),
            oauth_clients::initiate_login_uri.eq(&client.initiate_login_uri),
            oauth_clients::scopes.eq(&client.scopes),
            oauth_clients::grant_types.eq(&client.grant_types),
            oauth_clients::id_token_alg.eq(client.id_token_alg),
            oauth_clients::access_token_ttl_secs.eq(client.access_token_ttl_secs),
            oauth_clients::refresh_token_ttl_secs.eq(client.refresh_token_ttl_secs),
            oauth_clients::consent_required.eq(client.consent_required),
            oauth_clients::updated_at.eq(client.updated_at),
            oauth_clients::disabled_at.eq(client.disabled_at),
        ))
        .execute(conn)
        .map(drop)
}

/// (application id, initiate-login URI) of every enabled client that
/// starts its own sign-in from a dashboard tile.
pub fn initiate_login_uris(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    oauth_clients::table
        .filter(oauth_clients::disabled_at.is_null())
        .filter(oauth_clients::application_id.is_not_null())
        .filter(oauth_clients::initiate_login_uri.is_not_null())
        .select((
            oauth_clients::application_id.assume_not_null(),
            oauth_clients::initiate_login_uri.assume_not_null(),
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_authorization_requests)]
pub struct RequestRow {
    pub id_hash: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: String,
    pub prompt: String,
    pub max_age: Option<i32>,
    pub login_hint: Option<String>,
    pub acr_values: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

pub fn insert_request(conn: &mut DbConn, request: &RequestRow) -> QueryResult<()> {
    diesel::insert_into(oauth_authorization_requests::table)
        .values(request)
        .execute(conn)
        .map(|_| ())
}

/// A request still waiting (not expired, not answered).
pub fn find_pending_request(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<RequestRow>> {
    oauth_authorization_requests::table
        .filter(oauth_authorization_requests::id_hash.eq(id_hash))
        .filter(oauth_authorization_requests::expires_at.gt(now))
        .filter(oauth_authorization_requests::completed_at.is_null())
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// Mark a request answered; `false` if another answer came first.
pub fn complete_request(conn: &mut DbConn, id_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        oauth_authorization_requests::table
            .filter(oauth_authorization_requests::id_hash.eq(id_hash))
            .filter(oauth_authorization_requests::completed_at.is_null()),
    )
    .set(oauth_authorization_requests::completed_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_grants)]
pub struct GrantRow {
    pub id: String,
    pub client_id: String,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub scope: String,
    pub nonce: Option<String>,
    pub auth_time: Option<NaiveDateTime>,
    pub amr: String,
    pub acr: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
}

pub fn insert_grant(conn: &mut DbConn, grant: &GrantRow) -> QueryResult<()> {
    diesel::insert_into(oauth_grants::table)
        .values(grant)
        .execute(conn)
        .map(|_| ())
}

/// A grant that is neither revoked nor expired, of an enabled client, whose
/// portal session (if it came from one) has not ended: a logout counts at
/// once, before the back-channel sweep revokes the grant.
pub fn find_live_grant(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<GrantRow>> {
    let live_sessions = sessions::table
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select(sessions::id.nullable());
    let enabled_clients = oauth_clients::table
        .filter(oauth_clients::disabled_at.is_null())
        .select(oauth_clients::client_id);
    oauth_grants::table
        .filter(oauth_grants::id.eq(id))
        .filter(oauth_grants::client_id.eq_any(enabled_clients))
        .filter(oauth_grants::revoked_at.is_null())
        .filter(oauth_grants::expires_at.gt(now))
        .filter(
            oauth_grants::session_id
                .is_null()
                .or(oauth_grants::session_id.eq_any(live_sessions)),
        )
        .select(GrantRow::as_select())
        .first(conn)
        .optional()
}

/// Revoke every live grant of a client (it was disabled, or must now ask
/// for consent): its codes, refresh and access tokens stop at once.
pub fn revoke_grants_of_client(
    conn: &mut DbConn,
    client_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        oauth_grants::table
            .filter(oauth_grants::client_id.eq(client_id))
            .filter(oauth_grants::revoked_at.is_null()),
    )
    .set((
        oauth_grants::revoked_at.eq(Some(now)),
        oauth_grants::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)
}

/// Revoke a grant (and so everything issued under it); `false` if it was
/// revoked already.
pub fn revoke_grant(
    conn: &mut DbConn,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        oauth_grants::table
            .filter(oauth_grants::id.eq(id))
            .filter(oauth_grants::revoked_at.is_null()),
    )
    .set((
        oauth_grants::revoked_at.eq(Some(now)),
        oauth_grants::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_codes)]
pub struct CodeRow {
    pub code_hash: String,
    pub grant_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
}

pub fn insert_code(conn: &mut DbConn, code: &CodeRow) -> QueryResult<()> {
    diesel::insert_into(oauth_codes::table)
        .values(code)
        .execute(conn)
        .map(|_| ())
}

/// What presenting a code found.
#[derive(Debug)]
pub enum CodeUse {
    /// First use: the code is now spent.
    First(CodeRow),
    /// The code was spent before: a replay.
    Replayed(CodeRow),
    Unknown,
}

/// Spend a code of `client_id`: the update that marks it is the one that
/// decides, so two exchanges racing for one code cannot both win. Another
/// client's code is `Unknown` and stays unspent: whoever saw a code must
/// not be able to make its client's exchange look like a replay.
pub fn spend_code(
    conn: &mut DbConn,
    code_hash: &str,
    client_id: &str,
    now: NaiveDateTime,
) -> QueryResult<CodeUse> {
    let Some(row) = oauth_codes::table
        .inner_join(oauth_grants::table)
        .filter(oauth_codes::code_hash.eq(code_hash))
        .filter(oauth_grants::client_id.eq(client_id))
        .select(CodeRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(CodeUse::Unknown);
    };
    let spent = diesel::update(
        oauth_codes::table
            .filter(oauth_codes::code_hash.eq(code_hash))
            .filter(oauth_codes::consumed_at.is_null()),
    )
    .set(oauth_codes::consumed_at.eq(Some(now)))
    .execute(conn)?;
    Ok(if spent == 1 {
        CodeUse::First(row)
    } else {
        CodeUse::Replayed(row)
    })
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_refresh_tokens)]
pub struct RefreshRow {
    pub token_hash: String,
    pub grant_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
}

pub fn insert_refresh_token(conn: &mut DbConn, token: &RefreshRow) -> QueryResult<()> {
    diesel::insert_into(oauth_refresh_tokens::table)
        .values(token)
        .execute(conn)
        .map(|_| ())
}

/// What presenting a refresh token found.
#[derive(Debug)]
pub enum RefreshUse {
    /// Live and now rotated: the caller issues its successor.
    First(RefreshRow),
    /// Rotated before: a stolen copy or a replay.
    Replayed(RefreshRow),
    /// Unknown or expired.
    Unknown,
}

/// Rotate a refresh token of `client_id` (another client's is `Unknown`
/// and stays as it was, as with codes).
pub fn rotate_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
    client_id: &str,
    now: NaiveDateTime,
) -> QueryResult<RefreshUse> {
    let Some(row) = oauth_refresh_tokens::table
        .inner_join(oauth_grants::table)
        .filter(oauth_refresh_tokens::token_hash.eq(token_hash))
        .filter(oauth_grants::client_id.eq(client_id))
        .filter(oauth_refresh_tokens::expires_at.gt(now))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(RefreshUse::Unknown);
    };
    let rotated = diesel::update(
        oauth_refresh_tokens::table
            .filter(oauth_refresh_tokens::token_hash.eq(token_hash))
            .filter(oauth_refresh_tokens::rotated_at.is_null()),
    )
    .set(oauth_refresh_tokens::rotated_at.eq(Some(now)))
    .execute(conn)?;
    Ok(if rotated == 1 {
        RefreshUse::First(row)
    } else {
        RefreshUse::Replayed(row)
    })
}

/// Remove what can no longer be used: requests and codes past their
/// expiry, grants past theirs (their codes and refresh tokens go with
/// them), assertion ids past the assertion's, and back-channel deliveries
/// done before `deliveries_done_before` (kept as long as sent mail).
pub fn purge_expired(
    conn: &mut DbConn,
    now: NaiveDateTime,
    deliveries_done_before: NaiveDateTime,
) -> QueryResult<usize> {
    use super::schema::oauth_logout_requests as logout_requests;
    use super::schema::{oauth_assertion_ids, oauth_logout_deliveries as deliveries};
    let mut purged = diesel::delete(
        oauth_authorization_requests::table
            .filter(oauth_authorization_requests::expires_at.le(now)),
    )
    .execute(conn)?;
    purged += diesel::delete(logout_requests::table.filter(logout_requests::expires_at.le(now)))
        .execute(conn)?;
    purged +=
        diesel::delete(oauth_codes::table.filter(oauth_codes::expires_at.le(now))).execute(conn)?;
    purged += diesel::delete(
        oauth_refresh_tokens::table.filter(oauth_refresh_tokens::expires_at.le(now)),
    )
    .execute(conn)?;
    purged += diesel::delete(oauth_grants::table.filter(oauth_grants::expires_at.le(now)))
        .execute(conn)?;
    purged +=
        diesel::delete(oauth_assertion_ids::table.filter(oauth_assertion_ids::expires_at.le(now)))
            .execute(conn)?;
    purged += diesel::delete(
        deliveries::table
            .filter(deliveries::status.eq_any([DeliveryStatus::Sent, DeliveryStatus::Failed]))
            .filter(deliveries::created_at.le(deliveries_done_before)),
    )
    .execute(conn)?;
    Ok(purged)
}

pub fn set_secret_hash(
    conn: &mut DbConn,
    client_id: &str,
    secret_hash: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(oauth_clients::table.filter(oauth_clients::client_id.eq(client_id)))
        .set((
            oauth_clients::secret_hash.eq(secret_hash),
            oauth_clients::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A refresh token that was not rotated and has not expired.
pub fn find_usable_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<RefreshRow>> {
    oauth_refresh_tokens::table
        .filter(oauth_refresh_tokens::token_hash.eq(token_hash))
        .filter(oauth_refresh_tokens::rotated_at.is_null())
        .filter(oauth_refresh_tokens::expires_at.gt(now))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()
}

/// The client a refresh token was issued to, whatever its state.
pub fn client_of_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<(String, String)>> {
    oauth_refresh_tokens::table
        .inner_join(oauth_grants::table)
        .filter(oauth_refresh_tokens::token_hash.eq(token_hash))
        .select((oauth_grants::id, oauth_grants::client_id))
        .first(conn)
        .optional()
}

/// Remember an assertion id until `expires_at`; `false` if it was seen.
/// Call outside a transaction: the key's unique violation decides a race,
/// and on PostgreSQL a failed statement would end the transaction.
pub fn record_assertion_id(
    conn: &mut DbConn,
    jti_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    use super::schema::oauth_assertion_ids;
    use diesel::result::{DatabaseErrorKind, Error};
    let inserted = diesel::insert_into(oauth_assertion_ids::table)
        .values((
            oauth_assertion_ids::jti_hash.eq(jti_hash),
            oauth_assertion_ids::expires_at.eq(expires_at),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(other) => Err(other),
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = super::schema::oauth_logout_requests)]
pub struct LogoutRequestRow {
    pub id_hash: String,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub session_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

pub fn insert_logout_request(conn: &mut DbConn, request: &LogoutRequestRow) -> QueryResult<()> {
    diesel::insert_into(super::schema::oauth_logout_requests::table)
        .values(request)
        .execute(conn)
        .map(|_| ())
}

/// A logout request still waiting.
pub fn find_pending_logout_request(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LogoutRequestRow>> {
    use super::schema::oauth_logout_requests as requests;
    requests::table
        .filter(requests::id_hash.eq(id_hash))
        .filter(requests::expires_at.gt(now))
        .filter(requests::completed_at.is_null())
        .select(LogoutRequestRow::as_select())
        .first(conn)
        .optional()
}

/// Mark a logout request answered; `false` if it was answered already.
pub fn complete_logout_request(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    use super::schema::oauth_logout_requests as requests;
    diesel::update(
        requests::table
            .filter(requests::id_hash.eq(id_hash))
            .filter(requests::completed_at.is_null()),
    )
    .set(requests::completed_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Grants still live whose portal session has ended: the back-channel
/// sweep revokes them and tells their applications.
pub fn grants_of_ended_sessions(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<GrantRow>> {
    let ended = sessions::table
        .filter(sessions::revoked_at.is_not_null())
        .select(sessions::id.nullable());
    oauth_grants::table
        .filter(oauth_grants::revoked_at.is_null())
        .filter(oauth_grants::session_id.eq_any(ended))
        .order(oauth_grants::created_at.asc())
        .limit(limit)
        .select(GrantRow::as_select())
        .load(conn)
}

iam_shared::wire_enum! {
    /// Where a back-channel logout token stands.
    DeliveryStatus {
        Pending = "pending",
        /// Claimed by a sender until its lease runs out.
        Sending = "sending",
        Sent = "sent",
        /// Given up after the last attempt.
        Failed = "failed",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = super::schema::oauth_logout_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub client_id: String,
    pub uri: String,
    /// The claims of the logout token, without `iat`, `exp` and `jti`:
    /// each attempt signs a fresh token.
    pub claims: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub fn insert_delivery(conn: &mut DbConn, delivery: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(super::schema::oauth_logout_deliveries::table)
        .values(delivery)
        .execute(conn)
        .map(|_| ())
}

/// Deliveries whose time has come (a `sending` one whose lease ran out too).
pub fn due_deliveries(
    conn: &mut DbConn,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    use super::schema::oauth_logout_deliveries as deliveries;
    deliveries::table
        .filter(deliveries::status.eq_any([DeliveryStatus::Pending, DeliveryStatus::Sending]))
        .filter(deliveries::next_attempt_at.le(now))
        .order(deliveries::next_attempt_at.asc())
        .limit(limit)
        .select(DeliveryRow::as_select())
        .load(conn)
}

/// Take a due delivery for one attempt, until `lease_until`; `false` if
/// another sender (another instance) took it first.
pub fn claim_delivery(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    use super::schema::oauth_logout_deliveries as deliveries;
    diesel::update(
        deliveries::table
            .filter(deliveries::id.eq(id))
            .filter(deliveries::status.eq_any([DeliveryStatus::Pending, DeliveryStatus::Sending]))
            .filter(deliveries::next_attempt_at.le(now)),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Sending),
        deliveries::attempts.eq(deliveries::attempts + 1),
        deliveries::next_attempt_at.eq(lease_until),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Record the attempt's outcome: sent, another try at `retry_at`, or
/// (`retry_at` = `None`) given up.
pub fn finish_delivery(
    conn: &mut DbConn,
    id: &str,
    outcome: Result<NaiveDateTime, (&str, Option<NaiveDateTime>)>,
) -> QueryResult<()> {
    use super::schema::oauth_logout_deliveries as deliveries;
    let target = deliveries::table
        .filter(deliveries::id.eq(id))
        .filter(deliveries::status.eq(DeliveryStatus::Sending));
    match outcome {
        Ok(sent_at) => diesel::update(target)
            .set((
                deliveries::status.eq(DeliveryStatus::Sent),
                deliveries::sent_at.eq(Some(sent_at)),
                deliveries::last_error.eq(None::<String>),
            ))
            .execute(conn),
        Err((error, Some(retry_at))) => diesel::update(target)
            .set((
                deliveries::status.eq(DeliveryStatus::Pending),
                deliveries::next_attempt_at.eq(retry_at),
                deliveries::last_error.eq(Some(error)),
            ))
            .execute(conn),
        Err((error, None)) => diesel::update(target)
            .set((
                deliveries::status.eq(DeliveryStatus::Failed),
                deliveries::last_error.eq(Some(error)),
            ))
            .execute(conn),
    }
    .map(|_| ())
}
