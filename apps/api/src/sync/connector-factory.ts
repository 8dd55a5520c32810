import { Injectable } from '@nestjs/common';
import {
  createHubspotConnector,
  createSalesforceConnector,
  type ConnectionConfig,
  type ConnectorOptions,
  type CrmConnector,
} from '@alignboard/connectors';

/** Picks the provider's connector; the only place the sync names a provider. */
@Injectable()
export class ConnectorFactory {
  create(config: ConnectionConfig, options: ConnectorOptions): CrmConnector {
    return config.provider === 'salesforce'
      ? createSalesforceConnector(config, options)
      : createHubspotConnector(config, options);
  }
}
