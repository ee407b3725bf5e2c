//! Small enums that appear in requests, responses and the database.

use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
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

wire_enum! {
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

#[cfg(test)]
mod tests {
    use super::*;

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
