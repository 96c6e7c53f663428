// Parameters for `az deployment group create -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam`.
// Every other parameter of main.bicep has a default; override here as needed.
using 'main.bicep'

// azd sets AZURE_ENV_NAME to the name given to `azd env new`; the Azure CLI path falls back to 'fleetops'.
// Lower-case letters and digits, 2-12 characters: it becomes part of every resource name.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'fleetops')

param iotHubSkuName = 'S1'

param iotHubCapacity = 1

param progressSchedule = '0 */5 * * * *'

param methodResponseTimeoutSeconds = 30

param methodConnectTimeoutSeconds = 0

// Add the origins of a browser UI here, e.g. 'https://fleetops.example.com'.
param allowedCorsOrigins = []

param tags = {
  owner: 'fleetops'
}

// Entra ID sign-in (docs/identity.md): the FleetOps API app registration's client ID turns App Service Authentication
// on (FLEETOPS_AUTH=entra). Empty leaves it off: function keys only, every caller is the automation principal.
//   azd env set FLEETOPS_AUTH_CLIENT_ID <client id>
param authClientId = readEnvironmentVariable('FLEETOPS_AUTH_CLIENT_ID', '')
