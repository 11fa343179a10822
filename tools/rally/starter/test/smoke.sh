#!/usr/bin/env bash
# Starts the server on a free port of 127.0.0.1 with a database of its own, checks that the pages
# and the stylesheet are served, and stops the server by its PID.
#   test/smoke.sh <path to the server executable>     (CTest runs it: ctest --preset dev)
set -euo pipefail
exe="${1:?usage: test/smoke.sh <server executable>}"
scratch="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "smoke: $*" >&2; [ -s "$scratch/stderr" ] && sed 's/^/  server: /' "$scratch/stderr" >&2; exit 1; }

# The server prints "rally: <app> listening on http://127.0.0.1:<port>" once it accepts connections.
mkfifo "$scratch/stdout"
APP_ENV=test HOST=127.0.0.1 PORT=0 RALLY_LOG=error DATABASE_PATH="$scratch/app.db" \
  "$exe" >"$scratch/stdout" 2>"$scratch/stderr" &
server=$!
exec 3<"$scratch/stdout"
port=""
while IFS= read -r -t 30 line <&3; do
  if [[ "$line" =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then port="${BASH_REMATCH[1]}"; break; fi
done
[ -n "$port" ] || fail "the server did not report its address within 30 s"
cat <&3 >/dev/null &  # keep draining its output

# GET <path> -> "<status code>\n<body>" (HTTP/1.1 over bash's /dev/tcp: no curl needed).
get() {
  local response
  exec 4<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&4
  response="$(cat <&4)"
  exec 4>&-
  printf '%s\n%s' "$(head -n1 <<<"$response" | cut -d' ' -f2)" "$response"
}
expect() {  # expect <path> <status> <text the response must contain>
  local out
  out="$(get "$1")"
  [ "$(head -n1 <<<"$out")" = "$2" ] || fail "GET $1: expected status $2, got $(head -n1 <<<"$out")"
  grep -qF -- "$3" <<<"$out" || fail "GET $1: the response does not contain '$3'"
}

expect / 200 '<h1>Tasks</h1>'
expect / 200 '/assets/app.css'
expect /assets/app.css 200 '.task.done'
expect /tasks/1 404 ''   # an empty database: load() answers not_found
expect /tasks/abc 404 ''
echo "smoke: the server on port $port served /, /tasks/:id and /assets/app.css"
