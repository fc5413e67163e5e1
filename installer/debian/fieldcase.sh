#!/bin/sh
# /usr/bin/fieldcase from the Debian package: runs the bundle in /opt/fieldcase. The agency's
# deployment file lives in /etc/fieldcase (IT's, not the package's: upgrades and removal keep it).
if [ -z "${FIELDCASE_DEPLOYMENT:-}" ] && [ -f /etc/fieldcase/fieldcase-deployment.json ]; then
  FIELDCASE_DEPLOYMENT=/etc/fieldcase/fieldcase-deployment.json
  export FIELDCASE_DEPLOYMENT
fi
exec /opt/fieldcase/fieldcase "$@"
