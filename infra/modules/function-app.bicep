// The function app: a Flex Consumption plan (FC1) and a Linux function app on it running the dotnet-isolated 10.0
// worker. The deployment package lives in a blob container read with the user-assigned identity; AzureWebJobsStorage
// is an identity-based connection; telemetry goes to Application Insights with Entra ID. `azd deploy` finds the app
// by its azd-service-name tag.

@description('Azure region.')
param location string

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('azd service name of the app (azure.yaml services.<name>).')
param serviceName string = 'api'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the managed identity.')
param identityClientId string

@description('Storage account of AzureWebJobsStorage and the deployment package.')
param storageAccountName string

@description('Blob container of the deployment package in that account.')
param deploymentContainerName string

@description('Application Insights resource in this resource group.')
param applicationInsightsName string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of an instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Further app settings (name: value), merged over the ones this module sets.')
param appSettings object

@description('Tags for every resource.')
param tags object

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// Identity-based AzureWebJobsStorage: the account name (what the Functions host needs), the service URIs (what the
// app's own libraries read, for example the job runner's blob store) and the managed identity's client id.
// Flex Consumption takes no FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION settings: the runtime is in
// functionAppConfig.
var baseSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential in the app's code picks the user-assigned identity.
  AZURE_CLIENT_ID: identityClientId
}

var settings = union(baseSettings, appSettings)

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The app settings as one config resource (values are computed at deployment time, from the storage account and
// Application Insights).
resource appSettingsConfig 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: settings
}

output name string = app.name
output id string = app.id
output defaultHostName string = app.properties.defaultHostName
