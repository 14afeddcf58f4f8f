// The user-assigned managed identity of the function app and of the Container Apps job. Storage (AzureWebJobsStorage
// and the deployment package), Application Insights ingestion, image pulls and starting job executions all
// authenticate as this identity. App and job share it because the job launcher hands its own storage client id
// (AzureWebJobsStorage__clientId) to every execution it starts.

@description('Azure region.')
param location string

@description('Name of the managed identity.')
param name string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
