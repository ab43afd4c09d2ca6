#!/usr/bin/env bash
# Entrypoint of the postgres stand-in: the official image's first-run contract in less code.
# First start with an empty PGDATA: initdb, start a temporary server on the Unix socket only
# (so `pg_isready -h localhost` stays false until the real server is up), create POSTGRES_DB,
# run /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz, stop it, then exec the real server.
# Like the official image, the log says "database system is ready to accept connections" once
# for the temporary server and once for the real one.
set -Eeo pipefail

# VAR or VAR_FILE (Docker secrets), as the official image allows.
file_env() {
  local var="$1" file_var="${1}_FILE" value="${2:-}"
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo >&2 "error: both $var and $file_var are set (but are exclusive)"
    exit 1
  fi
  if [ -n "${!var:-}" ]; then
    value="${!var}"
  elif [ -n "${!file_var:-}" ]; then
    value="$(<"${!file_var}")"
  fi
  export "$var"="$value"
  unset "$file_var"
}

# Flags alone mean "postgres with these flags": `docker run postgres:15 -c fsync=off`.
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

# `postgres --version` and friends only print something: no chown, no initdb.
wants_info() {
  local arg
  for arg; do
    case "$arg" in
      -'?' | --help | --describe-config | -V | --version) return 0 ;;
    esac
  done
  return 1
}
server=false
if [ "$1" = 'postgres' ] && ! wants_info "$@"; then
  server=true
fi

# As root: own the data and socket folders, then run this script again as postgres.
if [ "$server" = true ] && [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  mkdir -p /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

psql_as_superuser() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" "$@"
}

init_database() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  local auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != 'trust' ]; then
    cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD to a non-empty value for the superuser, or set
       POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password.
MSG
    exit 1
  fi

  # The password goes through a pipe, never a file or the command line.
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of flags, as in the official image.
  if [ -n "$POSTGRES_PASSWORD" ]; then
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
  else
    initdb --username="$POSTGRES_USER" $POSTGRES_INITDB_ARGS
  fi
  # Local (socket and loopback) connections stay trusted, as initdb sets them up; everything else
  # needs the password.
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  # The temporary server listens on the socket only, so nothing outside sees it as "ready".
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start

  export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    psql_as_superuser --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  run_init_scripts
  unset PGPASSWORD

  pg_ctl -D "$PGDATA" -m fast -w stop
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
}

run_init_scripts() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)
        # Executable scripts run on their own; others are sourced, as in the official image.
        if [ -x "$f" ]; then
          echo "$0: running $f"
          "$f"
        else
          echo "$0: sourcing $f"
          # shellcheck disable=SC1090
          . "$f"
        fi
        ;;
      *.sql) echo "$0: running $f"; psql_as_superuser --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_as_superuser --dbname "$POSTGRES_DB" ;;
      *) echo "$0: ignoring $f" ;;
    esac
  done
}

if [ "$server" = true ]; then
  if [ -s "$PGDATA/PG_VERSION" ]; then
    echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
  else
    init_database
  fi
fi

# PID 1 is postgres itself, so `docker stop` (SIGINT, see STOPSIGNAL) shuts it down cleanly.
exec "$@"
