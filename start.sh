#!/usr/bin/env bash
# Runs the function app locally: installs Azurite from package.json, then starts the app, which starts Azurite itself
# when AzureWebJobsStorage is UseDevelopmentStorage=true (the default in local.settings.sample.json).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/azurite ] || npm ci --no-audit --no-fund --loglevel=error
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json
exec dotnet run --project functions/Serverless.Functions -- "$@"
