// Azure Bot registration and its Microsoft Teams channel.
//
// Identity choice: msaAppType SingleTenant with an Entra app registration made by an
// administrator (docs/deploy.md), not a UserAssignedMSI bot. The same registration
//  - holds the Microsoft Graph *application* permissions the app needs (group members,
//    users, Sites.Selected, proactive install); granting app roles to a managed identity
//    is possible only through Graph API calls, has no admin-consent experience, and the
//    identity would be deleted with the resource group;
//  - exposes the `api://<domain>/<app id>` Application ID URI that the Teams manifest's
//    webApplicationInfo (SSO) points at, which a managed identity cannot have;
//  - keeps the bot and Graph calls on one audited principal in one tenant.
// The cost is a client secret, kept only in Key Vault (Bot__ClientSecret is a Key Vault reference).

@description('Azure Bot resource name (global, unique).')
param name string

@description('Display name shown in the Bot Framework and Teams.')
param displayName string

@description('Tags for every resource.')
param tags object = {}

@description('Application (client) ID of the single-tenant Entra app registration.')
param msaAppId string

@description('Tenant of that app registration.')
param msaAppTenantId string

@description('HTTPS messaging endpoint (https://<host>/api/messages).')
param endpoint string

@description('F0 is free (unlimited messages on standard channels such as Teams); S1 adds an SLA.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppType: 'SingleTenant'
    isStreamingSupported: false
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output name string = bot.name
output endpoint string = bot.properties.endpoint
