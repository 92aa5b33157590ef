// The single storage account of the deployment:
// - blob: Functions host storage (AzureWebJobsStorage), the Flex deployment package
//   container, and the `evidence` container, which has version-level immutability (WORM)
//   so an audit record, once written, cannot be changed or removed while it is retained;
// - queue and table: the app's own work queues and tables (AimsStorage__*).
// Shared keys are disabled: every client, the Functions host included, uses Entra ID.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object = {}

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Container for audit evidence (version-level immutability).')
param evidenceContainerName string = 'evidence'

@description('Default time-based retention, in days, for every evidence blob version (three years: one certification cycle). 0 creates no default policy (versions are still immutable-capable; only for throw-away environments so they can be deleted).')
@minValue(0)
@maxValue(146000)
param evidenceRetentionDays int = 1095

@description('The evidence retention policy was locked by an administrator. A locked policy can only be extended, so the template no longer declares it (re-sending it would fail every later provision).')
param evidenceRetentionLocked bool = false

@description('Container of generated downloads (audit packs), created by the app.')
param exportsContainerName string = 'exports'

@description('Days a generated download and its versions are kept.')
@minValue(1)
@maxValue(3650)
param exportRetentionDays int = 30

@description('Allow (any network) or Deny (trusted Azure services, the listed IP ranges and the app subnet only).')
@allowed([
  'Allow'
  'Deny'
])
param networkDefaultAction string = 'Allow'

@description('Public IPv4 addresses or CIDR ranges allowed when networkDefaultAction is Deny.')
param allowedIpRanges array = []

@description('Subnet the Function App is integrated with (with the Microsoft.Storage service endpoint); empty: none.')
param appSubnetId string = ''

@description('Log Analytics workspace that receives blob write and delete logs; empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

@description('Days soft-deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_ZRS'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: networkDefaultAction
      bypass: 'AzureServices'
      ipRules: [for range in allowedIpRanges: {
        value: range
        action: 'Allow'
      }]
      virtualNetworkRules: empty(appSubnetId) ? [] : [
        {
          id: appSubnetId
          action: 'Allow'
        }
      ]
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Versioning is a prerequisite of version-level immutability on the evidence container.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: evidenceContainerName
  properties: {
    publicAccess: 'None'
    // Can only be switched on when the container is created (or by a migration).
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// Default retention that every new evidence blob version inherits. Created unlocked:
// an administrator locks it (irreversibly) once the retention period is agreed, then sets
// evidenceRetentionLocked so the template stops declaring it; see docs/deploy.md.
resource evidenceRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = if (evidenceRetentionDays > 0 && !evidenceRetentionLocked) {
  parent: evidenceContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: evidenceRetentionDays
    allowProtectedAppendWrites: false
  }
}

// Versioning is account-wide, so the Functions host's own blobs (timer/singleton state, keys) and
// old deployment packages would pile up versions. Prune those; evidence is never matched here.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'prune-runtime-blob-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'azure-webjobs-hosts/'
                'azure-webjobs-secrets/'
                '${deploymentContainerName}/'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 7
                }
              }
            }
          }
        }
        {
          // Audit packs are copies made for a download link: the evidence itself stays in its container.
          name: 'expire-audit-packs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${exportsContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: exportRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: exportRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

// Deleting the account would take the evidence with it: a lock makes that a deliberate two-step act.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'evidence-account-cannot-delete'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the AIMS evidence (WORM). Remove this lock only after the retention period and a recorded decision.'
  }
}

// Who wrote or deleted which blob, kept outside the account (an auditor may ask).
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'blob-write-delete-audit'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'table-write-delete-audit'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output deploymentContainerName string = deploymentContainer.name
output evidenceContainerName string = evidenceContainer.name
