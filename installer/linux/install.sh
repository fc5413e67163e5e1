#!/usr/bin/env bash
# Install fieldcase from this unpacked tarball.
#   sudo ./install.sh          -> /opt/fieldcase, a menu entry for every user
#   ./install.sh --user        -> ~/.local/opt/fieldcase, a menu entry for this user
# IT: put fieldcase-deployment.json (server address, escrow key) next to the `fieldcase` executable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--user" ]; then
  prefix="$HOME/.local/opt/fieldcase"; apps="$HOME/.local/share/applications"; bin="$HOME/.local/bin"
else
  prefix=/opt/fieldcase; apps=/usr/share/applications; bin=/usr/local/bin
fi
mkdir -p "$prefix" "$apps" "$bin"
cp -r "$here/fieldcase/." "$prefix/"
[ -f "$here/fieldcase.png" ] && cp "$here/fieldcase.png" "$prefix/fieldcase.png"
if [ -f "$here/fieldcase-deployment.json" ]; then
  cp "$here/fieldcase-deployment.json" "$prefix/fieldcase-deployment.json"
fi
sed -e "s#@PREFIX@#$prefix#g" "$here/fieldcase.desktop" > "$apps/fieldcase.desktop"
ln -sf "$prefix/fieldcase" "$bin/fieldcase"
echo "fieldcase installed in $prefix"
