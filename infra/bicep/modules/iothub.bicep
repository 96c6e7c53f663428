// IoT Hub with a consumer group on the built-in events endpoint.
//
// disableLocalAuth: true turns off the hub's shared access policies (iothubowner, service, ...) for the
// service APIs: every service call needs Microsoft Entra ID and an IoT Hub data role. The FleetOps
// back-end already calls them with its managed identity (IOTHUB_HOSTNAME plus IoT Hub Data Contributor,
// rbac.bicep); operators use `az iot ... --auth-type login` and the roles in docs/deploy.md.
// Devices are not affected: Entra ID does not cover the device APIs, devices keep authenticating with
// their own per-device symmetric keys, which disableDeviceSAS: false keeps allowed.
//   disableLocalAuth: "If true, SAS tokens with Iot hub scoped SAS keys cannot be used for authentication."
//   disableDeviceSAS: "If true, all device (including Edge devices but excluding modules) scoped SAS keys
//                      cannot be used for authentication."
//   (IotHubProperties in the Microsoft.Devices REST spec / Azure.ResourceManager.IotHub reference;
//   https://learn.microsoft.com/azure/templates/microsoft.devices/iothubs;
//   https://learn.microsoft.com/azure/iot-hub/authenticate-authorize-azure-ad#enforce-microsoft-entra-authentication)
// Caveat from that page: the Device Provisioning Service links hubs with shared access policies only, so
// DPS provisioning fails against this hub ("unauthorized"). FleetOps does not use DPS.

@description('Azure region for the hub.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('IoT Hub name: 3-50 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(50)
param iotHubName string

// Basic tiers (B1-B3) have no direct methods, twins or cloud-to-device messages, which FleetOps needs.
@description('IoT Hub SKU. Standard tiers only; F1 is the free tier (one per subscription, 1 unit).')
@allowed([
  'F1'
  'S1'
  'S2'
  'S3'
])
param skuName string

@description('Number of IoT Hub units (main.bicep refuses more than the tier allows: F1 1, S3 10).')
@minValue(1)
@maxValue(200)
param capacity int

@description('Consumer group created on the built-in events endpoint for FleetOps readers.')
param consumerGroupName string

@description('Storage account that device file uploads (pulled logs) go to.')
param storageAccountName string

@description('Blob container of pulled device logs: the hub\'s file upload container (app setting LOGS_CONTAINER).')
param logsContainerName string

@description('Name of the user-assigned identity the hub reaches storage with.')
param fileUploadIdentityName string

// File upload (docs/api.md "Device logs"): the hub reaches the logs container with its own identity, never a storage
// key (the account has shared keys off). A user-assigned identity, created and granted Storage Blob Data Contributor
// on the account before the hub, so the hub's storage endpoint is valid from its first deployment; a system-assigned
// identity exists only once the hub does, so its role would come too late for the hub's own validation.
// Properties: StorageEndpointProperties (authenticationType 'identityBased', identity.userAssignedIdentity,
// connectionString without a key, containerName, sasTtlAsIso8601) and enableFileUploadNotifications in the
// Microsoft.Devices/IotHubs 2023-06-30 reference (https://learn.microsoft.com/azure/templates/microsoft.devices/iothubs);
// the role as the portal's "Configure file upload" page names it (Storage Blob Data Contributor).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource fileUploadIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: fileUploadIdentityName
  location: location
  tags: tags
}

resource fileUploadBlobAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, fileUploadIdentity.id, storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: fileUploadIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: iotHubName
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: capacity
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${fileUploadIdentity.id}': {}
    }
  }
  dependsOn: [
    fileUploadBlobAccess
  ]
  properties: {
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: 1
        // The free tier allows two partitions only.
        partitionCount: skuName == 'F1' ? 2 : 4
      }
    }
    minTlsVersion: '1.2'
    // Service APIs: Entra ID only. Devices: per-device SAS keys stay allowed (see the header comment).
    disableLocalAuth: true
    disableDeviceSAS: false
    // Devices upload pulled logs to {deviceId}/{blobName} in this container with a SAS the hub signs (1 hour).
    storageEndpoints: {
      '$default': {
        connectionString: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage}'
        containerName: logsContainerName
        sasTtlAsIso8601: 'PT1H'
        authenticationType: 'identityBased'
        identity: {
          userAssignedIdentity: fileUploadIdentity.id
        }
      }
    }
    // Nobody reads the service-side notifications: the device reports each upload's outcome in reported.logs.
    enableFileUploadNotifications: false
  }
}

resource consumerGroup 'Microsoft.Devices/IotHubs/eventHubEndpoints/ConsumerGroups@2023-06-30' = {
  name: '${iotHub.name}/events/${consumerGroupName}'
  properties: {
    name: consumerGroupName
  }
}

output iotHubName string = iotHub.name
output iotHubHostName string = iotHub.properties.hostName
output consumerGroupName string = last(split(consumerGroup.name, '/'))
