#!/bin/sh
# Same contract as the official node image's entrypoint: `docker run <image> app.js` and
# `docker run <image> -e '...'` run node; any other command runs as given.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
