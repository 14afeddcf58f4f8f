// Serverless function orchestration template on Azure Container Apps.
// One resource group holds: a user-assigned managed identity; a storage account (queues, tables, blobs; Entra ID
// only); Log Analytics; a container registry; a Container Apps environment; the function host as a Container App
// scaled by its queues; and a Container Apps job (manual trigger) for CPU-bound tasks. App and job run one image.
// Deploy in two steps (see infra/README.md): first deployApps=false to create the registry, then push the image and
// deploy again with deployApps=true.

targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short prefix of resource names (letters and digits).')
@minLength(2)
@maxLength(10)
param baseName string = 'srvless'

@description('Create the Container App and the job; false for the first step, before the image is in the registry.')
param deployApps bool = true

@description('Image repository and tag in the registry, for example serverless-app:1.0.0.')
param imageTag string = 'serverless-app:latest'

@description('Queues the app\'s queue triggers listen on.')
param appQueueNames array = [
  'orders'
]

@description('Durable task hub name (3-45 letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'ServerlessHub'

@description('Control queue partitions of the task hub (queues <hub>-control-00 and up).')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('Prefix of the task runtime\'s queues and tables (host.json extensions.tasks.storagePrefix).')
@minLength(3)
@maxLength(20)
param taskStoragePrefix string = 'tasks'

@description('Namespaces of the app\'s tasks: each has a queue per priority (p0-p3) and an idle queue, all scaling the app.')
param taskNamespaces array = [
  'default'
]

@description('Fewest app replicas; 0 lets the app scale to zero when idle.')
@minValue(0)
param minReplicas int = 0

@description('Most app replicas.')
@minValue(1)
@maxValue(300)
param maxReplicas int = 10

@description('Queue messages per replica before the app scales out.')
@minValue(1)
param queueLength int = 16

@description('CPU cores of an app replica, as a string.')
param appCpu string = '0.5'

@description('Memory of an app replica.')
param appMemory string = '1Gi'

@description('Default CPU cores of a job execution, as a string (each task overrides it per run).')
param jobCpu string = '2.0'

@description('Default memory of a job execution (each task overrides it per run).')
param jobMemory string = '4Gi'

@description('Longest a job execution may run, in seconds.')
@minValue(60)
param jobReplicaTimeoutSeconds int = 3600

@description('Blob container of job inputs, results and logs.')
param jobsContainerName string = 'serverless-jobs'

@description('Tags for every resource.')
param tags object = {
  project: 'serverless-template'
}

var suffix = uniqueString(resourceGroup().id)
var names = {
  identity: 'id-${baseName}-${suffix}'
  storage: take(toLower('st${baseName}${suffix}'), 24)
  workspace: 'log-${baseName}-${suffix}'
  registry: take('cr${baseName}${suffix}', 50)
  environment: 'cae-${baseName}-${suffix}'
  app: take('ca-${baseName}-host', 32)
  job: take('caj-${baseName}-cpu', 32)
}
var hub = toLower(taskHubName)
var controlQueues = [for i in range(0, partitionCount): '${hub}-control-${padLeft(string(i), 2, '0')}']
var hubQueues = concat(controlQueues, ['${hub}-workitems'])
var taskQueues = flatten(map(taskNamespaces, ns => map(['p0', 'p1', 'p2', 'p3', 'idle'], q => '${taskStoragePrefix}-${ns}-${q}')))

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: names.identity
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    queueNames: concat(appQueueNames, hubQueues, taskQueues)
    containerNames: [
      jobsContainerName
    ]
    principalId: identity.outputs.principalId
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: names.workspace
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    name: names.registry
    principalId: identity.outputs.principalId
    tags: tags
  }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    location: location
    name: names.environment
    workspaceName: monitoring.outputs.name
    tags: tags
  }
}

var image = '${registry.outputs.loginServer}/${imageTag}'

// Storage through the managed identity, as Azure Functions reads identity-based connections.
var storageEnv = [
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.outputs.blobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.outputs.queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.outputs.clientId
  }
  {
    name: 'SERVERLESS_JOBS_CONTAINER'
    value: jobsContainerName
  }
]

module job 'modules/job.bicep' = if (deployApps) {
  name: 'job'
  params: {
    location: location
    name: names.job
    environmentId: environment.outputs.id
    image: image
    registryServer: registry.outputs.loginServer
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    cpu: jobCpu
    memory: jobMemory
    replicaTimeoutSeconds: jobReplicaTimeoutSeconds
    env: storageEnv
    tags: tags
  }
}

module app 'modules/app.bicep' = if (deployApps) {
  name: 'app'
  params: {
    location: location
    name: names.app
    environmentId: environment.outputs.id
    image: image
    registryServer: registry.outputs.loginServer
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    scaleQueueNames: concat(appQueueNames, hubQueues, taskQueues)
    queueLength: queueLength
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    cpu: appCpu
    memory: appMemory
    tags: tags
    env: concat(storageEnv, [
      {
        name: 'AzureFunctionsJobHost__extensions__durableTask__hubName'
        value: taskHubName
      }
      {
        name: 'AzureFunctionsJobHost__extensions__tasks__storagePrefix'
        value: taskStoragePrefix
      }
      {
        name: 'Serverless__Jobs__Launcher'
        value: 'ContainerApps'
      }
      {
        name: 'Serverless__Jobs__ContainerName'
        value: jobsContainerName
      }
      {
        name: 'Serverless__Jobs__ContainerApps__SubscriptionId'
        value: subscription().subscriptionId
      }
      {
        name: 'Serverless__Jobs__ContainerApps__ResourceGroup'
        value: resourceGroup().name
      }
      {
        name: 'Serverless__Jobs__ContainerApps__JobName'
        value: names.job
      }
      {
        name: 'Serverless__Jobs__ContainerApps__ContainerName'
        value: 'job'
      }
      {
        name: 'Serverless__Jobs__ContainerApps__Image'
        value: image
      }
      {
        name: 'Serverless__Jobs__ContainerApps__ClientId'
        value: identity.outputs.clientId
      }
    ])
  }
}

output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output appUrl string = deployApps ? 'https://${app!.outputs.fqdn}' : ''
output jobName string = deployApps ? job!.outputs.name : ''
