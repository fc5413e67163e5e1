#!/usr/bin/env bash
# Install fieldcase from this unpacked tarball (on Debian/Ubuntu prefer the .deb: installer/README.md).
#   sudo ./install.sh              -> /opt/fieldcase, a menu entry for every user
#   ./install.sh --user            -> ~/.local/opt/fieldcase, a menu entry for this user
#   sudo ./install.sh --uninstall  (or ./install.sh --user --uninstall) removes the app again
# An upgrade replaces the old version's folder, so no file of it stays behind. Neither install nor
# uninstall ever touches the caseworker's data folder (~/.local/share/fieldcase).
# IT: put fieldcase-deployment.json (server address, escrow key; its CA .pem if any) next to this
# script or the installed `fieldcase` executable; they are kept across upgrades, removed by --uninstall.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
user=no; uninstall=no
for arg in "$@"; do
  case "$arg" in
    --user) user=yes ;;
    --uninstall) uninstall=yes ;;
    *) echo "usage: install.sh [--user] [--uninstall]" >&2; exit 2 ;;
  esac
done
if [ "$user" = yes ]; then
  prefix="$HOME/.local/opt/fieldcase"; apps="$HOME/.local/share/applications"; bin="$HOME/.local/bin"
else
  prefix=/opt/fieldcase; apps=/usr/share/applications; bin=/usr/local/bin
fi
if [ "$uninstall" = yes ]; then
  rm -rf "$prefix"
  rm -f "$apps/fieldcase.desktop"
  [ -L "$bin/fieldcase" ] && rm -f "$bin/fieldcase"
  echo "fieldcase removed from $prefix (the caseworkers' data folders are kept)"
  exit 0
fi
mkdir -p "$(dirname "$prefix")" "$apps" "$bin"
# install beside the old version, then swap: an upgrade never mixes files of two versions
staged="$prefix.new"
rm -rf "$staged" && cp -r "$here/fieldcase" "$staged"
[ -f "$here/fieldcase.png" ] && cp "$here/fieldcase.png" "$staged/fieldcase.png"
# IT's files (the deployment file, the agency's CA certificate): a new one beside this script wins,
# otherwise the installed one is kept
for kept in fieldcase-deployment.json "$here"/*.pem "$prefix"/*.pem; do
  name=$(basename "$kept")
  [ -e "$staged/$name" ] && continue
  if [ -f "$here/$name" ]; then cp "$here/$name" "$staged/$name"
  elif [ -f "$prefix/$name" ]; then cp "$prefix/$name" "$staged/$name"; fi
done
rm -rf "$prefix" && mv "$staged" "$prefix"
sed -e "s#@PREFIX@#$prefix#g" "$here/fieldcase.desktop" > "$apps/fieldcase.desktop"
ln -sf "$prefix/fieldcase" "$bin/fieldcase"
echo "fieldcase installed in $prefix"
