#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { failureText } from './cli-errors.js';
import { applyCommand } from './commands/apply.command.js';
import { dbCommand } from './commands/db.command.js';
import { demoCommand } from './commands/demo.command.js';
import { exportCommand } from './commands/export.command.js';
import { metricsCommand } from './commands/metrics.command.js';
import { packetCommand } from './commands/packet.command.js';
import { serveCommand } from './commands/serve.command.js';
import { simCommand } from './commands/sim.command.js';
import { syncCommand } from './commands/sync.command.js';
import { tokenCommand } from './commands/token.command.js';

const program = new Command('alignboard')
  .description('Joint pipeline numbers, prework and decision log for a partnership’s executive alignment meeting.')
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(demoCommand())
  .addCommand(applyCommand())
  .addCommand(syncCommand())
  .addCommand(metricsCommand())
  .addCommand(packetCommand())
  .addCommand(exportCommand())
  .addCommand(tokenCommand())
  .addCommand(simCommand())
  .addCommand(dbCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(failureText(error));
  process.exitCode = 1;
});
