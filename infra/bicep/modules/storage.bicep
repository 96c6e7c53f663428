// Storage account for the Functions host (AzureWebJobsStorage over identity), the Flex Consumption
// deployment package, FleetOps progress summaries and firmware packages. Shared keys are off, so every client, the
// Functions host included, authenticates with Entra ID; the roles are granted in rbac.bicep.

@description('Azure region for the storage account.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Blob container that receives the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Blob container for progress summaries (app setting PROGRESS_CONTAINER).')
param progressContainerName string

@description('Private blob container of pulled device logs: IoT Hub\'s file upload container (docs/api.md).')
param logsContainerName string

@description('Private blob container for firmware packages; devices download them over HTTPS with a read-only user delegation SAS (docs/deploy.md).')
param firmwareContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource progressContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: progressContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Firmware packages. Private like the others: shared keys are off, so a download link is a user
// delegation SAS (signed with Entra ID credentials, https only, valid 7 days at most).
resource firmwareContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: firmwareContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Pulled device logs, written by devices through IoT Hub's file upload ({deviceId}/logs/{operationId}.log.gz) and read
// through FleetOps' short-lived user delegation links.
resource logsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: logsContainerName
  properties: {
    publicAccess: 'None'
  }
}

output storageAccountName string = storage.name
output deploymentContainerName string = deploymentContainer.name
output progressContainerName string = progressContainer.name
output firmwareContainerName string = firmwareContainer.name
output logsContainerName string = logsContainer.name
