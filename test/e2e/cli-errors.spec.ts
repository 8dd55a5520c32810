import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repoRoot } from './support/demo-server.js';

/**
 * The built CLI as a person runs it, `alignboard …` through its #! line:
 * what each mistake prints (one line, no stack) and its exit code.
 */
// Each case starts a Node process that loads the whole CLI: seconds, not milliseconds.
describe('alignboard, run as a program, on a mistake', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'alignboard-cli-errors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cleanEnv = () => {
    const { DATABASE_URL: _d, ALIGNBOARD_SECRET_KEY: _k, PORT: _p, ...env } = process.env;
    return { ...env, ALIGNBOARD_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };
  };

  it('names an --env-file that does not exist (Node itself used to stop with exit 9)', async () => {
    const missing = join(dir, 'missing.env');
    const result = await alignboard(['apply', join(repoRoot, 'examples/cobalt-northgate.yaml'), '--env-file', missing, '--dry-run'], cleanEnv());
    expect(result).toEqual({ code: 1, stdout: '', stderr: `alignboard: cannot read --env-file ${missing}: no such file\n` });
  });

  it('says what is wrong with DATABASE_URL in one line, the password hidden', async () => {
    const env = { ...cleanEnv(), DATABASE_URL: 'postgres://app:s3cret@db.invalid:5432/app', ALIGNBOARD_SECRET_KEY: 'ab'.repeat(32) };
    const result = await alignboard(['serve', '--port', '0'], env);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'alignboard: DATABASE_URL (postgres://app:***@db.invalid:5432/app): host "db.invalid" not found\n',
    });
  });

  it('says what PORT must be, one line per bad variable', async () => {
    const result = await alignboard(['serve'], { ...cleanEnv(), PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'alignboard: PORT: must be a whole number from 0 to 65535 (got "abc")\n' +
        'alignboard: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")\n',
    });
  });

  it('sim --demo serves the simulators on --salesforce-port and --hubspot-port', async () => {
    const [salesforcePort, hubspotPort] = await freePorts(2);
    const child = spawn(join(repoRoot, 'bin/alignboard.js'), ['sim', '--demo', '--salesforce-port', String(salesforcePort), '--hubspot-port', String(hubspotPort)], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      let exited = false;
      child.once('exit', () => (exited = true));
      await until(() => /HubSpot simulator: +http/.test(out) || exited, () => out);
      expect(exited, out).toBe(false);
      expect(out).toContain(`Salesforce simulator: http://127.0.0.1:${salesforcePort}`);
      expect(out).toContain(`HubSpot simulator:    http://127.0.0.1:${hubspotPort}`);
      // Each answers there as its CRM would: Salesforce's token endpoint, HubSpot's deals API (a wrong token, refused in their shapes).
      const salesforce = await fetch(`http://127.0.0.1:${salesforcePort}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
      expect(salesforce.status).toBe(400);
      const hubspot = await fetch(`http://127.0.0.1:${hubspotPort}/crm/v3/objects/deals`, { headers: { Authorization: 'Bearer wrong' } });
      expect(hubspot.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('sim refuses the same port for both simulators, in one line', async () => {
    const [port] = await freePorts(1);
    const result = await alignboard(['sim', '--demo', '--salesforce-port', String(port), '--hubspot-port', String(port)], cleanEnv());
    expect(result).toEqual({ code: 1, stdout: '', stderr: `alignboard: --salesforce-port and --hubspot-port are both ${port}; give each simulator its own port\n` });
  });

  it('sim names a port that is already in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await alignboard(['sim', '--demo', '--salesforce-port', String(await freePort()), '--hubspot-port', String(port)], cleanEnv());
      expect(result).toEqual({ code: 1, stdout: '', stderr: `alignboard: --hubspot-port ${port}: the port is in use; choose another\n` });
    } finally {
      taken.close();
    }
  });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/alignboard.js as an executable, the way `alignboard` (npm's bin link) or `./bin/alignboard.js` does. */
function alignboard(args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(repoRoot, 'bin/alignboard.js'), args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Ports free now, all different: each is held until all are found (one probe at a time could draw the same port twice). */
async function freePorts(count: number): Promise<number[]> {
  const probes = [];
  for (let i = 0; i < count; i++) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    probes.push(probe);
  }
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
  return ports;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until(ready: () => boolean, shown: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`not ready in time:\n${shown()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
