// A relying party for the tests and for `make run`: a small web
// application that signs its users in through the portal with the npm
// package openid-client (an OpenID Certified relying-party library), so
// the provider is proven by software it did not write.
//
// Pages: `/` (who is signed in, with the verified claims), `/login`
// (starts the authorization code flow with PKCE, state and nonce),
// `/callback`, `/initiate-login` (OIDC third-party-initiated login: where
// a dashboard tile sends the user), `/logout` (RP-initiated logout) and
// `/backchannel-logout` (the portal says a session ended; the logout
// token is checked with jose against the published keys).
import http from 'node:http';
import crypto from 'node:crypto';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Start the relying party on `port` (0: a free one). `configure` is called
 *  once the client is registered: ({ clientId, clientSecret, idTokenAlg }). */
export async function startRelyingParty({ name, issuer, port = 0, host = '127.0.0.1', scope = 'openid profile email organizations' }) {
  const sessions = new Map(); // cookie value -> { pending, claims, userinfo }
  let config = null;
  let clientId = null;
  /** The `sid`s the portal said have ended (back-channel logout). */
  const loggedOut = [];
  const server = http.createServer((req, res) => handle(req, res).catch((error) => {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    // openid-client's AuthorizationResponseError carries the provider's `error`.
    const said = error.error ? ` (${error.error}${error.error_description ? `: ${error.error_description}` : ''})` : '';
    res.end(page('Sign-in failed', `<p role="alert" id="error">${escape(error.message)}${escape(said)}</p><p><a href="/login">Try again</a></p>`));
  }));
  await new Promise((resolve) => server.listen(port, host, resolve));
  const base = `http://${host}:${server.address().port}`;
  const redirectUri = `${base}/callback`;

  function page(title, body) {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} - ${escape(name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
header{border-bottom:3px solid #5b2c83;margin-bottom:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left;vertical-align:top}</style>
</head><body><header><p><strong>${escape(name)}</strong> · a demo application signed in by IAMOnline</p></header><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
  }

  function sessionOf(req, res) {
    const cookie = /(?:^|;\s*)rp_session=([^;]+)/.exec(req.headers.cookie || '')?.[1];
    if (cookie && sessions.has(cookie)) return sessions.get(cookie);
    const id = crypto.randomBytes(16).toString('hex');
    const session = {};
    sessions.set(id, session);
    res.setHeader('set-cookie', `rp_session=${id}; Path=/; HttpOnly; SameSite=Lax`);
    return session;
  }

  async function startSignIn(res, session, extra = {}) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending = { codeVerifier, state: client.randomState(), nonce: client.randomNonce() };
    session.pending = pending;
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ...extra,
    });
    res.writeHead(302, { location: url.href });
    res.end();
  }

  async function handle(req, res) {
    const url = new URL(req.url, base);
    const session = sessionOf(req, res);
    if (url.pathname === '/login') {
      const extra = {};
      for (const name of ['prompt', 'max_age', 'login_hint', 'acr_values']) {
        if (url.searchParams.has(name)) extra[name] = url.searchParams.get(name);
      }
      return startSignIn(res, session, extra);
    }
    if (url.pathname === '/initiate-login') {
      // OIDC Core §4: only for our own provider.
      if (url.searchParams.get('iss') !== issuer) throw new Error('initiate-login from an unknown issuer');
      const hint = url.searchParams.get('login_hint');
      return startSignIn(res, session, hint ? { login_hint: hint } : {});
    }
    if (url.pathname === '/callback') {
      const pending = session.pending;
      if (!pending) throw new Error('no sign-in in progress');
      delete session.pending;
      const tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      session.claims = tokens.claims();
      session.userinfo = await client.fetchUserInfo(config, tokens.access_token, session.claims.sub);
      session.idToken = tokens.id_token;
      res.writeHead(302, { location: '/' });
      return res.end();
    }
    if (url.pathname === '/backchannel-logout' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const token = new URLSearchParams(body).get('logout_token');
      try {
        const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
        const { payload } = await jwtVerify(token, jwks, { issuer, audience: clientId, typ: 'logout+jwt', maxTokenAge: '2 minutes' });
        if (!payload.events?.['http://schemas.openid.net/event/backchannel-logout'] || 'nonce' in payload || !payload.sid) {
          throw new Error('not a logout token');
        }
        loggedOut.push(payload.sid);
        for (const [id, s] of sessions) if (s.claims?.sid === payload.sid) sessions.delete(id);
        res.writeHead(200, { 'cache-control': 'no-store' });
        return res.end();
      } catch (error) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'invalid_request', error_description: error.message }));
      }
    }
    if (url.pathname === '/logout') {
      const idToken = session.idToken;
      for (const [id, s] of sessions) if (s === session) sessions.delete(id);
      const end = client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: `${base}/signed-out`,
        ...(idToken ? { id_token_hint: idToken } : {}),
        state: 'rp-logout',
      });
      res.writeHead(302, { location: end.href });
      return res.end();
    }
    if (url.pathname === '/signed-out') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const ok = url.searchParams.get('state') === 'rp-logout';
      return res.end(page('Signed out', `<p>${ok ? 'You are signed out of this application and of IAMOnline.' : 'Unexpected state.'}</p><p><a href="/login">Sign in again</a></p>`));
    }
    if (url.pathname === '/claims.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ claims: session.claims ?? null, userinfo: session.userinfo ?? null }));
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      if (!session.claims) {
        return res.end(page('Welcome', '<p>You are not signed in.</p><p><a href="/login">Sign in with IAMOnline</a></p>'));
      }
      const c = session.claims;
      const rows = [
        ['Name', c.name], ['Username', c.preferred_username], ['E-mail', c.email], ['User type', c.user_type],
        ['Organizations', (c.organizations || []).map((o) => `${o.name} (${o.org_code}, ${o.role})`).join('; ')],
        ['Active organization', c.active_organization], ['Signed in by', (c.amr || []).join(', ')],
        ['Assurance (acr)', c.acr], ['AUA valid until', c.aua_exp ? new Date(c.aua_exp * 1000).toISOString().slice(0, 10) : 'none'],
        ['Subject (sub)', c.sub],
      ].map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${escape(v ?? '')}</td></tr>`).join('');
      return res.end(page(`Signed in as ${c.name ?? c.sub}`, `<p>The ID token's signature and claims were verified by openid-client.</p><table>${rows}</table><p><a href="/logout">Sign out</a></p>`));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  return {
    base,
    redirectUri,
    initiateLoginUri: `${base}/initiate-login`,
    backchannelLogoutUri: `${base}/backchannel-logout`,
    postLogoutRedirectUri: `${base}/signed-out`,
    /** The sessions (`sid`) the portal ended over the back channel. */
    loggedOut,
    /** Discover the provider and use the registered client. */
    async configure({ clientId: id, clientSecret, idTokenAlg = 'RS256' }) {
      clientId = id;
      config = await client.discovery(
        new URL(issuer),
        clientId,
        { id_token_signed_response_alg: idTokenAlg },
        client.ClientSecretBasic(clientSecret),
        { execute: [client.allowInsecureRequests] },
      );
    },
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Register `rp` with the portal through the CLI (`stack.run`) and configure
 *  it. With `reuse`, a client registered before (by an earlier `make run`)
 *  gets a new secret instead. */
export async function registerRelyingParty(stack, rp, { clientId, name, idTokenAlg = 'RS256', application, reuse = false, consentRequired = false } = {}) {
  const args = ['create-app', '--client-id', clientId, '--name', name, '--redirect-uri', rp.redirectUri,
    '--initiate-login-uri', rp.initiateLoginUri, '--id-token-alg', idTokenAlg,
    '--backchannel-logout-uri', rp.backchannelLogoutUri, '--post-logout-redirect-uri', rp.postLogoutRedirectUri];
  if (application) args.push('--application', application);
  if (consentRequired) args.push('--consent-required');
  let printed;
  try {
    printed = stack.run(args);
  } catch (error) {
    if (!reuse || !/exists already/.test(String(error.stderr ?? error.message))) throw error;
    printed = stack.run(['rotate-app-secret', '--client-id', clientId]);
  }
  const secret = /client secret \(shown once\): (\S+)/.exec(printed)?.[1];
  if (!secret) throw new Error(`create-app printed no secret: ${printed}`);
  await rp.configure({ clientId, clientSecret: secret, idTokenAlg });
}
