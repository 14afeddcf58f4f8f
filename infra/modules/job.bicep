// Container Apps job (manual trigger) that runs the CPU-bound tasks: the function app's own binary in job mode
// (`--serverless-job`). The launcher in the function app starts one execution per rank through Azure Resource Manager
// with a template override (image, task, input blob, rank, cpu, memory); the template here is the default of an
// execution started without one. The function app's identity gets a custom role on this job only: read the job,
// start executions, read and stop them.

@description('Azure region.')
param location string

@description('Name of the Container Apps job (2-32 lowercase letters, digits and dashes).')
@minLength(2)
@maxLength(32)
param name string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Image of the job\'s default template; empty: a public placeholder, until the predeploy hook has pushed the job image.')
param image string

@description('Login server of the container registry the job pulls from.')
param registryServer string

@description('Resource id of the user-assigned managed identity (image pulls, storage).')
param identityId string

@description('Client id of the managed identity.')
param identityClientId string

@description('Principal id of the managed identity that may start this job (the function app\'s).')
param starterPrincipalId string

@description('Object id of the developer (AZURE_PRINCIPAL_ID) who may start this job too, to run the launcher locally; empty: nobody else.')
param developerPrincipalId string = ''

@description('Default CPU cores of an execution, as a string (Bicep has no decimals), for example \'1.0\'.')
param cpu string

@description('Default memory of an execution, for example \'2Gi\' (Consumption pairs cpu and memory: 0.5 cpu per 1Gi).')
param memory string

@description('Longest an execution may run, in seconds.')
@minValue(60)
param replicaTimeoutSeconds int

@description('Retries of a failed replica. 0: a failed rank fails its task, which then retries as a whole.')
@minValue(0)
@maxValue(10)
param replicaRetryLimit int

@description('Replicas an execution runs at once. The launcher starts one execution per rank, so 1.')
@minValue(1)
param parallelism int

@description('Replicas that must succeed for an execution to succeed. 1, as parallelism.')
@minValue(1)
param replicaCompletionCount int

@description('Environment variables of the job\'s default template (jobs storage); the launcher sets its own per execution.')
param env array

@description('Name of the job\'s container; the launcher overrides the container with this name.')
param containerName string = 'job'

@description('Tags for every resource.')
param tags object

// A public image that exists before the first push, so the first `azd provision` succeeds.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

resource job 'Microsoft.App/jobs@2025-01-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: replicaRetryLimit
      manualTriggerConfig: {
        parallelism: parallelism
        replicaCompletionCount: replicaCompletionCount
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: containerName
          image: empty(image) ? placeholderImage : image
          args: empty(image) ? [] : ['--serverless-job']
          env: concat(env, [
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
          ])
          resources: {
            cpu: json(cpu)
            memory: memory
          }
        }
      ]
    }
  }
}

// Least privilege for the launcher (shared/Serverless.Jobs/ContainerApps/ArmJobsClient.cs). The operation names are
// those of the Microsoft.App resource provider, checked in "Azure permissions for Compute", section microsoft.app
// (https://learn.microsoft.com/azure/role-based-access-control/permissions/compute#microsoftapp):
//   Microsoft.App/jobs/read                   Get a Container Apps Job
//   Microsoft.App/jobs/start/action           Start a Container Apps Job (POST .../jobs/{job}/start, Jobs_Start)
//   Microsoft.App/jobs/execution/read         Get a single execution (GET .../jobs/{job}/executions/{execution})
//   Microsoft.App/jobs/executions/read        Get a Container Apps Job's execution history
//   Microsoft.App/jobs/stop/execution/action  Stop a job's specific execution (POST .../executions/{execution}/stop,
//                                             Jobs_StopExecution, what the launcher calls)
//   Microsoft.App/jobs/stop/action            Stop multiple Container Apps Job executions (POST .../jobs/{job}/stop)
// (Read from the stored copy of that page's source, MicrosoftDocs azure-docs
// articles/role-based-access-control/permissions/compute.md.) Both reads and both stops are in: the list does not say
// which of each pair ARM checks for the launcher's URLs. No write, delete or listSecrets, and no wildcard
// (Microsoft.App/jobs/*/action would include listSecrets). Not granted: Microsoft.App/locations/
// containerappsjoboperationresults/read, which following a 202 Location of the start would need (the start answers
// 200 with the execution in the REST examples; an operation result under .../locations/<region>/ is not under the job,
// so an assignment here would not cover it).
var starterActions = [
  'Microsoft.App/jobs/read'
  'Microsoft.App/jobs/start/action'
  'Microsoft.App/jobs/execution/read'
  'Microsoft.App/jobs/executions/read'
  'Microsoft.App/jobs/stop/execution/action'
  'Microsoft.App/jobs/stop/action'
]

resource starterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, name, 'container-apps-job-starter')
  properties: {
    // Role names are unique in a tenant: the job name carries the environment's unique token.
    roleName: 'Container Apps job starter (${name})'
    description: 'Read the Container Apps job ${name}, start its executions, read and stop them.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: starterActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource starterAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(job.id, starterPrincipalId, starterRole.name)
  scope: job
  properties: {
    principalId: starterPrincipalId
    principalType: 'ServicePrincipal'
    // The subscription-level id of the custom role, the form role assignments take.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', starterRole.name)
  }
}

// No principalType: the developer may be a user or, in a pipeline, a service principal.
resource developerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(job.id, developerPrincipalId, starterRole.name)
  scope: job
  properties: {
    principalId: developerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', starterRole.name)
  }
}

output name string = job.name
output id string = job.id
output containerName string = containerName
output starterRoleName string = starterRole.properties.roleName
