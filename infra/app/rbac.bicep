// Role assignments, least privilege, all scoped to single resources.
//
// Function app identity:
//  - Storage Blob Data Contributor (account): covers the Functions host (AzureWebJobsStorage:
//    create its containers, read/write blobs, take leases for timers/singletons), reading the
//    Flex deployment package, and writing evidence. NOT Storage Blob Data Owner, which the
//    Functions docs suggest as a catch-all: Owner adds ACL/ownership changes and the
//    `immutableStorage/runAsSuperUser` data action, i.e. the right to shorten or delete blob
//    immutability policies. Without it the app can add evidence but cannot weaken its WORM
//    retention; the container's default policy is managed through ARM (storage-account.bicep).
//  - Storage Queue Data Contributor, Storage Table Data Contributor (account): AimsStorage queues/tables.
//  - Key Vault Secrets User (vault): resolve the Bot__ClientSecret Key Vault reference. Read only.
//  - Monitoring Metrics Publisher (Application Insights): send telemetry with Entra auth.
// Deploying principal (optional, off by default; for debugging and for setting the bot secret):
//  - Storage Blob Data Reader (never write or delete: evidence is not theirs to change),
//    queue and table data contributor, and Key Vault Secrets Officer on the vault.
// principalType is left out of the deployer's assignments: ARM works it out, so a user and a CI
// service principal deploy alike.

@description('Storage account name.')
param storageAccountName string

@description('Key Vault name.')
param keyVaultName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Object id of the function app identity.')
param appPrincipalId string

@description('Object id of the deploying user or CI principal; empty skips its roles.')
param deployerPrincipalId string = ''

var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoles = [
  roles.storageBlobDataContributor
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, appPrincipalId, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the audit pack signing key in the vault.')
param packSigningKeyName string = 'audit-pack-signing'

resource packSigningKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' existing = {
  parent: vault
  name: packSigningKeyName
}

// Sign with the pack key, and only that key: not read, create or delete keys.
resource appPackSigning 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(packSigningKey.id, appPrincipalId, roles.keyVaultCryptoUser)
  scope: packSigningKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultCryptoUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the key that wraps the reporter identity key.')
param reporterIdentityKeyName string = 'reporter-identity'

resource reporterIdentityKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' existing = {
  parent: vault
  name: reporterIdentityKeyName
}

// Wrap and unwrap with the reporter identity key, and only that key.
resource appReporterIdentity 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(reporterIdentityKey.id, appPrincipalId, roles.keyVaultCryptoUser)
  scope: reporterIdentityKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultCryptoUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

var deployerStorageRoles = [
  roles.storageBlobDataReader
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource deployerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in deployerStorageRoles: if (!empty(deployerPrincipalId)) {
    name: guid(storage.id, deployerPrincipalId, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: deployerPrincipalId
    }
  }
]

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
  }
}
