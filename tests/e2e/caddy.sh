# The Caddy recipe (issue #14 item 4), proven against Debian's real Caddy:
# publish/caddy/Caddyfile, the very file the recipe tells webmasters to
# install (its paths, ports and certificate swapped for the test's), with
# publish/caddy/kmsite.caddy and the redirect map the build wrote, serves a
# built site over HTTPS on loopback ports; curl checks every kind of
# response (tests/e2e/servers.sh) and the redirect from plain HTTP.
source "$(dirname "$0")/lib.sh"
source "$REPO/tests/e2e/servers.sh"
command -v caddy >/dev/null || fail "caddy is needed (setup.sh installs caddy)"

server_test_setup
conf=$WORK/caddy
mkdir -p "$conf"
# The test's own global options: no admin API, loopback only, its ports,
# and Caddy's data (certificates, locks) inside $WORK.
{
  printf '{\n\tadmin off\n\tdefault_bind 127.0.0.1\n\thttp_port %s\n\thttps_port %s\n\tstorage file_system %s\n}\n' \
    "$plain" "$tls" "$conf/data"
  sed -e "s#/srv/km/public#$WWW#g" -e "s#/etc/caddy/kmsite.caddy#$REPO/publish/caddy/kmsite.caddy#" \
      -e "s#^\troot \* .*#&\n\ttls $WORK/cert.pem $WORK/key.pem#" "$REPO/publish/caddy/Caddyfile"
} >"$conf/Caddyfile"
grep -q "import $WWW/_kmsite/redirects.caddy" "$conf/Caddyfile" || fail "the recipe does not import the redirect map"
export HOME=$conf XDG_DATA_HOME=$conf/data XDG_CONFIG_HOME=$conf/config
caddy validate --config "$conf/Caddyfile" --adapter caddyfile >"$WORK/caddy-t" 2>&1 ||
  { cat "$WORK/caddy-t"; fail "the recipe does not pass caddy validate"; }
caddy run --config "$conf/Caddyfile" --adapter caddyfile >"$conf/log" 2>&1 &
caddy_pid=$!
trap 'kill "$caddy_pid" 2>/dev/null; wait "$caddy_pid" 2>/dev/null; rm -rf "$WORK"' EXIT

check_served
