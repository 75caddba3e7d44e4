# The Apache recipe (issue #14 item 4), proven against Debian's real Apache:
# publish/apache/kmsite-site.conf, the very file the recipe tells webmasters
# to install (its paths, ports and certificate swapped for the test's), with
# publish/apache/kmsite.conf and the redirect map the build wrote, serves a
# built site over HTTPS on loopback ports; curl checks every kind of
# response (tests/e2e/servers.sh) and the redirect from plain HTTP.
source "$(dirname "$0")/lib.sh"
source "$REPO/tests/e2e/servers.sh"
APACHE=$(command -v apache2 || echo /usr/sbin/apache2)
[ -x "$APACHE" ] || fail "apache2 is needed (setup.sh installs apache2)"
MODULES=/usr/lib/apache2/modules

server_test_setup
conf=$WORK/apache
mkdir -p "$conf"
sed -e "s#/srv/km/public#$WWW#g" -e "s#/etc/apache2/kmsite/#$REPO/publish/apache/#g" \
    -e "s#\*:443#127.0.0.1:$tls#" -e "s#\*:80#127.0.0.1:$plain#" \
    -e "s#/etc/ssl/certs/km.example.go.th.pem#$WORK/cert.pem#" \
    -e "s#/etc/ssl/private/km.example.go.th.key#$WORK/key.pem#" \
    "$REPO/publish/apache/kmsite-site.conf" >"$conf/site.conf"
grep -q "IncludeOptional $WWW/_kmsite/redirects.apache.conf" "$conf/site.conf" ||
  fail "the recipe does not include the redirect map"
# Apache will not serve as root: its workers are then www-data, who must be
# able to read the test's folder.
user=""
if [ "$(id -u)" = 0 ]; then
  user="User www-data
Group www-data"
  chmod 755 "$WORK"
fi
cat >"$conf/httpd.conf" <<CONF
ServerRoot $conf
PidFile $conf/httpd.pid
Mutex file:$conf default
DefaultRuntimeDir $conf
ErrorLog $conf/error.log
$user
ServerName 127.0.0.1
Listen 127.0.0.1:$plain
Listen 127.0.0.1:$tls
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule dir_module $MODULES/mod_dir.so
LoadModule alias_module $MODULES/mod_alias.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule rewrite_module $MODULES/mod_rewrite.so
LoadModule socache_shmcb_module $MODULES/mod_socache_shmcb.so
LoadModule ssl_module $MODULES/mod_ssl.so
TypesConfig /etc/mime.types
Include $conf/site.conf
CONF
"$APACHE" -t -d "$conf" -f "$conf/httpd.conf" >"$WORK/apache-t" 2>&1 ||
  { cat "$WORK/apache-t"; fail "the recipe does not pass apache2 -t"; }
"$APACHE" -d "$conf" -f "$conf/httpd.conf" -k start 2>>"$WORK/apache-t" ||
  { cat "$WORK/apache-t" "$conf/error.log"; fail "apache2 did not start"; }
trap '"$APACHE" -d "$conf" -f "$conf/httpd.conf" -k stop 2>/dev/null;
      for _ in $(seq 50); do [ -e "$conf/httpd.pid" ] || break; sleep 0.1; done; rm -rf "$WORK"' EXIT

check_served
