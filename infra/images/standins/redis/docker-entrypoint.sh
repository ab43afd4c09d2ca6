#!/bin/sh
# Entrypoint of the redis stand-in, with the official image's rules:
# - flags or a *.conf file alone mean "redis-server with these arguments";
# - as root, own /data and drop to the redis user;
# - protected mode is off unless a config file or flag says otherwise (the official image builds
#   Redis with that default; Debian's build keeps upstream's "on", which refuses other containers).
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# Appended, not prepended: redis-server reads -v/--version/--help only as its first argument.
# A config file (always the first argument) decides protected mode itself, as does an explicit
# --protected-mode; upstream's sample redis.conf sets it.
if [ "$1" = 'redis-server' ] && [ "${2%.conf}" = "${2:-}" ]; then
  case " $* " in
    *' --protected-mode '*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
fi

exec "$@"
