#!/bin/sh
# Installs what kvperf needs on Debian 12 (as root, or through sudo).
# Installs nothing when everything is already there.
#
# usage: scripts/install-deps.sh [--tests]
#
#   (default)  what building and running kvperf needs: the compiler, meson,
#              and the libraries and fonts it links and draws with; the demo
#              installs only these.
#   --tests    also the test extras: cmocka, poppler's pdfinfo/pdftotext,
#              Python's openpyxl and LibreOffice (about 240 packages, 650 MB)
#              to read the reports back, a CJK font for tests/cli/t-text.sh, zsh
#              to check the zsh completion, and PostgreSQL 15, whose server the
#              tests start and stop in a temporary directory.
set -eu
pkgs="gcc meson ninja-build pkg-config libsqlite3-dev libpq-dev libjansson-dev libcairo2-dev
libpango1.0-dev libfontconfig-dev libpng-dev libxlsxwriter-dev libyaml-dev fonts-dejavu-core"
if [ "${1:-}" = "--tests" ]; then
	pkgs="$pkgs python3 libcmocka-dev poppler-utils util-linux libreoffice-calc-nogui
python3-openpyxl fonts-wqy-microhei zsh postgresql-15"
elif [ $# -gt 0 ]; then
	echo "usage: scripts/install-deps.sh [--tests]" >&2
	exit 2
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing:$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
