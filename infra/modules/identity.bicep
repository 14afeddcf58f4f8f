// The user-assigned managed identity shared by the function app and the job: storage data access, image pull,
// starting job executions and the queue scale rules all authenticate as this identity.

@description('Azure region.')
param location string

@description('Name of the managed identity.')
param name string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
