#!/bin/sh
# Installs what kvperf needs to build and test on Debian 12 (as root, or
# through sudo).  Installs nothing when everything is already there.
set -eu
# fonts-wqy-microhei (1.6 MB): a CJK font for tests/cli/t-text.sh only; kvperf
# itself needs DejaVu Sans and draws any other script in whatever font
# fontconfig finds.
pkgs="gcc meson ninja-build pkg-config python3 libsqlite3-dev libjansson-dev
libcairo2-dev libpango1.0-dev libfontconfig-dev libxlsxwriter-dev libyaml-dev fonts-dejavu-core libcmocka-dev poppler-utils
util-linux libreoffice-calc-nogui python3-openpyxl fonts-wqy-microhei"
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
