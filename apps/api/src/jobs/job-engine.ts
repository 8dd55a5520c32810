import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { LOGGER, SCHEDULING } from '../app/app.tokens.js';

/** Injection token of the engine's timings: serving processes use the defaults, tests shorten them. */
export const JOB_ENGINE_SETTINGS = Symbol('JOB_ENGINE_SETTINGS');

export interface JobEngineSettings {
  /** How often a worker asks for its queue's next job (pg-boss's floor is 0.5). */
  pollingIntervalSeconds: number;
  /** How often crons are checked, and how often the cron's own queue is worked (1–45). */
  cronIntervalSeconds: number;
}

export const defaultJobEngineSettings: JobEngineSettings = { pollingIntervalSeconds: 2, cronIntervalSeconds: 30 };

/** What the engine does with a job that throws: try it again `retryLimit` times, waiting longer each time. */
export interface JobRetry {
  retryLimit?: number;
  /** Seconds before the first retry; with `retryBackoff`, each later wait is about twice the one before. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

export interface SendOptions extends JobRetry {
  /** At most one job with this key waits and one runs in the queue, whichever process sends it. */
  singletonKey?: string;
}

export type JobHandler<T extends object> = (data: T) => Promise<void>;

/** A job that used up its retries, as an admin may see it: the error's message, never its stack. */
export interface FailedJob {
  id: string;
  name: string;
  data: object;
  attempts: number;
  error: string;
  createdAt: string;
  failedAt: string;
}

interface Registration {
  name: string;
  cron: string | null;
  retry: JobRetry;
  handler: JobHandler<object>;
}

/** pg-boss's tables live apart from the product's, in the schema it migrates itself. */
const schema = 'pgboss';

/**
 * The one job engine: pg-boss on the product's own database, through the
 * app's own connection pool — on PostgreSQL and on the embedded database
 * alike, which serves one connection (ADR 015 has the measurements).
 *
 * A queue is worked by every serving process and each job is fetched by one
 * of them (`for update skip locked`); a queue is `stately`, so at most one
 * of its jobs waits and one runs across all processes: a pass still running
 * when its cron fires again is not doubled. A cron fires once per slot,
 * whatever the number of processes. Only serving processes start it
 * (SCHEDULING); others register their work and never run it.
 */
@Injectable()
export class JobEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly registrations = new Map<string, Registration>();
  private boss: PgBoss | null = null;

  constructor(
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JOB_ENGINE_SETTINGS) private readonly settings: JobEngineSettings,
  ) {}

  /** Runs `handler` at each `cron` slot (UTC, five fields), in one serving process. */
  schedule(name: string, cron: string, handler: () => Promise<void>, retry: JobRetry = {}): Promise<void> {
    return this.register({ name, cron, retry, handler });
  }

  /** Works the jobs sent to `name`, in whichever serving process fetches each. */
  work<T extends object>(name: string, handler: JobHandler<T>, retry: JobRetry = {}): Promise<void> {
    return this.register({ name, cron: null, retry, handler: handler as JobHandler<object> });
  }

  /**
   * Queues a job for whichever process works `name` (its queue exists once one
   * has registered the work); its retries are the options', else its queue's.
   * Null when a job with the same singleton key already waits.
   */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error(`the job engine is not running in this process; cannot send ${name}`);
    // Only the options given: pg-boss refuses a key that is present but undefined.
    const given = Object.entries({
      singletonKey: options.singletonKey,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
    }).filter(([, value]) => value !== undefined);
    return this.boss.send(name, data, Object.fromEntries(given));
  }

  /** The jobs that failed for good, newest first (the engine keeps them a week, then archives and deletes them). */
  async failed(limit = 100): Promise<FailedJob[]> {
    // Read whether or not this process runs the engine: an admin asks any API process.
    const [{ installed }] = await this.dataSource.query<{ installed: boolean }[]>(`select to_regclass($1) is not null as installed`, [`${schema}.job`]);
    if (!installed) return [];
    const rows = await this.dataSource.query<{ id: string; name: string; data: object | null; attempts: number; error: string | null; created_on: Date; completed_on: Date }[]>(
      `select id, name, data, retry_count + 1 as attempts, output->>'message' as error, created_on, completed_on
       from ${schema}.job where state = 'failed' and name not like '\\_\\_pgboss%'
       order by completed_on desc, id limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      data: r.data ?? {},
      attempts: r.attempts,
      error: r.error ?? 'failed without a message',
      createdAt: r.created_on.toISOString(),
      failedAt: r.completed_on.toISOString(),
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    // The app's pool: the embedded database has one connection, and one pool is one limit to size on PostgreSQL.
    const pool = (this.dataSource.driver as PostgresDriver).master as pg.Pool;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema,
      cronMonitorIntervalSeconds: this.settings.cronIntervalSeconds,
      cronWorkerIntervalSeconds: this.settings.cronIntervalSeconds,
    });
    boss.on('error', (err) => this.logger.error({ err }, 'job engine error'));
    await boss.start();
    this.boss = boss;
    for (const r of this.registrations.values()) await this.install(r);
    this.logger.info({ jobs: [...this.registrations.keys()] }, 'job engine started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before Nest closes the data source: running handlers finish (or are failed for a retry) first.
    const boss = this.boss;
    this.boss = null;
    await boss?.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
  }

  private async register(r: Registration): Promise<void> {
    if (this.registrations.has(r.name)) throw new Error(`the job ${r.name} is registered twice`);
    this.registrations.set(r.name, r);
    if (this.boss) await this.install(r);
  }

  private async install(r: Registration): Promise<void> {
    const boss = this.boss!;
    await this.ensureQueue(boss, {
      name: r.name,
      policy: 'stately',
      retryLimit: r.retry.retryLimit ?? 0,
      retryDelay: r.retry.retryDelaySeconds ?? 60,
      retryBackoff: r.retry.retryBackoff ?? true,
    });
    if (r.cron) await boss.schedule(r.name, r.cron, {}, { tz: 'UTC' });
    await boss.work<object>(r.name, { pollingIntervalSeconds: this.settings.pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      const started = performance.now();
      try {
        await r.handler(job.data ?? {});
      } catch (err: unknown) {
        // Thrown back to pg-boss, which retries it or marks it failed; logged here with its name.
        this.logger.error({ err, job: r.name, jobId: job.id }, 'job failed');
        throw err;
      }
      this.logger.debug({ job: r.name, jobId: job.id, ms: Math.round(performance.now() - started) }, 'job done');
    });
  }

  /**
   * Creates the queue, or brings an existing one's retry settings to the
   * code's. Two processes starting at once on PostgreSQL both create it, and
   * pg-boss 10's create_queue (a table partition each) then deadlocks or
   * collides: the loser finds the winner's queue on its next try.
   */
  private async ensureQueue(boss: PgBoss, queue: PgBoss.Queue & { name: string }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await boss.getQueue(queue.name)) return boss.updateQueue(queue.name, queue);
      try {
        return await boss.createQueue(queue.name, queue);
      } catch (error) {
        const code = (error as { code?: string }).code;
        // 40P01 deadlock_detected, 23505 unique_violation, 42P07 duplicate_table.
        if (attempt >= 5 || !['40P01', '23505', '42P07'].includes(code ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
