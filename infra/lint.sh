#!/usr/bin/env bash
# Compiles and lints every Bicep file in infra/ with the bicep CLI from the NuGet package
# Azure.Bicep.CommandLine.linux-x64, checks infra/main.parameters.json against main.bicep and the azd hooks' shell
# syntax. Fails on ANY warning or error. Idempotent: the CLI is restored once into infra/bicep/.packages and reused.
# Runs from any working directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="0.49.2"
packages="$here/bicep/.packages"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

# A restore cut short leaves a binary that does not run: restore it again then.
if [[ ! -x "$bicep" ]] || ! "$bicep" --version >/dev/null 2>&1; then
  rm -rf "$packages"
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
# run LABEL COMMAND...: prints the label, appends the command's output to the log, notes a failure.
run() {
  echo "lint.sh: $1"
  shift
  if ! "$@" >>"$log" 2>&1; then
    status=1
  fi
  echo >>"$log"
}

# Every .bicep file, the entry point first (the CLI's own folders and the build output excluded).
mapfile -t files < <(cd "$here" && find . \( -path ./bicep -o -path ./out \) -prune -o -name '*.bicep' -print \
  | sed 's|^\./||' | LC_ALL=C sort | awk '$0 == "main.bicep" { print; next } { rest[++n] = $0 } END { for (i = 1; i <= n; i++) print rest[i] }')
if [[ ${#files[@]} -eq 0 || "${files[0]}" != "main.bicep" ]]; then
  echo "lint.sh: infra/main.bicep is missing" >&2
  exit 1
fi

for file in "${files[@]}"; do
  name="${file%.bicep}"
  run "bicep build infra/$file" "$bicep" build "$here/$file" --outfile "$out/${name//\//_}.json"
  run "bicep lint infra/$file" "$bicep" lint "$here/$file"
done

# main.parameters.json (what azd deploys main.bicep with): valid JSON, names only parameters main.bicep has, and
# gives every parameter that has no default.
run "check infra/main.parameters.json against main.bicep" node -e '
  const fs = require("fs");
  const [template, parameters] = process.argv.slice(1).map(f => JSON.parse(fs.readFileSync(f, "utf8")));
  const declared = template.parameters || {};
  const given = parameters.parameters || {};
  const problems = [];
  for (const name of Object.keys(given)) {
    if (!(name in declared)) problems.push(`main.parameters.json: Error: parameter ${name} is not declared in main.bicep`);
  }
  for (const [name, p] of Object.entries(declared)) {
    if (!("defaultValue" in p) && !(name in given)) problems.push(`main.parameters.json: Error: parameter ${name} of main.bicep has no default and no value`);
  }
  problems.forEach(p => console.log(p));
  process.exit(problems.length ? 1 : 0);
' "$out/main.json" "$here/main.parameters.json"

# The azd hooks: POSIX shell syntax (they run with `sh`).
for hook in "$here"/hooks/*.sh; do
  [[ -e "$hook" ]] || continue
  run "sh -n infra/hooks/$(basename "$hook")" sh -n "$hook"
done

if grep -Eq ': (Warning|Error) ' "$log" || [[ $status -ne 0 ]]; then
  cat "$log"
  echo "lint.sh: FAILED (warnings or errors above)" >&2
  exit 1
fi

echo "lint.sh: bicep build and lint of ${#files[@]} files are clean (0 warnings, 0 errors); main.parameters.json matches main.bicep"
