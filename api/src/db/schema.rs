//! Diesel table definitions shared by both backends. Written by hand against
//! `migrations/*/…create_schema/up.sql`: only portable SQL types appear here.

diesel::table! {
    organizations (id) {
        id -> Text,
        org_code -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        username_key -> Text,
        user_type -> Text,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        email_key -> Text,
        phone -> Nullable<Text>,
        status -> Text,
        password_hash -> Nullable<Text>,
        failed_login_count -> Integer,
        failed_reset_count -> Integer,
        security_stamp -> Text,
        security_question -> Nullable<Text>,
        security_answer_hash -> Nullable<Text>,
        locked_at -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_verified_at -> Nullable<Timestamp>,
        directory_dn -> Nullable<Text>,
        directory_synced_at -> Nullable<Timestamp>,
        directory_entry_id -> Nullable<Text>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    memberships (user_id, organization_id) {
        user_id -> Text,
        organization_id -> Text,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    password_history (id) {
        id -> Text,
        user_id -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        active_organization_id -> Nullable<Text>,
        keep_signed_in -> Bool,
        channel -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        door -> Text,
        authenticated_at -> Nullable<Timestamp>,
        token_generation -> Integer,
        amr -> Text,
    }
}

diesel::table! {
    familiar_devices (id) {
        id -> Text,
        user_id -> Text,
        device_hash -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        grace_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    one_time_tokens (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        purpose -> Text,
        token_hash -> Text,
        subject -> Nullable<Text>,
        attempts -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    captcha_challenges (id) {
        id -> Text,
        answer_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
        emailed_answer_hash -> Nullable<Text>,
    }
}

diesel::table! {
    throttle_counters (key_hash) {
        key_hash -> Text,
        scope -> Text,
        count -> Integer,
        updated_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        event_type -> Text,
        user_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        detail -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_chain_head (id) {
        id -> Integer,
        last_hash -> Text,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        kind -> Text,
        user_id -> Nullable<Text>,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        url -> Text,
        default_group -> Text,
        position -> Integer,
        requires_aua -> Bool,
        allowed_user_types -> Text,
        allowed_roles -> Text,
        allowed_org_codes -> Text,
    }
}

diesel::table! {
    dashboard_sections (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dashboard_section_tiles (section_id, application_id) {
        section_id -> Text,
        application_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        kind -> Text,
        version -> Text,
        content -> Text,
        content_hash -> Text,
        published_at -> Timestamp,
    }
}

diesel::table! {
    aua_submissions (id) {
        id -> Text,
        user_id -> Text,
        organization_id -> Nullable<Text>,
        document_id -> Text,
        first_name -> Text,
        last_name -> Text,
        work_email -> Text,
        work_phone -> Nullable<Text>,
        affiliation -> Text,
        explanation -> Nullable<Text>,
        comments -> Nullable<Text>,
        employee_id -> Nullable<Text>,
        signed_on -> Text,
        ip -> Nullable<Text>,
        submitted_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    document_acceptances (id) {
        id -> Text,
        user_id -> Text,
        organization_id -> Nullable<Text>,
        document_id -> Text,
        channel -> Text,
        ip -> Nullable<Text>,
        accepted_at -> Timestamp,
    }
}

diesel::table! {
    access_requests (id) {
        id -> Text,
        kind -> Text,
        requested_by -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        organization_name -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        justification -> Nullable<Text>,
        status -> Text,
        decided_by -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        created_user_id -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    signin_transactions (id_hash) {
        id_hash -> Text,
        door -> Text,
        user_id -> Nullable<Text>,
        throttle_key -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        keep_signed_in -> Bool,
        masked_email -> Text,
        password_verified_at -> Nullable<Timestamp>,
        email_verified_at -> Nullable<Timestamp>,
        agreed_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        link_token_id -> Nullable<Text>,
        app_code_verified_at -> Nullable<Timestamp>,
        passkey_verified_at -> Nullable<Timestamp>,
        passkey_synced -> Bool,
        directory_identifier -> Nullable<Text>,
    }
}

diesel::table! {
    oauth_clients (client_id) {
        client_id -> Text,
        application_id -> Nullable<Text>,
        name -> Text,
        client_type -> Text,
        auth_method -> Text,
        secret_hash -> Nullable<Text>,
        jwks -> Nullable<Text>,
        redirect_uris -> Text,
        post_logout_redirect_uris -> Text,
        backchannel_logout_uri -> Nullable<Text>,
        initiate_login_uri -> Nullable<Text>,
        scopes -> Text,
        grant_types -> Text,
        id_token_alg -> Text,
        access_token_ttl_secs -> Integer,
        refresh_token_ttl_secs -> Integer,
        consent_required -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oauth_authorization_requests (id_hash) {
        id_hash -> Text,
        client_id -> Text,
        redirect_uri -> Text,
        scope -> Text,
        state -> Nullable<Text>,
        nonce -> Nullable<Text>,
        code_challenge -> Text,
        prompt -> Text,
        max_age -> Nullable<Integer>,
        login_hint -> Nullable<Text>,
        acr_values -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oauth_grants (id) {
        id -> Text,
        client_id -> Text,
        user_id -> Nullable<Text>,
        session_id -> Nullable<Text>,
        scope -> Text,
        nonce -> Nullable<Text>,
        auth_time -> Nullable<Timestamp>,
        amr -> Text,
        acr -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    oauth_codes (code_hash) {
        code_hash -> Text,
        grant_id -> Text,
        redirect_uri -> Text,
        code_challenge -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oauth_refresh_tokens (token_hash) {
        token_hash -> Text,
        grant_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oauth_consents (user_id, client_id) {
        user_id -> Text,
        client_id -> Text,
        scope -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    oauth_assertion_ids (jti_hash) {
        jti_hash -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    oauth_logout_requests (id_hash) {
        id_hash -> Text,
        client_id -> Nullable<Text>,
        post_logout_redirect_uri -> Nullable<Text>,
        state -> Nullable<Text>,
        session_id -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oauth_logout_deliveries (id) {
        id -> Text,
        client_id -> Text,
        uri -> Text,
        claims -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    authenticators (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        name -> Text,
        secret_sealed -> Nullable<Text>,
        last_used_step -> Nullable<BigInt>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        credential_id -> Nullable<Text>,
        credential -> Nullable<Text>,
    }
}

diesel::table! {
    webauthn_challenges (id_hash) {
        id_hash -> Text,
        purpose -> Text,
        user_id -> Nullable<Text>,
        state -> Text,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> organizations (organization_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(familiar_devices -> users (user_id));
diesel::joinable!(authenticators -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(password_history -> users (user_id));
diesel::joinable!(dashboard_section_tiles -> dashboard_sections (section_id));
diesel::joinable!(dashboard_section_tiles -> applications (application_id));
diesel::joinable!(oauth_clients -> applications (application_id));
diesel::joinable!(oauth_codes -> oauth_grants (grant_id));
diesel::joinable!(oauth_refresh_tokens -> oauth_grants (grant_id));
diesel::joinable!(oauth_grants -> oauth_clients (client_id));
diesel::joinable!(oauth_consents -> oauth_clients (client_id));

diesel::allow_tables_to_appear_in_same_query!(
    authenticators,
    organizations,
    users,
    memberships,
    password_history,
    sessions,
    refresh_tokens,
    one_time_tokens,
    captcha_challenges,
    throttle_counters,
    audit_events,
    audit_chain_head,
    mail_outbox,
    applications,
    dashboard_sections,
    dashboard_section_tiles,
    documents,
    aua_submissions,
    document_acceptances,
    access_requests,
    signin_transactions,
    familiar_devices,
    oauth_clients,
    oauth_authorization_requests,
    oauth_grants,
    oauth_codes,
    oauth_refresh_tokens,
    oauth_consents,
    oauth_assertion_ids,
    oauth_logout_requests,
    oauth_logout_deliveries,
);
