// The Event Grid custom topic FleetOps publishes its events to (docs/rollouts.md, "Events"): CloudEvents 1.0 input,
// local (key and SAS) authentication off, so only Microsoft Entra identities holding "EventGrid Data Sender" on the
// topic can publish (the Function App's, assigned in rbac.bicep). Subscribers add their own event subscriptions.
// Properties as in the resource reference for Microsoft.EventGrid/topics@2022-06-15
// (learn.microsoft.com/azure/templates/microsoft.eventgrid/2022-06-15/topics).

@description('Azure region.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Name of the Event Grid custom topic.')
param topicName string

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output topicName string = topic.name
// The publishing endpoint (https://<topic>.<region>-1.eventgrid.azure.net/api/events): a URL, not a key.
output endpoint string = topic.properties.endpoint
