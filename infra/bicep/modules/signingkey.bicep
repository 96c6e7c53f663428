// Lets the Function App's system-assigned identity read the firmware signing key, one secret in an existing Key Vault
// that uses Azure RBAC, through the Key Vault reference in FIRMWARE_SIGNING_KEY. Scoped to the secret, not the vault:
// the app reads nothing else there.

@description('Object id of the Function App system-assigned identity.')
param principalId string

@description('The existing Key Vault (RBAC authorization) in this resource group.')
param keyVaultName string

@description('The secret holding the signing key (PEM: PRIVATE KEY and PUBLIC KEY blocks).')
param secretName string

// Key Vault Secrets User: read secret contents (Microsoft.KeyVault/vaults/secrets/getSecret/action), nothing more.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: secretName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secret.id, principalId, keyVaultSecretsUser)
  scope: secret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
