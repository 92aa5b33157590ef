// AIMS for Teams: everything the Teams bot needs in one resource group.
// Deployed by `azd provision` / `azd up` (azure.yaml at the repo root); checked offline by
// scripts/check-infra.sh. App settings are documented in infra/app-settings.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region for all resources: one that offers the Flex Consumption plan. The list follows `az functionapp list-flexconsumption-locations`; add a region here when Azure adds it.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'japanwest'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'switzerlandnorth'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the deploying user or CI principal (azd sets AZURE_PRINCIPAL_ID). Empty: no roles for it.')
param principalId string = ''

@description('Give principalId data access for debugging: queue and table data roles and Key Vault Secrets Officer, and blob read access. Never write or delete on evidence. Off by default.')
param deployerDataAccess bool = false

// ---- Bot and Entra ----

@description('Application (client) ID of the single-tenant Entra app registration used by the bot and for Graph (docs/deploy.md).')
@minLength(36)
@maxLength(36)
param botAppId string

@description('Entra tenant of the app registration and of the organisation using AIMS; empty: the tenant of this subscription.')
param tenantId string = ''

@description('How the app registration proves itself to Entra (bot and Graph): federated (the registration trusts the app\'s managed identity; no secret exists anywhere; preferred) or secret (a client secret in Key Vault).')
@allowed([
  'federated'
  'secret'
])
param botCredential string = 'federated'

@description('Client secret of the app registration, with botCredential = secret. Empty: write it to Key Vault yourself after provisioning (docs/deploy.md).')
@secure()
param botClientSecret string = ''

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Teams app id (manifest id). Empty: a GUID derived from the subscription and environment name, stable across provisions.')
param teamsAppId string = ''

// ---- Directory (Entra security groups that map to AIMS roles) ----

@description('Object id of the Entra group of AIMS managers.')
param aimsManagerGroupId string

@description('Object id of the Entra group of risk owners.')
param riskOwnerGroupId string

@description('Object id of the Entra group of top management.')
param topManagementGroupId string

@description('Object id of the Entra group of auditors.')
param auditorGroupId string

@description('Object id of the Entra group of staff (everyone in scope of the AIMS).')
param staffGroupId string

// ---- Evidence ----

@description('Optional SharePoint site id for the evidence mirror (Graph site id). Empty: no mirror.')
param sharePointSiteId string = ''

@description('Optional SharePoint drive (document library) id for the evidence mirror.')
param sharePointDriveId string = ''

@description('Optional RFC 3161 time-stamping authority (HTTP or HTTPS address) that timestamps the ledger root on every audit pack and management review digest, e.g. http://timestamp.digicert.com. Empty: no timestamps (packs say so).')
param timestampAuthorityUrl string = ''

@description('Default WORM retention, in days, of every evidence blob version: at least one certification cycle (three years). 0 creates no policy, for throw-away environments only.')
@minValue(0)
@maxValue(146000)
param evidenceRetentionDays int = 1095

@description('The evidence retention policy has been locked (an irreversible, recorded step, docs/deploy.md). The template then leaves it alone, since a locked policy can only be extended.')
param evidenceRetentionLocked bool = false

@description('Days a generated audit pack (and its blob versions) is kept in the exports container.')
@minValue(1)
@maxValue(3650)
param auditPackRetentionDays int = 30

@description('Storage redundancy: zone-redundant by default; Standard_LRS only where the region has no zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Reach storage and Key Vault from any network (Allow), or only from trusted Azure services and the listed addresses (Deny). Flex Consumption reaches them through its own virtual network integration when Deny is chosen with a subnet (docs/deploy.md).')
@allowed([
  'Allow'
  'Deny'
])
param networkDefaultAction string = 'Allow'

@description('Comma-separated public IPv4 addresses or CIDR ranges allowed to reach storage and Key Vault when networkDefaultAction is Deny.')
param allowedIpRanges string = ''

@description('Existing subnet (delegated to Microsoft.App/environments, with the Microsoft.Storage and Microsoft.KeyVault service endpoints) the Function App integrates with, so it reaches storage and Key Vault behind Deny rules. Empty: no integration.')
param appSubnetId string = ''

@description('Always-ready HTTP instances, so the first Teams message after idle does not wait for a cold start. 0 turns it off.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 1

@description('Extra app settings as a JSON object (name to value), added to the ones this template writes, e.g. {"Training__InstallAppForUnreachable":"true"}. Settings edited in the portal are replaced at every provision; put them here instead.')
param extraAppSettings string = '{}'

var allowedIps = filter(map(split(allowedIpRanges, ','), ip => trim(ip)), ip => !empty(ip))

@description('Audience (client id or Application ID URI) of Entra tokens accepted by the management API (Api__Audience). Required: the Functions app refuses to start without it, since development mode exists only in the local DevHost.')
@minLength(1)
param apiAudience string

@description('Application ID URI of the workspace tab (Api__TabResource), the resource Teams SSO and nested app authentication ask tokens for. Empty: api://<the Function App host>/botid-<botAppId>, the bot-and-tab form the manifest uses.')
param apiTabResource string = ''

@description('Key Vault purge protection (irreversible once on). Off only for throw-away environments.')
param keyVaultPurgeProtection bool = true

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'aims-teams'
}
var entraTenantId = empty(tenantId) ? tenant().tenantId : tenantId
var functionAppName = 'func-aims-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
var evidenceContainerName = 'evidence'
var storageAccountName = 'staims${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var effectiveTeamsAppId = empty(teamsAppId) ? guid(subscription().id, environmentName, 'teams-app') : teamsAppId

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: storageAccountName
    deploymentContainerName: deploymentContainerName
    evidenceContainerName: evidenceContainerName
    evidenceRetentionDays: evidenceRetentionDays
    evidenceRetentionLocked: evidenceRetentionLocked
    exportsContainerName: 'exports'
    exportRetentionDays: auditPackRetentionDays
    skuName: storageSku
    networkDefaultAction: networkDefaultAction
    allowedIpRanges: allowedIps
    appSubnetId: appSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: keyVaultName
    botClientSecret: botClientSecret
    enablePurgeProtection: keyVaultPurgeProtection
    networkDefaultAction: networkDefaultAction
    allowedIpRanges: allowedIps
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

// The app's identity exists, with its roles, before the app and its settings: Key Vault references and identity-based
// storage connections resolve on the first start instead of failing until a role assignment propagates.
module identity 'core/security/app-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'id-aims-${resourceToken}'
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    packSigningKeyName: keyVault.outputs.packSigningKeyName
    reporterIdentityKeyName: keyVault.outputs.reporterIdentityKeyName
    applicationInsightsName: applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: deployerDataAccess ? principalId : ''
  }
  // The vault and monitoring come in through the key name output; the storage account by name only.
  dependsOn: [
    storage
  ]
}

var botSecretReference = botCredential == 'secret' ? '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.botSecretUri})' : ''
var federatedClientId = botCredential == 'federated' ? identity.outputs.clientId : ''

// Every setting the app reads in Azure (infra/app-settings.md). Empty optional values are dropped below.
var appSettings = {
  // Functions host storage: identity-based, no connection string.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  // The app's own storage connection (evidence blobs, queues, tables).
  AimsStorage__credential: 'managedidentity'
  AimsStorage__clientId: identity.outputs.clientId
  AimsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AimsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AimsStorage__tableServiceUri: storage.outputs.tableEndpoint
  Evidence__Container: evidenceContainerName
  Evidence__TimestampAuthority__Url: timestampAuthorityUrl
  // Audit packs are signed by the Key Vault key (the app's identity holds Key Vault Crypto User on that key only).
  AuditPack__SigningKeyId: keyVault.outputs.packSigningKeyUri
  AuditPack__ManagedIdentityClientId: identity.outputs.clientId
  // Anonymous reporters' identities are encrypted with a key wrapped by this Key Vault key (wrap/unwrap on that key only).
  Reports__AnonymousReporters__KeyId: keyVault.outputs.reporterIdentityKeyUri
  Reports__AnonymousReporters__ManagedIdentityClientId: identity.outputs.clientId
  // Telemetry with Entra auth (the system-assigned identity).
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  // Bot Framework / Teams.
  Bot__AppId: botAppId
  Bot__TenantId: entraTenantId
  Bot__ClientSecret: botSecretReference
  Bot__FederatedCredentialClientId: federatedClientId
  Bot__AllowedTenants__0: entraTenantId
  // Directory: Microsoft Graph, AIMS roles from Entra groups.
  // Graph calls use the same app registration as the bot (it holds the Graph application
  // permissions, docs/deploy.md). Without ClientId/ClientSecret the app would fall back to its
  // managed identity, which has no Graph permissions.
  Directory__Provider: 'Graph'
  Directory__TenantId: entraTenantId
  Directory__ClientId: botAppId
  Directory__ClientSecret: botSecretReference
  Directory__FederatedCredentialClientId: federatedClientId
  Directory__Groups__AimsManager: aimsManagerGroupId
  Directory__Groups__RiskOwner: riskOwnerGroupId
  Directory__Groups__TopManagement: topManagementGroupId
  Directory__Groups__Auditor: auditorGroupId
  Directory__Groups__Staff: staffGroupId
  // Management API: Entra tokens for this audience from this tenant (required: the app does not start without it).
  Api__TenantId: entraTenantId
  Api__Audience: apiAudience
  // The workspace tab's tokens (audience: this Application ID URI or the bot's client id; scope access_as_user).
  Api__TabResource: empty(apiTabResource) ? 'api://${functionAppName}.azurewebsites.net/botid-${botAppId}' : apiTabResource
  // Cards' "Open in workspace": a Teams deep link to the workspace tab of this Teams app, the page itself as its web fallback.
  Workspace__TeamsAppId: effectiveTeamsAppId
  Workspace__BaseUrl: 'https://${functionAppName}.azurewebsites.net/api/workspace/'
  // Optional SharePoint evidence mirror.
  SharePoint__SiteId: sharePointSiteId
  SharePoint__DriveId: sharePointDriveId
}

module api 'core/host/flex-function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-${resourceToken}'
    serviceName: 'api'
    deploymentStorageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    subnetId: appSubnetId
    appSettings: union(toObject(filter(items(appSettings), s => !empty(s.value)), s => s.key, s => s.value), json(extraAppSettings))
  }
  dependsOn: [
    rbac
  ]
}

module bot 'app/bot.bicep' = {
  name: 'bot'
  scope: rg
  params: {
    name: 'bot-aims-${resourceToken}'
    displayName: 'AIMS'
    tags: tags
    msaAppId: botAppId
    msaAppTenantId: entraTenantId
    endpoint: 'https://${api.outputs.defaultHostName}/api/messages'
    sku: botSku
  }
}

// azd writes these to .azure/<env>/.env; the postprovision hook builds the Teams app package from them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = entraTenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output BOT_ID string = botAppId
output BOT_DOMAIN string = api.outputs.defaultHostName
output BOT_ENDPOINT string = bot.outputs.endpoint
output BOT_SERVICE_NAME string = bot.outputs.name
output TEAMS_APP_ID string = effectiveTeamsAppId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output EVIDENCE_CONTAINER string = storage.outputs.evidenceContainerName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_APP_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output EVIDENCE_RETENTION_DAYS int = evidenceRetentionDays
