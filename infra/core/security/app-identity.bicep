// The Function App's identity, user-assigned so that it exists, and holds its roles, before the app
// starts: Key Vault references and identity-based storage connections work from the first request.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object = {}

@description('Managed identity name.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
