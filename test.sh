#!/usr/bin/env bash
# Runs every test: installs Azurite from package.json (the tests start their own on free ports), then dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
dotnet test --solution Serverless.sln "$@"
