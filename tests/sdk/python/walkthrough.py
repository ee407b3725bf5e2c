"""Drives the API with nothing but the Python client generated from
openapi.yaml (openapi-python-client): the IAMOnline sign-in (password, then
the e-mail code read from maildev), GET /session, a refused wrong password
with its problem code, setting up an authenticator app, logout, the dead
token after it, and a second sign-in with the app's code instead of the
e-mail code (the codes computed here, RFC 6238). Exits non-zero on the
first surprise.
"""

import base64
import hashlib
import hmac
import os
import re
import struct
import time

import httpx
from iam_client import AuthenticatedClient, Client
from iam_client.api.authenticators import begin_app_setup, confirm_app_setup
from iam_client.api.session import get_session, logout
from iam_client.api.signin import (
    accept_confidentiality_statement,
    send_signin_email_code,
    start_signin,
    verify_signin_app_code,
    verify_signin_email_code,
    verify_signin_password,
)
from iam_client.models import (
    AuthenticatorKind,
    AuthenticatorNameRequest,
    AuthenticatorView,
    EmailCodeVerifyRequest,
    ErrorCode,
    NextStep,
    PasswordStepRequest,
    Problem,
    SessionResponse,
    SigninMethod,
    SigninStartRequest,
    SigninStepResponse,
    TotpCodeRequest,
    TotpSetupResponse,
)

BASE = os.environ["IAM_BASE"]
MAILDEV = os.environ["IAM_MAILDEV"]
USERNAME = os.environ["IAM_USERNAME"]
EMAIL = os.environ["IAM_EMAIL"]
PASSWORD = os.environ["IAM_PASSWORD"]
SIGNIN_CODE = "IAMOnline | Your Email Verification"


def check(condition, what):
    if not condition:
        raise SystemExit(f"expected: {what}")


def codes_sent():
    mail = httpx.get(f"{MAILDEV}/email").json()
    return [m for m in mail if m["subject"] == SIGNIN_CODE and any(t["address"] == EMAIL for t in m["to"])]


def newest_code(earlier):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        mail = codes_sent()
        if len(mail) > earlier:
            found = re.search(r"Enter this code: (\d{6})", mail[-1]["text"])
            if found:
                return found.group(1)
        time.sleep(0.2)
    raise SystemExit(f'no "{SIGNIN_CODE}" mail to {EMAIL}')


def totp(secret, at):
    """The app's 6-digit code at unix time `at` (RFC 6238: HMAC-SHA-1, 30 s)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[19] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000:06d}"


check(totp(base64.b32encode(b"12345678901234567890").decode(), 59) == "287082", "the walkthrough's TOTP is RFC 6238's")

client = Client(base_url=BASE, raise_on_unexpected_status=True)

started = start_signin.sync(client=client, body=SigninStartRequest(username=USERNAME, keep_signed_in=False))
check(isinstance(started, SigninStepResponse) and started.next_step == NextStep.CHOOSE_METHOD, f"choose_method, got {started}")
transaction_id = started.transaction_id

wrong = verify_signin_password.sync(transaction_id, client=client, body=PasswordStepRequest(password="Not-The-Password-1"))
check(isinstance(wrong, Problem) and wrong.code == ErrorCode.INVALID_CREDENTIALS, f"a typed problem, got {wrong}")
check(wrong.status == 401 and wrong.detail, "the problem's status and text")

after_password = verify_signin_password.sync(transaction_id, client=client, body=PasswordStepRequest(password=PASSWORD))
check(isinstance(after_password, SigninStepResponse) and after_password.next_step == NextStep.EMAIL_CODE, f"email_code, got {after_password}")

earlier = len(codes_sent())
sent = send_signin_email_code.sync(transaction_id, client=client)
check(sent is not None and not isinstance(sent, Problem) and sent.masked_email, f"a masked e-mail address, got {sent}")
verified = verify_signin_email_code.sync(transaction_id, client=client, body=EmailCodeVerifyRequest(code=newest_code(earlier)))
check(isinstance(verified, SigninStepResponse) and verified.next_step == NextStep.CONFIDENTIALITY, f"the Confidentiality Statement, got {verified}")

done = accept_confidentiality_statement.sync(transaction_id, client=client)
check(isinstance(done, SigninStepResponse) and done.next_step == NextStep.DONE and done.access_token, f"a session, got {done}")
check(done.refresh_token, "an API client gets its refresh token in the body")

signed_in = AuthenticatedClient(base_url=BASE, token=done.access_token, raise_on_unexpected_status=True)
session = get_session.sync(client=signed_in)
check(isinstance(session, SessionResponse) and session.user.username.lower() == USERNAME.lower(), f"GET /session names the user, got {session}")

# An authenticator app, set up from this fresh sign-in: its key, then a
# first code.
setup = begin_app_setup.sync(client=signed_in, body=AuthenticatorNameRequest(name="Work phone"))
check(isinstance(setup, TotpSetupResponse) and setup.otpauth_uri.startswith("otpauth://totp/"), f"an app's key, got {setup}")
added = confirm_app_setup.sync(setup.id, client=signed_in, body=TotpCodeRequest(code=totp(setup.secret, time.time())))
check(isinstance(added, AuthenticatorView) and added.kind == AuthenticatorKind.TOTP and not added.phishing_resistant, f"the app set up, got {added}")

bye = logout.sync(client=signed_in)
check(bye is not None and not isinstance(bye, Problem) and bye.message == "You are now logged out of ImmTrac2.", f"the logout message, got {bye}")
after = get_session.sync(client=signed_in)
check(isinstance(after, Problem) and after.code == ErrorCode.UNAUTHENTICATED and after.status == 401, f"the token is dead after logout, got {after}")

# Signing in again: after the password the app is offered beside the
# e-mail code, and its next code (the set-up's is spent) opens the statement.
again = start_signin.sync(client=client, body=SigninStartRequest(username=USERNAME, keep_signed_in=False))
offered = verify_signin_password.sync(again.transaction_id, client=client, body=PasswordStepRequest(password=PASSWORD))
check(isinstance(offered, SigninStepResponse) and SigninMethod.TOTP in offered.methods, f"the app offered, got {offered}")
by_app = verify_signin_app_code.sync(again.transaction_id, client=client, body=TotpCodeRequest(code=totp(setup.secret, time.time() + 30)))
check(isinstance(by_app, SigninStepResponse) and by_app.next_step == NextStep.CONFIDENTIALITY, f"the statement after the app's code, got {by_app}")
done = accept_confidentiality_statement.sync(again.transaction_id, client=client)
check(isinstance(done, SigninStepResponse) and done.access_token, f"a session from the app's code, got {done}")

print("python sdk walkthrough: sign-in with the e-mail code, session, an authenticator app, logout, sign-in with the app passed")
