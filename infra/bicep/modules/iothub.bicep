// IoT Hub with a consumer group on the built-in events endpoint.
//
// disableLocalAuth stays false on purpose: devices authenticate with per-device SAS keys
// (symmetric keys), and Entra ID is not available for device APIs. Turning local auth off would
// also block the shared-access connection string some operators use for local runs. The FleetOps
// back-end itself never uses a key in Azure: it calls the service APIs with its managed identity
// (IOTHUB_HOSTNAME plus the IoT Hub Data Contributor role, see rbac.bicep).

@description('Azure region for the hub.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('IoT Hub name: 3-50 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(50)
param iotHubName string

// Basic tiers (B1-B3) have no direct methods, twins or cloud-to-device messages, which FleetOps needs.
@description('IoT Hub SKU. Standard tiers only; F1 is the free tier (one per subscription).')
@allowed([
  'F1'
  'S1'
  'S2'
  'S3'
])
param skuName string

@description('Number of IoT Hub units.')
@minValue(1)
@maxValue(200)
param capacity int

@description('Consumer group created on the built-in events endpoint for FleetOps readers.')
param consumerGroupName string

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: iotHubName
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: 1
        // The free tier allows two partitions only.
        partitionCount: skuName == 'F1' ? 2 : 4
      }
    }
    minTlsVersion: '1.2'
    // Devices use SAS keys (see the header comment), so local auth cannot be disabled.
    disableLocalAuth: false
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
