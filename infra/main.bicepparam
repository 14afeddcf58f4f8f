using 'main.bicep'

// Parameters of a deployment; override any of them with --parameters name=value.
param baseName = 'srvless'
param deployApps = true
param imageTag = 'serverless-app:latest'
param appQueueNames = [
  'orders'
]
param taskHubName = 'ServerlessHub'
param partitionCount = 4
param minReplicas = 0
param maxReplicas = 10
param jobCpu = '2.0'
param jobMemory = '4Gi'
param jobReplicaTimeoutSeconds = 3600
