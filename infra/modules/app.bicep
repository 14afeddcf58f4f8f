// Container App running the function host: HTTP ingress on 8080, scaled by KEDA azure-queue rules on the app's queues
// and the task hub's control and work-item queues (authenticated as the managed identity), down to minReplicas
// (0 allowed: a queue message or an HTTP request wakes it).

@description('Azure region.')
param location string

@description('Name of the Container App.')
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

@description('Storage account whose queues drive the scale rules.')
param storageAccountName string

@description('Queues that scale the app: trigger queues, control queues, work-item queue.')
param scaleQueueNames array

@description('Messages per replica before KEDA adds one.')
@minValue(1)
param queueLength int

@description('Fewest replicas; 0 lets the app scale to zero.')
@minValue(0)
param minReplicas int

@description('Most replicas.')
@minValue(1)
param maxReplicas int

@description('CPU cores of a replica, as a string, for example \'0.5\'.')
param cpu string

@description('Memory of a replica, for example \'1Gi\'.')
param memory string

@description('Environment variables of the app container.')
param env array

@description('Tags for every resource.')
param tags object

var queueRules = [
  for queue in scaleQueueNames: {
    name: take('queue-${toLower(queue)}', 63)
    azureQueue: {
      accountName: storageAccountName
      queueName: queue
      queueLength: queueLength
      identity: identityId
    }
  }
]

var httpRule = {
  name: 'http'
  http: {
    metadata: {
      concurrentRequests: '50'
    }
  }
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
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
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
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
          name: 'host'
          image: image
          env: concat(env, [
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'ASPNETCORE_URLS'
              value: 'http://+:8080'
            }
          ])
          resources: {
            cpu: json(cpu)
            memory: memory
          }
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: concat(queueRules, [httpRule])
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
