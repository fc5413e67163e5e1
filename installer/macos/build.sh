#!/usr/bin/env bash
# Build fieldcase.app on macOS (Python 3.11+ from python.org), then a disk image and an installer package.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# the pinned, hashed requirements (scripts/lock; one file for every platform), then the package
.venv/bin/python -m pip install -q --require-hashes -r requirements/dev.txt
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/fieldcase.spec
dist/fieldcase.app/Contents/MacOS/fieldcase --version
# Signing and notarisation need the agency's Developer ID; IT runs these with its own identity:
#   codesign --deep --options runtime --sign "Developer ID Application: …" dist/fieldcase.app
#   xcrun notarytool submit … --wait && xcrun stapler staple dist/fieldcase.app
# A flat installer package for silent installs (`sudo installer -pkg … -target /`, or an MDM).
# Its preinstall script removes the old fieldcase.app first, so an upgrade leaves no stale file.
version=$(.venv/bin/python -c 'import fieldcase; print(fieldcase.__version__)')
pkgbuild --component dist/fieldcase.app --install-location /Applications --identifier org.fieldcase.app \
  --version "$version" --scripts installer/macos/scripts dist/fieldcase-"$version".pkg
#   productsign --sign "Developer ID Installer: …" dist/fieldcase-$version.pkg dist/fieldcase-$version-signed.pkg
hdiutil create -volname fieldcase -srcfolder dist/fieldcase.app -ov -format UDZO dist/fieldcase.dmg
