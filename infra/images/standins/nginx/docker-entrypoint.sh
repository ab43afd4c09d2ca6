#!/bin/sh
# The part of the official image's entrypoint that configurations rely on: every
# /etc/nginx/templates/*.template becomes /etc/nginx/conf.d/<name> with ${VARIABLES} filled in
# from the environment (only variables that are set, so nginx's own $host and $uri survive).
set -eu

if [ "${1:-}" = "nginx" ] || [ "${1:-}" = "nginx-debug" ]; then
  template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
  output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
  suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
  if [ -d "$template_dir" ] && [ -w "$output_dir" ]; then
    defined="$(printf '${%s} ' $(env | cut -d= -f1))"
    find "$template_dir" -follow -type f -name "*$suffix" | while read -r template; do
      relative="${template#"$template_dir"/}"
      output="$output_dir/${relative%"$suffix"}"
      mkdir -p "$(dirname "$output")"
      envsubst "$defined" < "$template" > "$output"
    done
  fi
fi

exec "$@"
