// `make run` starts this beside the portal: two demo applications behind
// the VAOS and Syntropi tiles, each a relying party on openid-client
// (relying-party.mjs), registered through the CLI as the catalogue's
// clients. A newcomer clicks a tile and lands signed in; signing out of
// the portal signs them out of both (back-channel logout).
import { execFileSync } from 'node:child_process';
import { registerRelyingParty, startRelyingParty } from './relying-party.mjs';

const issuer = (process.env.IAM_PUBLIC_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const api = process.env.IAM_API_BIN;
if (!api) throw new Error('IAM_API_BIN names the iam-api binary');
const cli = { run: (args) => execFileSync(api, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };

const apps = [
  { application: 'vaos', name: 'VAOS (demo)', port: 8090, idTokenAlg: 'RS256' },
  { application: 'syntropi', name: 'Syntropi (demo)', port: 8091, idTokenAlg: 'EdDSA' },
];

const started = [];
for (const app of apps) {
  const rp = await startRelyingParty({ name: app.name, issuer, port: app.port });
  started.push(rp);
  // The portal starts after this script: discovery waits for it.
  for (let attempt = 1; ; attempt++) {
    try {
      await registerRelyingParty(cli, rp, { clientId: app.application, name: app.name, idTokenAlg: app.idTokenAlg, application: app.application, reuse: true });
      break;
    } catch (error) {
      if (attempt >= 120 || /create-app|rotate-app-secret|Command failed/.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  console.log(`${app.name} is at ${rp.base} (its tile on the dashboard signs you in)`);
}

const stop = async () => { await Promise.all(started.map((rp) => rp.stop())); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
