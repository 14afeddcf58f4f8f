#!/usr/bin/env bash
# Compiles and lints the Bicep in infra/ with the bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64.
# Fails on ANY warning or error. Idempotent: the CLI is restored once into infra/bicep/.packages and reused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="0.49.2"
packages="$here/bicep/.packages"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [[ ! -x "$bicep" ]]; then
  echo "lint.sh: restoring the bicep CLI $version from NuGet"
  dotnet restore "$here/bicep/Bicep.proj" --packages "$packages" --verbosity quiet >/dev/null
  chmod +x "$bicep"
fi

export BICEP_TRACING_ENABLED=false
out="$here/out"
mkdir -p "$out"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

status=0
run() {
  echo "lint.sh: bicep $*"
  if ! "$bicep" "$@" >>"$log" 2>&1; then
    status=1
  fi
  echo >>"$log"
}

run build "$here/main.bicep" --outfile "$out/main.json"
run build-params "$here/main.bicepparam" --outfile "$out/main.parameters.json"
# Linting main.bicep reports the diagnostics of every module it uses.
run lint "$here/main.bicep"
run lint "$here/main.bicepparam"

if grep -Eq ': (Warning|Error) ' "$log" || [[ $status -ne 0 ]]; then
  cat "$log"
  echo "lint.sh: FAILED (warnings or errors above)" >&2
  exit 1
fi

echo "lint.sh: bicep build and lint are clean"
