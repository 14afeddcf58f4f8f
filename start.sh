#!/usr/bin/env bash
# Runs the function app locally. Builds functions/, installs Azurite from package.json, copies local.settings.sample.json
# to local.settings.json on the first run; then runs `func start` when Azure Functions Core Tools v4 is on PATH, and the
# project's local Functions host (func-local) otherwise. Both run the same build output with the same host.json and
# local.settings.json. Arguments go to func start / func-local (--port N, --enableAuth). Ctrl+C drains and stops.
set -euo pipefail
cd "$(dirname "$0")"
artifacts="${SERVERLESS_ARTIFACTS:-$PWD/artifacts}"
app="$artifacts/bin/Serverless.Functions/debug"

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund --loglevel=error
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json
dotnet build functions/Serverless.Functions --nologo -v quiet -clp:ErrorsOnly

if command -v func >/dev/null 2>&1 && [[ "$(func --version 2>/dev/null)" == 4.* ]]; then
  echo "start.sh: Azure Functions Core Tools $(func --version) found: running func start in $app"
  azurite_pid=""
  if grep -q 'UseDevelopmentStorage=true' local.settings.json && ! (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
    mkdir -p .azurite
    node node_modules/azurite/dist/src/azurite.js --silent --location .azurite --skipApiVersionCheck &
    azurite_pid=$!
    trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT
  fi
  cd "$app"
  func start "$@"
else
  echo "start.sh: Core Tools not found: running the local Functions host (func-local) on $app"
  dotnet build shared/Serverless.FunctionsHost.Cli --nologo -v quiet -clp:ErrorsOnly
  exec dotnet "$artifacts/bin/Serverless.FunctionsHost.Cli/debug/func-local.dll" --script-root "$app" "$@"
fi
