// FleetOps: IoT Hub, storage, monitoring and a Java Function App on Flex Consumption, wired together
// with the app's system-assigned identity. Deploy into an existing resource group:
//   az deployment group create -g <rg> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
// See docs/deploy.md.
targetScope = 'resourceGroup'

@description('Azure region for every resource. Flex Consumption is not offered in every region.')
param location string = resourceGroup().location

@description('Short lower-case prefix for resource names (letters and digits).')
@minLength(2)
@maxLength(12)
param namePrefix string = 'fleetops'

@description('Environment name, e.g. dev or prod (lower-case letters and digits). Part of every resource name.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('IoT Hub SKU. Basic tiers lack direct methods and twins, so only F1 and S1-S3 are allowed.')
@allowed([
  'F1'
  'S1'
  'S2'
  'S3'
])
param iotHubSkuName string = 'S1'

@description('IoT Hub units: F1 allows exactly 1, S3 at most 10, S1 and S2 at most 200 (checked below).')
@minValue(1)
@maxValue(200)
param iotHubCapacity int = 1

@description('Consumer group on the hub\'s built-in events endpoint.')
param iotHubConsumerGroupName string = 'fleetops'

@description('NCRONTAB schedule of the progress timer (app setting PROGRESS_SCHEDULE).')
param progressSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule of the fleet-operation reconciliation timer (app setting ROLLOUT_SCHEDULE).')
param rolloutSchedule string = '*/30 * * * * *'

@description('The most direct methods one rollout tick keeps in flight; within it the window follows the hub rate x device latency (app setting ROLLOUT_DISPATCH_PARALLELISM, 1-2048 as in FunctionsSettings).')
@minValue(1)
@maxValue(2048)
param rolloutDispatchParallelism int = 512

@description('How rollout ticks call devices: inline (the timer instance calls them) or queue (queue-triggered workers on every instance, paced together below the hub limit; docs/performance.md "Beyond one instance"). App setting ROLLOUT_DISPATCH_MODE.')
@allowed([
  'inline'
  'queue'
])
param rolloutDispatchMode string = 'inline'

@description('Blob container for progress summaries (app setting PROGRESS_CONTAINER).')
@minLength(3)
@maxLength(63)
param progressContainerName string = 'fleetops-progress'

@description('The largest firmware package the catalog takes, in MiB (app setting FIRMWARE_MAX_SIZE_MB).')
@minValue(1)
@maxValue(4096)
param firmwareMaxSizeMb int = 2048

@description('Optional: a Key Vault (RBAC authorization, same resource group) holding FleetOps\' firmware signing key as a secret; empty for none. The app reads it through a Key Vault reference (app setting FIRMWARE_SIGNING_KEY) and gets Key Vault Secrets User on that one secret (docs/firmware-catalog.md).')
param firmwareSigningKeyVaultName string = ''

@description('The secret in firmwareSigningKeyVaultName: PEM text of the signing key\'s PRIVATE KEY and PUBLIC KEY blocks.')
param firmwareSigningKeySecretName string = 'fleetops-firmware-signing-key'

@description('Minutes after which a non-terminal action counts as stuck (positive, as ProgressSettings requires).')
@minValue(1)
param progressStuckAfterMinutes int = 30

@description('How many recent failures a progress summary lists (0-1000, the bound of core ProgressSettings).')
@minValue(0)
@maxValue(1000)
param progressFailureLimit int = 20

@description('How long IoT Hub waits for a device method response (5-300 s). With methodConnectTimeoutSeconds at most 200 s in total: see methodTimeouts below.')
@minValue(5)
@maxValue(300)
param methodResponseTimeoutSeconds int = 30

@description('How long IoT Hub waits for an offline device to connect (0-300 s; 0 fails fast). With methodResponseTimeoutSeconds at most 200 s in total.')
@minValue(0)
@maxValue(300)
param methodConnectTimeoutSeconds int = 0

@description('How long one Table or Blob storage request may take (1-30 s; two quick retries, then the API answers 503 storage-unavailable).')
@minValue(1)
@maxValue(30)
param storageTimeoutSeconds int = 5

@description('Origins allowed to call the HTTP API from a browser (siteConfig.cors). Empty: none.')
param allowedCorsOrigins array = []

@description('Tags applied to every resource.')
param tags object = {}

// Identity (docs/identity.md). Authentication is on exactly when authClientId is set: App Service Authentication with
// Entra ID in front of the app (FLEETOPS_AUTH=entra). Empty: no platform authentication, function keys only, every
// caller is the automation principal (FLEETOPS_AUTH=key).
@description('Application (client) ID of the FleetOps API app registration (docs/identity.md). Empty: no Entra ID sign-in; function-key callers act as the automation principal.')
param authClientId string = ''

@description('Directory (tenant) ID of the app registration. Empty: the tenant of this deployment.')
param authTenantId string = ''

@description('Token audiences accepted besides the client ID (always accepted) and api://<client ID> (added here). Add the Application ID URI if it is not api://<client ID>.')
param authAllowedAudiences array = []

@description('Name the audit gives function-key callers when authentication is off (FLEETOPS_AUTOMATION_NAME; 1-64 letters, digits, . _ - @).')
@minLength(1)
@maxLength(64)
param automationPrincipalName string = 'automation'

@description('Role of function-key callers when authentication is off (FLEETOPS_AUTOMATION_ROLE).')
@allowed([
  'FleetOps.Reader'
  'FleetOps.Operator'
  'FleetOps.Admin'
])
param automationRole string = 'FleetOps.Operator'

@description('Longest explicit device list an Operator may target; longer lists, filters and factory resets need an Admin (FLEETOPS_OPERATOR_MAX_DEVICES, 1-10000).')
@minValue(1)
@maxValue(10000)
param operatorMaxDevices int = 100

@description('Two-person approval (with authentication on): explicit device lists this long or longer wait for a second Admin, as do filter targets and factory resets of more than one device (FLEETOPS_APPROVAL_MIN_DEVICES, 2-10000).')
@minValue(2)
@maxValue(10000)
param approvalMinDevices int = 1000

@description('Hours an operation waits for approval before the rollout timer rejects it (FLEETOPS_APPROVAL_TTL_HOURS, 1-168).')
@minValue(1)
@maxValue(168)
param approvalTtlHours int = 24

@description('NCRONTAB schedule of the events delivery timer (app setting EVENTS_SCHEDULE; docs/rollouts.md, "Events").')
param eventsSchedule string = '*/10 * * * * *'

@description('Sends to one target before an event is dead-lettered (app setting FLEETOPS_EVENTS_MAX_ATTEMPTS, 1-20 as in EventSettings).')
@minValue(1)
@maxValue(20)
param eventsMaxAttempts int = 10

@description('First retry wait in seconds, doubled for each later one up to an hour (app setting FLEETOPS_EVENTS_FIRST_BACKOFF_SECONDS, 1-3600).')
@minValue(1)
@maxValue(3600)
param eventsFirstBackoffSeconds int = 10

@description('Hours after which an undelivered event is dead-lettered (app setting FLEETOPS_EVENTS_MAX_AGE_HOURS, 1-72).')
@minValue(1)
@maxValue(72)
param eventsMaxAgeHours int = 24

@description('Let webhook subscriptions resolve to private addresses, for receivers in the same network (app setting FLEETOPS_WEBHOOK_ALLOW_PRIVATE). Link-local and metadata addresses stay refused.')
param webhookAllowPrivate bool = false

// A device action is one HTTP request that waits for the direct method: IoT Hub waits up to connect +
// response seconds, and the app's service client allows 10 s more to read and 10 s to connect
// (functions/.../iothub/MethodTimeouts.java, IotHubClients.java). Regardless of the function timeout, an
// HTTP-triggered function must answer within 230 s (the Azure Load Balancer idle timeout; "Function app
// timeout duration", https://learn.microsoft.com/azure/azure-functions/functions-scale#function-app-timeout-duration). So the two
// timeouts may add up to MethodTimeouts.MAX_WAIT_SECONDS = 200 s: 10 + 200 + 10 = 220 s < 230 s.
// fail() stops the deployment before any resource is touched
// (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions-flow-control); it is not
// an experimental feature, unlike `assert`.
var maxMethodWaitSeconds = 200
var methodTimeouts = methodResponseTimeoutSeconds + methodConnectTimeoutSeconds <= maxMethodWaitSeconds
  ? {
      responseSeconds: methodResponseTimeoutSeconds
      connectSeconds: methodConnectTimeoutSeconds
    }
  : fail('methodResponseTimeoutSeconds + methodConnectTimeoutSeconds must not exceed ${maxMethodWaitSeconds} s, or device actions outlast the 230 s HTTP limit.')

// Units per tier ("Maximum units" in https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#iot-hub-limits):
// F1 1, S1 200, S2 200, S3 10.
var iotHubMaxUnits = {
  F1: 1
  S1: 200
  S2: 200
  S3: 10
}
var iotHubUnits = iotHubCapacity <= iotHubMaxUnits[iotHubSkuName]
  ? iotHubCapacity
  : fail('IoT Hub ${iotHubSkuName} allows at most ${iotHubMaxUnits[iotHubSkuName]} unit(s); iotHubCapacity is too large.')

// Deterministic per subscription, resource group and environment; keeps global names unique.
var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var baseName = toLower('${namePrefix}-${environmentName}')
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'fleetops'
})
var names = {
  logAnalytics: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  // Storage names allow lower-case letters and digits only, 24 at most: 2 + 9 + 13.
  storage: 'st${take(replace(baseName, '-', ''), 9)}${suffix}'
  iotHub: 'iot-${baseName}-${suffix}'
  plan: 'plan-${baseName}'
  functionApp: 'func-${baseName}-${suffix}'
  deploymentContainer: 'app-package'
  firmwareContainer: 'firmware'
  eventGridTopic: 'evgt-${baseName}-${suffix}'
  deadLetterContainer: 'fleetops-deadletters'
  logsContainer: 'device-logs'
  iotHubFileUploadIdentity: 'id-iot-${baseName}'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'fleetops-monitoring'
  params: {
    location: location
    tags: allTags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
  }
}

module storage 'modules/storage.bicep' = {
  name: 'fleetops-storage'
  params: {
    location: location
    tags: allTags
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    progressContainerName: progressContainerName
    firmwareContainerName: names.firmwareContainer
    logsContainerName: names.logsContainer
  }
}

module iotHub 'modules/iothub.bicep' = {
  name: 'fleetops-iothub'
  params: {
    location: location
    tags: allTags
    iotHubName: names.iotHub
    skuName: iotHubSkuName
    capacity: iotHubUnits
    consumerGroupName: iotHubConsumerGroupName
    storageAccountName: storage.outputs.storageAccountName
    logsContainerName: storage.outputs.logsContainerName
    fileUploadIdentityName: names.iotHubFileUploadIdentity
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'fleetops-eventgrid'
  params: {
    location: location
    tags: allTags
    topicName: names.eventGridTopic
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'fleetops-functionapp'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    functionAppName: names.functionApp
    storageAccountName: storage.outputs.storageAccountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    iotHubHostName: iotHub.outputs.iotHubHostName
    allowedCorsOrigins: allowedCorsOrigins
    methodResponseTimeoutSeconds: methodTimeouts.responseSeconds
    methodConnectTimeoutSeconds: methodTimeouts.connectSeconds
    storageTimeoutSeconds: storageTimeoutSeconds
    progressSchedule: progressSchedule
    rolloutSchedule: rolloutSchedule
    rolloutDispatchParallelism: rolloutDispatchParallelism
    rolloutDispatchMode: rolloutDispatchMode
    iotHubSku: iotHubSkuName
    iotHubUnits: iotHubUnits
    progressContainerName: storage.outputs.progressContainerName
    firmwareContainerName: storage.outputs.firmwareContainerName
    logsContainerName: storage.outputs.logsContainerName
    firmwareMaxSizeMb: firmwareMaxSizeMb
    firmwareSigningKeyReference: empty(firmwareSigningKeyVaultName)
      ? ''
      : '@Microsoft.KeyVault(VaultName=${firmwareSigningKeyVaultName};SecretName=${firmwareSigningKeySecretName})'
    progressStuckAfterMinutes: progressStuckAfterMinutes
    progressFailureLimit: progressFailureLimit
    authClientId: authClientId
    authTenantId: empty(authTenantId) ? tenant().tenantId : authTenantId
    authAllowedAudiences: authAllowedAudiences
    automationPrincipalName: automationPrincipalName
    automationRole: automationRole
    operatorMaxDevices: operatorMaxDevices
    approvalMinDevices: approvalMinDevices
    approvalTtlHours: approvalTtlHours
    eventsSchedule: eventsSchedule
    eventGridEndpoint: eventGrid.outputs.endpoint
    eventsMaxAttempts: eventsMaxAttempts
    eventsFirstBackoffSeconds: eventsFirstBackoffSeconds
    eventsMaxAgeHours: eventsMaxAgeHours
    eventsDeadLetterContainer: names.deadLetterContainer
    webhookAllowPrivate: webhookAllowPrivate
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'fleetops-rbac'
  params: {
    principalId: functionApp.outputs.principalId
    iotHubName: iotHub.outputs.iotHubName
    storageAccountName: storage.outputs.storageAccountName
    appInsightsName: monitoring.outputs.appInsightsName
    eventGridTopicName: eventGrid.outputs.topicName
  }
}

// Only with a signing key: the app may read that one secret, nothing else in the vault.
module signingKeyAccess 'modules/signingkey.bicep' = if (!empty(firmwareSigningKeyVaultName)) {
  name: 'fleetops-signing-key-access'
  params: {
    principalId: functionApp.outputs.principalId
    keyVaultName: firmwareSigningKeyVaultName
    secretName: firmwareSigningKeySecretName
  }
}

// Names and host names only: no keys, no connection strings (they would land in deployment history).
output resourceGroupName string = resourceGroup().name
output logAnalyticsName string = monitoring.outputs.logAnalyticsName
output appInsightsName string = monitoring.outputs.appInsightsName
output storageAccountName string = storage.outputs.storageAccountName
output progressContainerName string = storage.outputs.progressContainerName
output firmwareContainerName string = storage.outputs.firmwareContainerName
output logsContainerName string = storage.outputs.logsContainerName
output iotHubName string = iotHub.outputs.iotHubName
output iotHubHostName string = iotHub.outputs.iotHubHostName
output iotHubConsumerGroupName string = iotHub.outputs.consumerGroupName
output eventGridTopicName string = eventGrid.outputs.topicName
output eventGridEndpoint string = eventGrid.outputs.endpoint
output functionAppName string = functionApp.outputs.functionAppName
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName
output functionAppPrincipalId string = functionApp.outputs.principalId
output authMode string = functionApp.outputs.authMode
