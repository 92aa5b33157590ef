// Key Vault in RBAC mode. It holds one secret, the client secret of the bot's Entra app
// registration (nothing else in the deployment uses a secret), and one key: the RSA key that
// signs audit pack manifests, which never leaves the vault.

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

@description('Turn on purge protection (irreversible once on).')
param enablePurgeProtection bool = true

@description('Allow (any network) or Deny (trusted Azure services and the listed IP ranges only).')
@allowed([
  'Allow'
  'Deny'
])
param networkDefaultAction string = 'Allow'

@description('Public IPv4 addresses or CIDR ranges allowed when networkDefaultAction is Deny.')
param allowedIpRanges array = []

@description('Log Analytics workspace that receives the vault audit log; empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

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
      defaultAction: networkDefaultAction
      bypass: 'AzureServices'
      ipRules: [for range in allowedIpRanges: {
        value: range
      }]
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

@description('Name of the RSA key that signs audit pack manifests (RS256).')
param packSigningKeyName string = 'audit-pack-signing'

resource packSigningKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: vault
  name: packSigningKeyName
  properties: {
    kty: 'RSA'
    keySize: 3072
    keyOps: [
      'sign'
      'verify'
    ]
  }
}

@description('Name of the RSA key that wraps the key protecting anonymous reporters\' identities (RSA-OAEP-256).')
param reporterIdentityKeyName string = 'reporter-identity'

resource reporterIdentityKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: vault
  name: reporterIdentityKeyName
  properties: {
    kty: 'RSA'
    keySize: 3072
    keyOps: [
      'wrapKey'
      'unwrapKey'
    ]
  }
}

// Every read of the bot secret and every change to the vault, kept outside it.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'vault-audit'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
// Versionless URI: the Key Vault reference follows secret rotation without a redeploy.
output botSecretUri string = '${vault.properties.vaultUri}secrets/${botSecretName}'
// Versionless: the app reads the current version's public key and signs with that same version.
output packSigningKeyUri string = packSigningKey.properties.keyUri
output packSigningKeyName string = packSigningKey.name

output reporterIdentityKeyUri string = reporterIdentityKey.properties.keyUri
output reporterIdentityKeyName string = reporterIdentityKey.name
