// Role assignments that let the Function App's system-assigned identity reach its dependencies
// without keys. Each assignment is scoped to the single resource that needs it, and its name is
// guid(scope, principal, role) so redeployments are idempotent.

@description('Object id of the Function App system-assigned identity.')
param principalId string

@description('IoT Hub the app manages.')
param iotHubName string

@description('Storage account used by the Functions host and FleetOps.')
param storageAccountName string

@description('Application Insights component the app sends telemetry to.')
param appInsightsName string

@description('Event Grid custom topic the app publishes its events to.')
param eventGridTopicName string

// Built-in role definition ids (the same in every Azure tenant).
var roles = {
  // Microsoft.Devices/IotHubs/* data actions. Needed because FleetOps invokes direct methods:
  // IoT Hub Registry Contributor (devices/*) and Twin Contributor (twins/*) are narrower but do
  // not include the directMethods/invoke data action, so they cannot run the actions.
  iotHubDataContributor: '4fc6c259-987e-4a07-842e-c321cc9d413f'
  // Identity-based AzureWebJobsStorage and the Flex deployment container need blob owner rights.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The Functions host uses queues under AzureWebJobsStorage for some triggers and retries.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // FleetOps will keep state in Azure Tables (AzureWebJobsStorage__tableServiceUri is set already).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // The firmware catalog signs its upload and download links as user delegation SAS (shared keys are off), which
  // needs Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action at the account. Storage
  // Blob Data Owner above includes it today; the delegator role states the need on its own, so narrowing the
  // blob role later does not silently break every firmware link.
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  // EventGrid Data Sender: Microsoft.EventGrid/topics/events/send/action and nothing else; the topic has local auth off.
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
  // App Insights has local auth disabled; telemetry is sent with the identity.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoleIds = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
  roles.storageBlobDelegator
]

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' existing = {
  name: iotHubName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource iotHubDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(iotHub.id, principalId, roles.iotHubDataContributor)
  scope: iotHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.iotHubDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoleIds: {
  name: guid(storage.id, principalId, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource eventGridTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: eventGridTopicName
}

resource eventGridSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventGridTopic.id, principalId, roles.eventGridDataSender)
  scope: eventGridTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventGridDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
