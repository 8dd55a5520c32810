import { Command } from 'commander';

const action = () => import('./db.action.js');

/** Migrations also run at every start; these are for operators. */
export function dbCommand(): Command {
  const db = new Command('db').description('Database schema: migrate, revert, status');
  db.command('migrate')
    .description('Apply pending migrations')
    .action(async () => (await action()).migrate());
  db.command('revert')
    .description('Revert the most recent migration')
    .action(async () => (await action()).revert());
  db.command('status')
    .description('Show whether migrations are pending')
    .action(async () => (await action()).status());
  return db;
}
