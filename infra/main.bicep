// Azure deployment of the serverless function orchestration template, for `azd up` (see infra/README.md).
// One resource group holds: a user-assigned managed identity; a storage account (Entra ID only); Log Analytics and
// Application Insights; the function app on a Flex Consumption plan (dotnet-isolated 10.0); and, for CPU-bound tasks,
// a container registry, a Container Apps environment and a Container Apps job (manual trigger) that the function app
// starts through Azure Resource Manager with its managed identity. The job image is built by the azd predeploy hook
// (infra/hooks/predeploy.sh) with `az acr build`.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the unique token in resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. Flex Consumption runs in a subset of regions: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd (AZURE_PRINCIPAL_ID): gets the storage data roles and the job starter role to run the app locally against these resources. Empty: none.')
param principalId string = ''

@description('Resource group name; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Durable Functions task hub (3-45 letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'ServerlessHub'

@description('Most function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of a function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Blob container of job inputs, results and logs (Serverless:Jobs:ContainerName).')
@minLength(3)
@maxLength(63)
param jobsContainerName string = 'serverless-jobs'

@description('Queue told of each job run\'s end; the app\'s serverless_job_completed trigger turns it into the waiting orchestration\'s event (Serverless:Jobs:CompletionQueue).')
@minLength(3)
@maxLength(63)
param jobCompletionQueueName string = 'serverless-job-completions'

@description('Repository of the job image in the registry (the predeploy hook pushes <registry>/<repository>:<tag>).')
param jobImageRepository string = 'serverless-job'

@description('Tag of the job image the launcher starts.')
param jobImageTag string = 'latest'

@description('Image of the job\'s default template, set by the predeploy hook (SERVERLESS_JOB_IMAGE); empty: a public placeholder until the first push. The launcher names the image of every execution it starts itself.')
param jobImage string = ''

@description('Default CPU cores of a job execution, as a string (each task\'s request overrides it per execution).')
param jobCpu string = '2.0'

@description('Default memory of a job execution (each task\'s request overrides it per execution). Consumption pairs: 0.5/1Gi, 1/2Gi, 2/4Gi, 4/8Gi.')
param jobMemory string = '4Gi'

@description('Longest a job execution may run, in seconds.')
@minValue(60)
param jobReplicaTimeoutSeconds int = 3600

@description('Retries of a failed job replica.')
@minValue(0)
@maxValue(10)
param jobReplicaRetryLimit int = 0

@description('Replicas a job execution runs at once (the launcher starts one execution per rank: keep 1).')
@minValue(1)
param jobParallelism int = 1

@description('Replicas that must complete for a job execution to succeed (keep 1, as parallelism).')
@minValue(1)
param jobReplicaCompletionCount int = 1

@description('Accept Entra ID authenticated telemetry only in Application Insights.')
param applicationInsightsDisableLocalAuth bool = false

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  identity: 'id-api-${token}'
  storage: take('st${token}', 24)
  workspace: 'log-${token}'
  applicationInsights: 'appi-${token}'
  plan: 'plan-${token}'
  functionApp: 'func-api-${token}'
  registry: take('cr${token}', 50)
  environment: 'cae-${token}'
  job: take('caj-cpu-${token}', 32)
}
var deploymentContainerName = take('app-package-${names.functionApp}', 63)
var jobContainerName = 'job'
var jobImageName = '${registry.outputs.loginServer}/${jobImageRepository}:${jobImageTag}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    name: names.identity
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    name: names.storage
    containerNames: [
      deploymentContainerName
      jobsContainerName
    ]
    principalId: identity.outputs.principalId
    developerPrincipalId: principalId
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    workspaceName: names.workspace
    applicationInsightsName: names.applicationInsights
    retentionInDays: logRetentionInDays
    disableLocalAuth: applicationInsightsDisableLocalAuth
    principalId: identity.outputs.principalId
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    name: names.registry
    principalId: identity.outputs.principalId
    tags: tags
  }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  scope: rg
  params: {
    location: location
    name: names.environment
    workspaceName: monitoring.outputs.workspaceName
    tags: tags
  }
}

module job 'modules/job.bicep' = {
  name: 'job'
  scope: rg
  params: {
    location: location
    name: names.job
    environmentId: environment.outputs.id
    image: jobImage
    registryServer: registry.outputs.loginServer
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    starterPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    cpu: jobCpu
    memory: jobMemory
    replicaTimeoutSeconds: jobReplicaTimeoutSeconds
    replicaRetryLimit: jobReplicaRetryLimit
    parallelism: jobParallelism
    replicaCompletionCount: jobReplicaCompletionCount
    containerName: jobContainerName
    // What the launcher sets per execution too (shared/Serverless.Jobs/JobStorageSettings.cs), for an execution
    // started without a template override.
    env: [
      {
        name: 'SERVERLESS_JOBS_STORAGE'
        value: storage.outputs.blobEndpoint
      }
      {
        name: 'SERVERLESS_JOBS_CONTAINER'
        value: jobsContainerName
      }
      {
        name: 'SERVERLESS_JOBS_COMPLETION_QUEUE'
        value: jobCompletionQueueName
      }
      {
        name: 'AzureWebJobsStorage__clientId'
        value: identity.outputs.clientId
      }
    ]
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'functionApp'
  scope: rg
  params: {
    location: location
    name: names.functionApp
    planName: names.plan
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: tags
    // The settings the app reads: host.json overrides (AzureFunctionsJobHost__*) and the job launcher's options
    // (Serverless:Jobs, shared/Serverless.Jobs/JobsOptions.cs). The jobs storage falls back to
    // AzureWebJobsStorage__blobServiceUri and its client id to AzureWebJobsStorage__clientId.
    appSettings: {
      AzureFunctionsJobHost__extensions__durableTask__hubName: taskHubName
      Serverless__Jobs__Launcher: 'ContainerApps'
      Serverless__Jobs__ContainerName: jobsContainerName
      Serverless__Jobs__CompletionQueue: jobCompletionQueueName
      Serverless__Jobs__ContainerApps__SubscriptionId: subscription().subscriptionId
      Serverless__Jobs__ContainerApps__ResourceGroup: rg.name
      Serverless__Jobs__ContainerApps__JobName: job.outputs.name
      Serverless__Jobs__ContainerApps__ContainerName: job.outputs.containerName
      Serverless__Jobs__ContainerApps__Image: jobImageName
      Serverless__Jobs__ContainerApps__ClientId: identity.outputs.clientId
      Serverless__Jobs__ContainerApps__Environment__AZURE_CLIENT_ID: identity.outputs.clientId
    }
  }
}

// Read by azd (and written to .azure/<environment>/.env) and by the predeploy hook.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.outputs.name
output SERVERLESS_JOB_NAME string = job.outputs.name
output SERVERLESS_JOB_IMAGE_NAME string = jobImageName
output SERVERLESS_TASK_HUB_NAME string = taskHubName
