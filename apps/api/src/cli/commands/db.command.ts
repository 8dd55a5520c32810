import { Command } from 'commander';
import { loadEnv } from '../../config/env.js';
import { openDatabase } from '../../database/database.js';

/** Migrations also run at every start; these are for operators. */
export function dbCommand(): Command {
  const db = new Command('db').description('Database schema: migrate, revert, status');
  db.command('migrate')
    .description('Apply pending migrations')
    .action(async () => {
      const database = await openDatabase(loadEnv(), { migrate: false });
      try {
        const applied = await database.dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? applied.map((m) => `applied ${m.name}\n`).join('') : 'schema is up to date\n');
      } finally {
        await database.close();
      }
    });
  db.command('revert')
    .description('Revert the most recent migration')
    .action(async () => {
      const database = await openDatabase(loadEnv(), { migrate: false });
      try {
        const before = await database.dataSource.query<{ name: string }[]>(
          'select name from schema_migrations order by id desc limit 1',
        );
        if (!before.length) {
          process.stdout.write('nothing to revert\n');
          return;
        }
        await database.dataSource.undoLastMigration({ transaction: 'each' });
        process.stdout.write(`reverted ${before[0].name}\n`);
      } finally {
        await database.close();
      }
    });
  db.command('status')
    .description('Show whether migrations are pending')
    .action(async () => {
      const database = await openDatabase(loadEnv(), { migrate: false });
      try {
        const pending = await database.dataSource.showMigrations();
        process.stdout.write(pending ? 'migrations are pending: run `alignboard db migrate`\n' : 'schema is up to date\n');
      } finally {
        await database.close();
      }
    });
  return db;
}
