// Log Analytics workspace for the Container Apps environment's console and system logs.

@description('Azure region.')
param location string

@description('Name of the Log Analytics workspace.')
param name string

@description('Days to keep logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Tags for every resource.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output id string = workspace.id
output name string = workspace.name
