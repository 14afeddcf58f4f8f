// Log Analytics workspace (Application Insights data, Container Apps console and system logs) and the workspace-based
// Application Insights resource of the function app. The identity gets Monitoring Metrics Publisher on Application
// Insights, so the host sends telemetry with Entra ID (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).

@description('Azure region.')
param location string

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights resource.')
param applicationInsightsName string

@description('Days to keep logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Accept Entra ID authenticated telemetry only. Leave false unless every telemetry sender of the app (the host and any exporter in the worker) authenticates with Entra ID.')
param disableLocalAuth bool = false

@description('Principal id of the managed identity that publishes telemetry.')
param principalId string

@description('Tags for every resource.')
param tags object

// Monitoring Metrics Publisher (built-in): send telemetry to Application Insights with Entra ID.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: disableLocalAuth
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output applicationInsightsName string = applicationInsights.name
