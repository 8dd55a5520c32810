import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

export interface DataSourceSettings {
  url: string;
  /** The embedded database serves one connection; PostgreSQL gets a pool. */
  poolSize: number;
}

/** Shared by Nest, the CLI, the tests and the TypeORM CLI: one definition. */
export function dataSourceOptions({ url, poolSize }: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    extra: { max: poolSize },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
