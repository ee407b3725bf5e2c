//! The seeds' wording that both sides show, kept once (docs/product.md,
//! "Seed wording"). Short texts a user recognises on sight only; the
//! problem details the server writes stay with the rules that raise them.

/// The password recall screen's intro (seed 000, "Password Recall Screen").
pub const RECALL_INTRO: &str = "Login attempt was unsuccessful. If you remember your Org Code, Username, and Password associated with your user account and wish to continue to attempt to login to ImmTrac2, re-enter the required account information and characters displayed, then click Submit. Otherwise, click the Forgot Password button to reset your password.";

/// The ImmTrac2 login's failed-attempt dialog title (seed 000, "Login Issue").
pub const VALIDATION_ERROR: &str = "Validation Error";
