//! Small enums that appear in requests, responses and the database.

/// An enum with one name on the wire and in the database: `as_str` and
/// `parse` convert it, serde uses the same names, and (with the `diesel`
/// feature, the server's) it is a `Text` column's type, so a row holds the
/// enum itself and an unknown stored name is a read error, not a default.
/// Exported so the server declares its own database-only kinds the same way.
#[macro_export]
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $crate::__wire_enum_column! {
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
            // serde takes each variant's wire name; utoipa (which cannot read
            // a name passed through this macro) takes `rename_all`, so a
            // schema-deriving enum keeps its wire names in snake_case.
            #[serde(rename_all = "snake_case")]
            pub enum $name { $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+ }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The wire and database name.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }

            /// Parse the wire and database name.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The server's build: the enum is also a diesel `Text` column type.
#[cfg(feature = "diesel")]
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum_column {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name { $($body)* }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, DB>>::to_sql(self.as_str(), out)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let stored = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                Self::parse(&stored).ok_or_else(|| {
                    format!("unknown {} {stored:?} in the database", stringify!($name)).into()
                })
            }
        }
    };
}

/// The browser's build: a plain enum.
#[cfg(not(feature = "diesel"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum_column {
    ($($item:tt)*) => { $($item)* };
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// Kinds of account (docs/product.md §2).
    UserType {
        /// Registry users with a generated "2-4-2" username.
        External = "external",
        /// Agency staff; the username is the work e-mail address.
        CentralOffice = "central_office",
        /// Members of the public; the username is the e-mail address.
        Citizen = "citizen",
    }
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// Account status (docs/product.md §2).
    AccountStatus {
        PendingActivation = "pending_activation",
        Active = "active",
        /// Too many failed sign-ins; a password reset unlocks it.
        Locked = "locked",
        /// Only support can re-enable it.
        Disabled = "disabled",
    }
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// A user's role in one organization.
    MembershipRole {
        User = "user",
        /// The organization's Point of Contact.
        Poc = "poc",
        /// Registry support staff.
        Support = "support",
        Admin = "admin",
    }
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// Whether an OpenID Connect client can keep a secret (RFC 6749 §2.1).
    ClientType {
        /// A browser or native app: no secret, PKCE alone binds its codes.
        Public = "public",
        /// A server-side application that authenticates itself.
        Confidential = "confidential",
    }
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// How a client authenticates at the token endpoint (OIDC Core §9).
    ClientAuthMethod {
        /// Public clients.
        None = "none",
        ClientSecretBasic = "client_secret_basic",
        ClientSecretPost = "client_secret_post",
        /// A JWT signed with the client's own key (RFC 7523).
        PrivateKeyJwt = "private_key_jwt",
    }
}

wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// A security method a user sets up besides the password and the
    /// e-mail code (docs/authenticators.md).
    AuthenticatorKind {
        /// An authenticator app (TOTP, RFC 6238): Google Authenticator,
        /// Microsoft Authenticator, Okta Verify's codes.
        Totp = "totp",
        /// A passkey or security key (WebAuthn) with user verification:
        /// both factors at once, and phishing-resistant.
        Passkey = "passkey",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    wire_enum! {
        /// Names that snake_case would spell otherwise.
        Spelled {
            ImmTrac2 = "immtrac2",
            IamOnline = "iamonline",
        }
    }

    #[test]
    fn serde_uses_the_wire_name_of_every_value() {
        for value in Spelled::ALL {
            assert_eq!(
                serde_json::to_value(value).ok(),
                Some(serde_json::Value::from(value.as_str()))
            );
            assert_eq!(
                serde_json::from_value::<Spelled>(serde_json::Value::from(value.as_str())).ok(),
                Some(*value)
            );
        }
        for role in MembershipRole::ALL {
            assert_eq!(
                serde_json::to_value(role).ok(),
                Some(serde_json::Value::from(role.as_str()))
            );
        }
    }

    #[test]
    fn wire_names_round_trip() {
        for t in [
            UserType::External,
            UserType::CentralOffice,
            UserType::Citizen,
        ] {
            assert_eq!(UserType::parse(t.as_str()), Some(t));
            assert_eq!(
                serde_json::to_value(t).ok(),
                Some(serde_json::Value::from(t.as_str()))
            );
        }
        assert_eq!(
            AccountStatus::parse("pending_activation"),
            Some(AccountStatus::PendingActivation)
        );
        assert_eq!(MembershipRole::parse("boss"), None);
    }
}
