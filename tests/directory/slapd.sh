#!/usr/bin/env bash
# A throwaway OpenLDAP directory for the tests (docs/directory.md): the
# agency's tree in miniature over LDAP and LDAPS, with a CA made here.
#   tests/directory/slapd.sh DIR LDAP_PORT LDAPS_PORT [OWNER_PID]
# Starts slapd in the background (its pid in DIR/slapd.pid) and returns once
# it answers; with OWNER_PID, slapd is stopped and DIR removed when that
# process ends (a test binary cannot clean up its statics). Debian's slapd 2.5 (make
# deps-apt installs it); no root config.
set -euo pipefail
dir=$1 ldap_port=$2 ldaps_port=$3 owner=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/pki" "$dir/db"
suffix="dc=hhs,dc=test"

# The CA and the server's certificate (127.0.0.1 and localhost), once per DIR.
if [ ! -s "$dir/pki/server.crt" ]; then
  (
    cd "$dir/pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
      -subj "/CN=IAM test directory CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > ext.cnf
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt \
      -days 30 -extfile ext.cnf 2>/dev/null
  )
fi

cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb.la
moduleload ppolicy.la
pidfile $dir/slapd.pid
TLSCACertificateFile $dir/pki/ca.crt
TLSCertificateFile $dir/pki/server.crt
TLSCertificateKeyFile $dir/pki/server.key
database mdb
suffix "$suffix"
rootdn "cn=admin,$suffix"
rootpw $(slappasswd -s admin-secret-for-tests)
directory $dir/db
maxsize 10485760
# Passwords: only a bind compares them; the portal's service account reads
# the people and groups, nobody else reads anything.
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="cn=portal-service,$suffix" read by self read by * none
overlay ppolicy
ppolicy_default "cn=default,ou=policies,$suffix"
ppolicy_use_lockout
CONF

# The tree: loaded once per DIR (a restart keeps what tests changed).
if [ ! -s "$dir/db/data.mdb" ]; then
  password=$(slappasswd -s Directory-Pass-Cobalt-2026)
  service=$(slappasswd -s service-secret-for-tests)
  sed -e "s|@SUFFIX@|$suffix|g" -e "s|@PASSWORD@|$password|g" -e "s|@SERVICE@|$service|g" \
    "$here/tree.ldif" > "$dir/tree.ldif"
  slapadd -f "$dir/slapd.conf" -l "$dir/tree.ldif" -q
fi

/usr/sbin/slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$ldap_port/ ldaps://127.0.0.1:$ldaps_port/"
for _ in $(seq 1 100); do
  if ldapwhoami -x -H "ldap://127.0.0.1:$ldap_port/" -D "cn=portal-service,$suffix" \
      -w service-secret-for-tests >/dev/null 2>&1; then
    # One watcher per DIR, for the owner's lifetime: a test may stop and
    # start slapd again, and its files (the CA the API trusts) must stay.
    if [[ "$owner" =~ ^[0-9]+$ ]] && ! { [ -s "$dir/watcher.pid" ] && kill -0 "$(cat "$dir/watcher.pid")" 2>/dev/null; }; then
      # shellcheck disable=SC2016 # expanded by the watcher's own shell
      nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done
        if [ -s "$2/slapd.pid" ]; then pid=$(cat "$2/slapd.pid"); kill -CONT "$pid"; kill "$pid"; fi 2>/dev/null
        sleep 1; rm -rf -- "$2"' watcher "$owner" "$dir" >/dev/null 2>&1 &
      echo $! > "$dir/watcher.pid"
    fi
    exit 0
  fi
  sleep 0.1
done
echo "slapd did not answer on port $ldap_port" >&2
exit 1
