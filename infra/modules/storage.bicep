// Storage account of the function app (AzureWebJobsStorage): Entra ID only (shared keys off). Blob containers for
// the Flex Consumption deployment package and for the job runner (inputs, results, logs); the host and Durable
// Functions create their own queues, tables and blobs. The roles the identity needs for Durable Functions on Azure
// Storage are assigned here, and the same roles for the developer running `azd` (optional) to debug against it.

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Blob containers to create: the deployment package container and the jobs container.')
param containerNames array

@description('Principal id of the managed identity of the function app and the job.')
param principalId string

@description('Object id of the developer (AZURE_PRINCIPAL_ID) who gets the same data roles; empty: none.')
param developerPrincipalId string = ''

@description('Tags for every resource.')
param tags object

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage).
var roles = [
  // Storage Blob Data Owner: host secrets and leases, Durable Functions large messages and partition leases, the
  // deployment package, the jobs container.
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Queue Data Contributor: queue triggers, Durable Functions control and work-item queues.
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Storage Table Data Contributor: Durable Functions History and Instances tables.
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource identityRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(account.id, principalId, role)
    scope: account
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

// No principalType: the developer may be a user or, in a pipeline, a service principal.
resource developerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in (empty(developerPrincipalId) ? [] : roles): {
    name: guid(account.id, developerPrincipalId, role)
    scope: account
    properties: {
      principalId: developerPrincipalId
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
