// Drives the API with nothing but the client generated from openapi.yaml:
// the IAMOnline sign-in (password, then the e-mail code read from maildev),
// GET /session, logout, a password recovery with its e-mail code, and a
// sign-in with the new password. Exits non-zero on the first surprise.
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env("IAM_BASE");
const maildev = env("IAM_MAILDEV");
const username = env("IAM_USERNAME");
const email = env("IAM_EMAIL");
const password = env("IAM_PASSWORD");

const api = createClient<paths>({ baseUrl: base });

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`expected: ${what}`);
}

interface Mail {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** The newest code in a mail with `subject` to `email`, once more than `earlier` exist. */
async function codeFrom(subject: string, pattern: RegExp, earlier: number): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const mail = ((await (await fetch(`${maildev}/email`)).json()) as Mail[]).filter(
      (m) => m.subject === subject && m.to.some((t) => t.address === email),
    );
    const newest = mail.length > earlier ? mail[mail.length - 1] : undefined;
    const code = newest?.text.match(pattern)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no "${subject}" mail to ${email}`);
}

async function mailCount(subject: string): Promise<number> {
  const mail = (await (await fetch(`${maildev}/email`)).json()) as Mail[];
  return mail.filter((m) => m.subject === subject && m.to.some((t) => t.address === email)).length;
}

const SIGNIN_CODE = "IAMOnline | Your Email Verification";

/** The IAMOnline door to the Confidentiality Statement and the session. */
async function signIn(secret: string): Promise<string> {
  const started = await api.POST("/api/v1/signin", { body: { username, keep_signed_in: false } });
  check(started.data?.next_step === "choose_method", `choose_method, got ${JSON.stringify(started.error)}`);
  const transaction_id = started.data.transaction_id;
  const path = { path: { transaction_id } };

  const afterPassword = await api.POST("/api/v1/signin/{transaction_id}/password", {
    params: path,
    body: { password: secret },
  });
  check(afterPassword.data?.next_step === "email_code", `email_code, got ${JSON.stringify(afterPassword.error)}`);

  const earlier = await mailCount(SIGNIN_CODE);
  const sent = await api.POST("/api/v1/signin/{transaction_id}/email-code", { params: path });
  check(sent.data?.masked_email, "a masked e-mail address");
  const code = await codeFrom(SIGNIN_CODE, /Enter this code: (\d{6})/, earlier);

  const verified = await api.POST("/api/v1/signin/{transaction_id}/email-code/verify", {
    params: path,
    body: { code },
  });
  check(verified.data?.next_step === "confidentiality", "the Confidentiality Statement");

  const done = await api.POST("/api/v1/signin/{transaction_id}/agree", { params: path });
  check(done.data?.next_step === "done" && done.data.access_token, "a session");
  check(done.data.refresh_token, "an API client gets its refresh token in the body");
  return done.data.access_token;
}

const token = await signIn(password);
const auth = { headers: { Authorization: `Bearer ${token}` } };

const session = await api.GET("/api/v1/session", auth);
check(session.data?.user.username.toLowerCase() === username.toLowerCase(), "GET /session names the user");

const loggedOut = await api.DELETE("/api/v1/session", auth);
check(loggedOut.data?.message === "You are now logged out of ImmTrac2.", "the logout message");
const after = await api.GET("/api/v1/session", auth);
check(after.response.status === 401 && after.error?.code === "unauthenticated", "the token is dead after logout");

// Forgot Password (IAMOnline): a code by e-mail, traded for a reset token.
const RECOVERY = "Reset your IAMOnline password";
const recovery = await api.POST("/api/v1/password/recovery", { body: { identifier: username } });
check(recovery.data?.recovery_id, "a recovery");
const recovery_id = recovery.data.recovery_id;
const earlier = await mailCount(RECOVERY);
const sentRecovery = await api.POST("/api/v1/password/recovery/{recovery_id}/send", {
  params: { path: { recovery_id } },
});
check(sentRecovery.data, `the recovery e-mail, got ${JSON.stringify(sentRecovery.error)}`);
const recoveryCode = await codeFrom(RECOVERY, /Enter this code instead: (\d{6})/, earlier);
const traded = await api.POST("/api/v1/password/recovery/{recovery_id}/verify", {
  params: { path: { recovery_id } },
  body: { code: recoveryCode },
});
check(traded.data?.reset_token, "a reset token");
const fresh = `Quartz-Meadow-Lantern-${Date.now() % 100000}`;
const reset = await api.POST("/api/v1/password/reset", {
  body: { token: traded.data.reset_token, new_password: fresh, confirm_password: fresh, sign_out_other_devices: true },
});
check(reset.data?.message, `the reset, got ${JSON.stringify(reset.error)}`);

// The new password works; the old one no longer does.
await signIn(fresh);
const old = await api.POST("/api/v1/signin", { body: { username, keep_signed_in: false } });
check(old.data, "a new sign-in");
const refused = await api.POST("/api/v1/signin/{transaction_id}/password", {
  params: { path: { transaction_id: old.data.transaction_id } },
  body: { password },
});
check(refused.response.status === 401 && refused.error?.code === "invalid_credentials", "the old password is refused");
console.log("sdk walkthrough: sign-in, session, logout, recovery and reset passed");
