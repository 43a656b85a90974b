#!/usr/bin/env bash
# Make sure the Debian packages the portal needs are there: installs them with apt-get when
# possible (root on Debian), otherwise says exactly what to install and stops.
set -euo pipefail

need=()
for what in "$@"; do
  case "$what" in
    chromium) [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || need+=(chromium) ;;
    gettext) command -v msgfmt >/dev/null || need+=(gettext) ;;
    libmagic) ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1' || need+=(libmagic1) ;;
    pango) ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so\.0' && ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0' \
             || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0) ;;  # WeasyPrint (report PDFs)
    java) command -v java >/dev/null || need+=(default-jre-headless) ;;  # runs the Nu HTML checker (vnu.jar)
    npm) command -v npm >/dev/null || need+=(npm) ;;  # installs test tools pinned in package-lock.json
    nginx) [[ -x /usr/sbin/nginx ]] || need+=(nginx) ;;  # the deploy test runs Debian's nginx in front of gunicorn
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql) ;;  # the restart test's own instance
    sqlite3) command -v sqlite3 >/dev/null || need+=(sqlite3) ;;  # make backup / make restore on SQLite
    wrk) command -v wrk >/dev/null || need+=(wrk) ;;  # the load generator of `make bench`
    *) echo "unknown system package: $what" >&2; exit 2 ;;
  esac
done
[[ ${#need[@]} -eq 0 ]] && exit 0

if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages: ${need[*]}" >&2
echo "Install them first, e.g.: sudo apt-get install ${need[*]}" >&2
echo "(Browser tests use Debian's Chromium at /usr/bin/chromium; set CHROMIUM_PATH to use another one.)" >&2
exit 1
