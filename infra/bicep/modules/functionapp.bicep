// Function App on the Flex Consumption plan (FC1, Linux), Java, system-assigned identity.
//
// Flex Consumption takes the language and version from functionAppConfig.runtime and the package from
// functionAppConfig.deployment, so none of the app settings and site properties listed under "Flex
// Consumption plan deprecations" is emitted: worker runtime, extension version, run-from-package, content
// share, ftpsState, alwaysOn, linuxFxVersion, ... Flex refuses some of them outright ("site configuration
// properties ... for Flex Consumption sites is invalid" for siteConfig.ftpsState). The full list, checked by
// functions/.../infra/BicepTemplateTest.java:
//   https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
//   https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#considerations
// Storage, IoT Hub and Application Insights are all reached with the app's managed identity; the roles are
// granted in rbac.bicep. No key or connection string for storage or IoT Hub is stored here.

@description('Azure region for the plan and the app.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the Function App (globally unique; becomes <name>.azurewebsites.net).')
param functionAppName string

@description('Existing storage account used by the host and for the deployment package.')
param storageAccountName string

@description('Blob container in that account that holds the deployment package.')
param deploymentContainerName string

@description('Existing workspace-based Application Insights component.')
param appInsightsName string

@description('IoT Hub host name, <hub>.azure-devices.net.')
param iotHubHostName string

@description('Java version of the Flex runtime; keep equal to maven.compiler.release in pom.xml.')
@allowed([
  '17'
  '21'
])
param javaVersion string = '17'

// "The lowest maximum scale is currently 40. The highest currently supported value is 1000."
// (flex-consumption-plan#considerations; the Flex samples' IaC/bicep/main.bicep uses the same bounds).
@description('Upper bound of Flex instances (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per Flex instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Origins allowed by CORS (siteConfig.cors.allowedOrigins).')
param allowedCorsOrigins array

@description('How long IoT Hub waits for a device method response, in seconds (main.bicep checks the sum with the connect timeout).')
@minValue(5)
@maxValue(300)
param methodResponseTimeoutSeconds int

@description('How long IoT Hub waits for an offline device to connect, in seconds.')
@minValue(0)
@maxValue(300)
param methodConnectTimeoutSeconds int
param storageTimeoutSeconds int

@description('NCRONTAB schedule of the events delivery timer.')
param eventsSchedule string

@description('The Event Grid topic\'s publishing endpoint; the app publishes with its identity (EventGrid Data Sender).')
param eventGridEndpoint string

@description('Sends to one target before an event is dead-lettered.')
@minValue(1)
@maxValue(20)
param eventsMaxAttempts int

@description('First retry wait in seconds (doubled up to an hour).')
@minValue(1)
@maxValue(3600)
param eventsFirstBackoffSeconds int

@description('Hours after which an undelivered event is dead-lettered.')
@minValue(1)
@maxValue(72)
param eventsMaxAgeHours int

@description('Blob container of dead-lettered events.')
param eventsDeadLetterContainer string

@description('Whether webhook subscriptions may resolve to private addresses.')
param webhookAllowPrivate bool

@description('NCRONTAB schedule of the progress timer.')
param progressSchedule string

@description('NCRONTAB schedule of the fleet-operation reconciliation timer.')
param rolloutSchedule string

@description('The most direct methods one rollout tick keeps in flight.')
@minValue(1)
@maxValue(2048)
param rolloutDispatchParallelism int

@description('inline or queue (app setting ROLLOUT_DISPATCH_MODE).')
@allowed([
  'inline'
  'queue'
])
param rolloutDispatchMode string

@description('IoT Hub SKU; rollouts pace direct methods below its method throttle.')
param iotHubSku string

@description('IoT Hub units; the method throttle scales with them.')
@minValue(1)
@maxValue(200)
param iotHubUnits int

@description('Blob container that receives progress summaries.')
param progressContainerName string

@description('Blob container of the firmware catalog (app setting FIRMWARE_CONTAINER).')
param firmwareContainerName string

@description('Blob container of pulled device logs, the hub\'s file upload container (app setting LOGS_CONTAINER).')
param logsContainerName string

@description('The largest firmware package the catalog takes, in MiB (app setting FIRMWARE_MAX_SIZE_MB).')
@minValue(1)
@maxValue(4096)
param firmwareMaxSizeMb int

@description('FIRMWARE_SIGNING_KEY: a Key Vault reference to the firmware signing key, or empty for none.')
param firmwareSigningKeyReference string = ''

@description('Minutes after which a non-terminal action counts as stuck.')
@minValue(1)
param progressStuckAfterMinutes int

@description('How many recent failures a progress summary lists.')
@minValue(0)
@maxValue(1000)
param progressFailureLimit int

@description('Client ID of the FleetOps API app registration; empty turns App Service Authentication off (FLEETOPS_AUTH=key).')
param authClientId string

@description('Tenant ID of the app registration.')
param authTenantId string

@description('Token audiences accepted besides the client ID and api://<client ID>.')
param authAllowedAudiences array

@description('Name of the automation principal (function-key callers when authentication is off).')
@minLength(1)
@maxLength(64)
param automationPrincipalName string

@description('Role of the automation principal.')
@allowed([
  'FleetOps.Reader'
  'FleetOps.Operator'
  'FleetOps.Admin'
])
param automationRole string

@description('Longest explicit device list an Operator may target.')
@minValue(1)
@maxValue(10000)
param operatorMaxDevices int

@description('Shortest explicit device list that needs approval by a second Admin.')
@minValue(2)
@maxValue(10000)
param approvalMinDevices int

@description('Hours an operation waits for approval before it is rejected.')
@minValue(1)
@maxValue(168)
param approvalTtlHours int

// One switch for the platform and the app: the app trusts x-ms-client-principal only when FLEETOPS_AUTH=entra, and
// only App Service Authentication may set that header (it strips client-sent copies).
var authEnabled = !empty(authClientId)

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  // azd finds the deployment target of service 'api' (azure.yaml) by this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedCorsOrigins
      }
      appSettings: [
        // Host storage over the system-assigned identity (no AzureWebJobsStorage connection string).
        // __credential = managedidentity without __clientId means the system-assigned identity
        // (https://learn.microsoft.com/azure/azure-functions/functions-reference#common-properties-for-identity-based-connections),
        // as Azure-Samples/azure-functions-flex-consumption-samples IaC/bicep/main.bicep sets it. Valid only
        // when hosted in Azure, so it is not in local.settings.sample.json.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        // Telemetry with Entra ID auth: App Insights has local auth disabled.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
        // The Application Insights Java agent in the Java worker: it sends the fleet-operation metrics
        // and events (customMetrics, customEvents) that functions/.../telemetry emits through
        // applicationinsights-core, which is a no-op without it. See docs/operations-monitoring.md.
        {
          name: 'APPLICATIONINSIGHTS_ENABLE_AGENT'
          value: 'true'
        }
        // IoT Hub over the managed identity: host name only, never IOTHUB_CONNECTION_STRING.
        {
          name: 'IOTHUB_HOSTNAME'
          value: iotHubHostName
        }
        {
          name: 'METHOD_RESPONSE_TIMEOUT_SECONDS'
          value: string(methodResponseTimeoutSeconds)
        }
        {
          name: 'METHOD_CONNECT_TIMEOUT_SECONDS'
          value: string(methodConnectTimeoutSeconds)
        }
        {
          name: 'FLEETOPS_STORAGE_TIMEOUT_SECONDS'
          value: string(storageTimeoutSeconds)
        }
        {
          name: 'PROGRESS_SCHEDULE'
          value: progressSchedule
        }
        {
          name: 'ROLLOUT_SCHEDULE'
          value: rolloutSchedule
        }
        {
          name: 'ROLLOUT_DISPATCH_PARALLELISM'
          value: string(rolloutDispatchParallelism)
        }
        {
          name: 'ROLLOUT_DISPATCH_MODE'
          value: rolloutDispatchMode
        }
        {
          // The DispatchWorker's queue trigger names it as %ROLLOUT_DISPATCH_QUEUE%, so it is set in either mode.
          name: 'ROLLOUT_DISPATCH_QUEUE'
          value: 'fleetops-dispatch'
        }
        {
          name: 'IOTHUB_SKU'
          value: iotHubSku
        }
        {
          name: 'IOTHUB_UNITS'
          value: string(iotHubUnits)
        }
        {
          name: 'PROGRESS_CONTAINER'
          value: progressContainerName
        }
        // Firmware catalog (docs/firmware-catalog.md).
        {
          name: 'FIRMWARE_CONTAINER'
          value: firmwareContainerName
        }
        {
          name: 'LOGS_CONTAINER'
          value: logsContainerName
        }
        {
          // Devices upload through the hub's file upload (iothub.bicep storageEndpoints).
          name: 'LOGS_UPLOAD_VIA'
          value: 'iothub'
        }
        {
          name: 'FIRMWARE_MAX_SIZE_MB'
          value: string(firmwareMaxSizeMb)
        }
        // The platform resolves the reference with the app's system-assigned identity; the key itself never appears
        // in the template, its parameters or the deployment history.
        {
          name: 'FIRMWARE_SIGNING_KEY'
          value: firmwareSigningKeyReference
        }
        {
          name: 'PROGRESS_STUCK_AFTER_MINUTES'
          value: string(progressStuckAfterMinutes)
        }
        {
          name: 'PROGRESS_FAILURE_LIMIT'
          value: string(progressFailureLimit)
        }
        // Identity (core dev.fleetops.core.identity.AuthSettings, AccessPolicy; docs/identity.md).
        {
          name: 'FLEETOPS_AUTH'
          value: authEnabled ? 'entra' : 'key'
        }
        {
          name: 'FLEETOPS_AUTOMATION_NAME'
          value: automationPrincipalName
        }
        {
          name: 'FLEETOPS_AUTOMATION_ROLE'
          value: automationRole
        }
        {
          name: 'FLEETOPS_OPERATOR_MAX_DEVICES'
          value: string(operatorMaxDevices)
        }
        {
          name: 'FLEETOPS_APPROVAL_MIN_DEVICES'
          value: string(approvalMinDevices)
        }
        {
          name: 'FLEETOPS_APPROVAL_TTL_HOURS'
          value: string(approvalTtlHours)
        }
        // Events (core dev.fleetops.core.event.EventSettings; docs/rollouts.md, "Events").
        {
          name: 'EVENTS_SCHEDULE'
          value: eventsSchedule
        }
        {
          name: 'FLEETOPS_EVENTGRID_ENDPOINT'
          value: eventGridEndpoint
        }
        {
          name: 'FLEETOPS_EVENTS_MAX_ATTEMPTS'
          value: string(eventsMaxAttempts)
        }
        {
          name: 'FLEETOPS_EVENTS_FIRST_BACKOFF_SECONDS'
          value: string(eventsFirstBackoffSeconds)
        }
        {
          name: 'FLEETOPS_EVENTS_MAX_AGE_HOURS'
          value: string(eventsMaxAgeHours)
        }
        {
          name: 'FLEETOPS_EVENTS_DEADLETTER_CONTAINER'
          value: eventsDeadLetterContainer
        }
        {
          name: 'FLEETOPS_WEBHOOK_ALLOW_PRIVATE'
          value: webhookAllowPrivate ? 'true' : 'false'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: javaVersion
      }
    }
  }
}

// App Service Authentication ("Easy Auth") with Microsoft Entra ID, for an API called with bearer tokens: every request
// needs a valid token or gets 401, except the OpenAPI document. Property names and values from the template reference
// (https://learn.microsoft.com/azure/templates/microsoft.web/sites/config-authsettingsv2) and the file-based
// configuration reference, which lists the same schema
// (https://learn.microsoft.com/azure/app-service/configure-authentication-file-based):
// - platform.enabled turns the feature on. With authentication off the resource is still deployed, disabled, so that
//   turning it off in a later deployment really turns it off.
// - globalValidation: requireAuthentication + unauthenticatedClientAction 'Return401' ("Require authentication ... You
//   can also configure the rejection to be an HTTP 401", https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#authorization-behavior);
//   excludedPaths: "the paths for which unauthenticated flow would not be redirected" - the OpenAPI function's route
//   under the default routePrefix (checked by functions/.../infra/BicepTemplateTest.java).
// - identityProviders.azureActiveDirectory: registration.clientId and openIdIssuer '<login endpoint>/<tenant>/v2.0'
//   ("Enable Microsoft Entra ID in your App Service app", table of fields: a tenant-specific issuer, so the platform
//   validates issuer and tenant; https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#-step-2-enable-microsoft-entra-id-in-your-app-service-app).
//   No client secret: the API only validates bearer tokens and runs no sign-in flow of its own.
//   validation.allowedAudiences: "The configured Application (client) ID is always implicitly considered to be an
//   allowed audience. If your application represents an API that will be called by other clients, you should also add
//   the Application ID URI" (same table).
// - login.tokenStore off: no server-directed sign-in sessions to keep, and no tokens stored.
// Role checks (FleetOps.Reader/Operator/Admin) are the app's job: "you can now validate that the expected roles are
// present in the token (this isn't performed by App Service authentication)" (same page, "Daemon client application").
// Flex Consumption: during the preview, flex-consumption-plan#considerations said "EasyAuth isn't currently supported.
// Unauthenticated callers currently aren't blocked". The 2025 migration guide tells you to recreate built-in
// authentication on the new Flex app (https://learn.microsoft.com/azure/azure-functions/migration/migrate-plan-consumption-to-flex#configure-built-in-authentication),
// and Microsoft's Flex samples deploy this resource with Return401 (Azure-Samples/remote-mcp-functions-java,
// infra/core/host/functions-flexconsumption.bicep). A platform that silently did not enforce it would pass forged
// x-ms-client-principal headers to an app that trusts them, so docs/identity.md makes the post-deployment check
// (no token, and a forged header: both 401) part of every deployment.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: authEnabled
    ? {
        platform: {
          enabled: true
        }
        globalValidation: {
          requireAuthentication: true
          unauthenticatedClientAction: 'Return401'
          // Exact paths of the anonymous functions: the OpenAPI document and the operator console's three files
          // (no data; the console's script calls the API with the operator's sign-in and key). Kept equal to the
          // functions with authLevel anonymous by functions/.../infra/BicepTemplateTest.
          excludedPaths: [
            '/api/openapi.json'
            '/api/console'
            '/api/console/console.js'
            '/api/console/console.css'
          ]
        }
        httpSettings: {
          requireHttps: true
        }
        identityProviders: {
          azureActiveDirectory: {
            enabled: true
            registration: {
              clientId: authClientId
              openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
            }
            validation: {
              allowedAudiences: union([
                'api://${authClientId}'
              ], authAllowedAudiences)
            }
          }
        }
        login: {
          tokenStore: {
            enabled: false
          }
        }
      }
    : {
        platform: {
          enabled: false
        }
      }
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output principalId string = functionApp.identity.principalId
output authMode string = authEnabled ? 'entra' : 'key'
