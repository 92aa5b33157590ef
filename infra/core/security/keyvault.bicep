// Key Vault in RBAC mode. It holds one secret: the client secret of the bot's
// Entra app registration. Nothing else in the deployment uses a secret.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object = {}

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Name of the secret that holds the bot client secret.')
param botSecretName string = 'bot-client-secret'

@description('Bot app registration client secret. Empty: the secret is not written here (set it later with az keyvault secret set; see docs/deploy.md).')
@secure()
param botClientSecret string = ''

@description('Turn on purge protection (irreversible; recommended for production).')
param enablePurgeProtection bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM rejects `false`; leaving the property out is how purge protection stays off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botClientSecret)) {
  parent: vault
  name: botSecretName
  properties: {
    value: botClientSecret
    contentType: 'Entra app client secret (Bot__ClientSecret)'
  }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
// Versionless URI: the Key Vault reference follows secret rotation without a redeploy.
output botSecretUri string = '${vault.properties.vaultUri}secrets/${botSecretName}'
