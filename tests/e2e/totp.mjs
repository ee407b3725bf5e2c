// The browser tests' own TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30 s),
// computed with Node's crypto, independent of the server's library.
import crypto from 'node:crypto';

/** RFC 4648 base32, as an app reads a typed key. */
export function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The app's code `stepsAhead` 30-second steps from now. */
export function totp(key, stepsAhead = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + stepsAhead));
  const hash = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = hash[19] & 0x0f;
  const binary = (hash.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(binary).padStart(6, '0');
}
