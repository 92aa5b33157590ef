// Function App on the Flex Consumption plan (FC1, Linux) running as a user-assigned identity.
// The deployment package lives in a blob container that the app reads with its own
// identity; nothing here uses a connection string or a storage key.
// Flex does not take FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION app settings:
// the runtime is functionAppConfig.runtime.

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags for every resource.')
param tags object = {}

@description('Function App name (also the *.azurewebsites.net host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('azd service name this app hosts (azure.yaml services.<name>).')
param serviceName string = 'api'

@description('Blob endpoint of the storage account that holds the deployment container.')
param deploymentStorageBlobEndpoint string

@description('Container with the deployment package.')
param deploymentContainerName string

@description('Worker runtime.')
param runtimeName string = 'dotnet-isolated'

@description('Worker runtime version.')
param runtimeVersion string = '10.0'

@description('Memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on scale-out.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('App settings (name to value).')
param appSettings object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Always-ready instances for HTTP triggers (0: none). One keeps the first Teams message after idle from a cold start.')
@minValue(0)
param alwaysReadyHttpInstances int = 1

@description('Subnet to integrate with (outbound to storage and Key Vault behind network rules); empty: none.')
param subnetId string = ''

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
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${deploymentStorageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

// App settings live in their own resource so they can use the identity-dependent values
// computed by the caller; this replaces the whole set on every provision.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

// azd deploys Flex apps with an Entra token; publishing with basic (user/password) credentials stays off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output id string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
output identityClientId string = identityClientId
