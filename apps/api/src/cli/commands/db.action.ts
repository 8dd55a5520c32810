import { loadEnv } from '../../config/env.js';
import { openDatabase, type Database } from '../../database/database.js';

/** The schema as it stands, without migrating first: that is what these commands are for. */
async function withSchema(work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase(loadEnv(), { migrate: false });
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

export const migrate = () =>
  withSchema(async (database) => {
    const applied = await database.dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length ? applied.map((m) => `applied ${m.name}\n`).join('') : 'schema is up to date\n');
  });

export const revert = () =>
  withSchema(async (database) => {
    const before = await database.dataSource.query<{ name: string }[]>(
      'select name from schema_migrations order by id desc limit 1',
    );
    if (!before.length) {
      process.stdout.write('nothing to revert\n');
      return;
    }
    await database.dataSource.undoLastMigration({ transaction: 'each' });
    process.stdout.write(`reverted ${before[0].name}\n`);
  });

export const status = () =>
  withSchema(async (database) => {
    const pending = await database.dataSource.showMigrations();
    process.stdout.write(pending ? 'migrations are pending: run `alignboard db migrate`\n' : 'schema is up to date\n');
  });
