// Container Apps job (manual trigger) that runs CPU-bound tasks: the app's image in job mode. The launcher starts one
// execution per rank through ARM with a template override (task, input blob, rank, cpu and memory); the values here
// are the defaults of an execution started without one. The managed identity gets a narrow custom role on this job:
// read it, start executions, read and stop executions.

@description('Azure region.')
param location string

@description('Name of the Container Apps job.')
param name string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Image of app and job (registry/repository:tag).')
param image string

@description('Login server of the container registry.')
param registryServer string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the managed identity.')
param identityClientId string

@description('Principal id of the managed identity (gets the right to start this job).')
param identityPrincipalId string

@description('Default CPU cores of an execution, as a string (Bicep has no decimals), for example \'1.0\'.')
param cpu string

@description('Default memory of an execution, for example \'2Gi\' (Container Apps pairs cpu and memory: 0.5 cpu per 1Gi).')
param memory string

@description('Longest an execution may run, in seconds.')
param replicaTimeoutSeconds int

@description('Environment variables of the job container (storage endpoints).')
param env array

@description('Name of the job\'s container; the launcher overrides the container with this name.')
param containerName string = 'job'

@description('Tags for every resource.')
param tags object

resource job 'Microsoft.App/jobs@2024-03-01' = {
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
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
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
          image: image
          args: [
            '--serverless-job'
          ]
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

resource starterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'serverless-container-apps-job-starter')
  properties: {
    roleName: 'Serverless job starter (${resourceGroup().name})'
    description: 'Read a Container Apps job, start its executions, read and stop them.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.App/jobs/read'
          'Microsoft.App/jobs/start/action'
          'Microsoft.App/jobs/stop/action'
          'Microsoft.App/jobs/executions/*'
        ]
        notActions: []
      }
    ]
  }
}

resource starter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(job.id, identityPrincipalId, starterRole.id)
  scope: job
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: starterRole.id
  }
}

output name string = job.name
output id string = job.id
output containerName string = containerName
