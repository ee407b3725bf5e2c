#!/usr/bin/env bash
# Checks the deployment files in deploy/ (make deploy-check, part of make test):
# the systemd unit verifies cleanly and keeps a low exposure score, and the
# nginx site file passes `nginx -t` with a throw-away certificate.
set -euo pipefail
api_bin=${1:?usage: check.sh path/to/iam-api}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# systemd: any complaint fails (verify exits 0 on parse warnings).
sed "s#/usr/local/bin/iam-api#$api_bin#g" "$here/deploy/iam-api.service" > "$tmp/iam-api.service"
out=$(systemd-analyze verify "$tmp/iam-api.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "systemd-analyze verify: $out"; exit 1; fi
# Exposure 0 (locked down) … 10 (unprotected); fail above 2.0.
if ! systemd-analyze security --offline=true --threshold=20 "$tmp/iam-api.service" > "$tmp/security.txt"; then
  tail -20 "$tmp/security.txt"; echo "iam-api.service: sandboxing exposure above 2.0"; exit 1
fi
echo "deploy/iam-api.service: verified; $(grep -o 'Overall exposure level[^🙂]*' "$tmp/security.txt")"

# nginx: the site file as shipped, with the certificate paths pointed at a
# self-signed pair and the ports moved off the privileged ones.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=iam.example.gov" \
  -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null
sed -e "s#/etc/ssl/iamonline/#$tmp/#g" -e 's/listen 443 /listen 18443 /; s/listen \[::\]:443 /listen [::]:18443 /' \
  -e 's/listen 80;/listen 18080;/; s/listen \[::\]:80;/listen [::]:18080;/' "$here/deploy/nginx.conf" > "$tmp/site.conf"
user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
cat > "$tmp/nginx.conf" <<CONF
$user_line
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  include $tmp/site.conf;
}
CONF
nginx -t -q -p "$tmp" -c "$tmp/nginx.conf"
echo "deploy/nginx.conf: nginx -t passed"
