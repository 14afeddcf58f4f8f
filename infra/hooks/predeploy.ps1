# azd predeploy hook for Windows (azure.yaml): the same as predeploy.sh. Builds the job image in the registry that
# `azd provision` created, with `az acr build`, and records it in the azd environment for the job's default template.
# Needs PowerShell 7 (pwsh), the Azure CLI signed in (az login) and tar (shipped with Windows 10 and later).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-AzdValue([string] $Name) {
    $current = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($current) -and (Get-Command azd -ErrorAction SilentlyContinue)) {
        $current = (azd env get-value $Name 2>$null)
        if ($LASTEXITCODE -ne 0) { $current = '' }
    }
    return "$current".Trim()
}

$registry = Get-AzdValue 'AZURE_CONTAINER_REGISTRY_NAME'
$image = Get-AzdValue 'SERVERLESS_JOB_IMAGE_NAME'
$subscription = Get-AzdValue 'AZURE_SUBSCRIPTION_ID'
if (-not $registry -or -not $image) {
    throw "predeploy: AZURE_CONTAINER_REGISTRY_NAME or SERVERLESS_JOB_IMAGE_NAME is not set: run 'azd provision' first."
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "predeploy: the Azure CLI (az) builds the job image: install it and run 'az login'."
}

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$repository = $image.Substring($image.IndexOf('/') + 1)
$name = $repository.Substring(0, $repository.LastIndexOf(':'))
$buildTag = (Get-Date).ToUniversalTime().ToString('yyyyMMddHHmmss')

# az acr build honours only a .dockerignore at the context's root: build from a staged copy without build output.
$stage = Join-Path ([IO.Path]::GetTempPath()) ([IO.Path]::GetRandomFileName())
New-Item -ItemType Directory -Path $stage | Out-Null
try {
    $archive = Join-Path $stage 'context.tar'
    Push-Location $root
    try {
        tar -cf $archive `
            --exclude=bin --exclude=obj --exclude=artifacts --exclude=TestResults --exclude=node_modules `
            --exclude=local.settings.json `
            global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig `
            host.json local.settings.sample.json shared orchestrations functions
        if ($LASTEXITCODE -ne 0) { throw 'predeploy: tar failed' }
    }
    finally { Pop-Location }
    $context = Join-Path $stage 'context'
    New-Item -ItemType Directory -Path $context | Out-Null
    tar -xf $archive -C $context
    if ($LASTEXITCODE -ne 0) { throw 'predeploy: tar failed' }
    Copy-Item (Join-Path $root 'infra/Dockerfile') (Join-Path $context 'Dockerfile')
    Copy-Item (Join-Path $root 'infra/Dockerfile.dockerignore') (Join-Path $context '.dockerignore')

    Write-Host "predeploy: building $image (also tagged ${name}:$buildTag) in registry $registry"
    $arguments = @('acr', 'build', '--registry', $registry, '--image', $repository, '--image', "${name}:$buildTag",
        '--file', (Join-Path $context 'Dockerfile'), $context)
    if ($subscription) { $arguments += @('--subscription', $subscription) }
    az @arguments
    if ($LASTEXITCODE -ne 0) { throw "predeploy: az acr build failed ($LASTEXITCODE)" }
}
finally {
    Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
}

if (Get-Command azd -ErrorAction SilentlyContinue) {
    azd env set SERVERLESS_JOB_IMAGE $image
    if ($LASTEXITCODE -ne 0) { throw 'predeploy: azd env set failed' }
}
Write-Host "predeploy: pushed $image"
