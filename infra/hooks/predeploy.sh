#!/bin/sh
# azd predeploy hook (azure.yaml): builds the job image in the registry that `azd provision` created, with
# `az acr build` (no local Docker needed), and records it in the azd environment so the next provision also puts it in
# the job's default template. The function app's launcher names this image in every execution it starts.
# Needs the Azure CLI signed in (az login) to the azd environment's tenant. Runs from the repository root or anywhere.
set -eu

# azd passes the environment's values to hooks as environment variables; `azd env get-value` is the fallback when the
# script runs by hand.
value() {
  eval "current=\${$1:-}"
  if [ -z "$current" ] && command -v azd >/dev/null 2>&1; then
    current=$(azd env get-value "$1" 2>/dev/null || true)
  fi
  printf '%s' "$current"
}

registry=$(value AZURE_CONTAINER_REGISTRY_NAME)
image=$(value SERVERLESS_JOB_IMAGE_NAME)
subscription=$(value AZURE_SUBSCRIPTION_ID)
if [ -z "$registry" ] || [ -z "$image" ]; then
  echo "predeploy: AZURE_CONTAINER_REGISTRY_NAME or SERVERLESS_JOB_IMAGE_NAME is not set: run 'azd provision' first." >&2
  exit 1
fi
if ! command -v az >/dev/null 2>&1; then
  echo "predeploy: the Azure CLI (az) builds the job image: install it and run 'az login'." >&2
  exit 1
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
repository=${image#*/}            # serverless-job:latest
name=${repository%:*}             # serverless-job
build_tag=$(date -u +%Y%m%d%H%M%S)

# `az acr build` uploads its context honouring only a .dockerignore at the context's root, so the build context is a
# staged copy of what infra/Dockerfile needs, without build output.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
trap 'exit 130' INT TERM
mkdir "$stage/context"
(
  cd "$root"
  tar -cf "$stage/context.tar" \
    --exclude=bin --exclude=obj --exclude=artifacts --exclude=TestResults --exclude=node_modules \
    --exclude=local.settings.json \
    global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig \
    host.json local.settings.sample.json shared orchestrations functions
)
tar -C "$stage/context" -xf "$stage/context.tar"
cp "$root/infra/Dockerfile" "$stage/context/Dockerfile"
cp "$root/infra/Dockerfile.dockerignore" "$stage/context/.dockerignore"

echo "predeploy: building $image (also tagged $name:$build_tag) in registry $registry"
if [ -n "$subscription" ]; then
  az acr build --subscription "$subscription" --registry "$registry" \
    --image "$repository" --image "$name:$build_tag" --file "$stage/context/Dockerfile" "$stage/context"
else
  az acr build --registry "$registry" \
    --image "$repository" --image "$name:$build_tag" --file "$stage/context/Dockerfile" "$stage/context"
fi

# The job's default template takes this image from the next `azd provision` on (main.parameters.json jobImage).
if command -v azd >/dev/null 2>&1; then
  azd env set SERVERLESS_JOB_IMAGE "$image"
fi
echo "predeploy: pushed $image"
