import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { quarterOf, shiftQuarter } from '@alignboard/metrics';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { TokenService } from '../../auth/token.service.js';
import { cliActor } from '../../auth/principal.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { projectRoot } from '../../config/paths.js';
import { currentQuarterOf, MeetingScheduleService } from '../../meetings/meeting-schedule.service.js';
import { Partnership } from '../../partnerships/entities/partnership.entity.js';
import { ApplyPartnershipService } from '../../partnership-file/apply-partnership.service.js';
import { readEnvFile, readPartnershipFile } from '../../partnership-file/partnership-file.loader.js';
import { startDemoCrms, type DemoCrms } from './demo-crms.js';
import { definitionAtQuarter } from './demo-dates.js';

export interface DemoLogin {
  partnershipKey: string;
  email: string;
  description: string;
  token: string;
  crms: DemoCrms;
}

/** The CRO of side A: the demo shows the product as the person it is built for. */
const demoLogin = { email: 'dana@cobalt.example', description: 'CRO, Cobalt Security (side A)' };

/**
 * Starts the simulated CRMs, applies the example partnership pointed at them
 * and returns a fresh login. Its data, its CRMs' clocks, its forecasts and its
 * meetings all follow the product clock (ALIGNBOARD_CLOCK runs the demo at
 * another date). The example's `${...}` values are passed explicitly rather
 * than read from the caller's environment, so a real credential exported in
 * the shell can never end up in demo data.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoLogin> {
  const examples = join(projectRoot(), 'examples');
  const values = await readEnvFile(join(examples, 'cobalt-northgate.env.example'));
  const clock = app.get<Clock>(CLOCK);
  const crms = await startDemoCrms(values, { clock });
  const file = await readPartnershipFile(join(examples, 'cobalt-northgate.yaml'), {
    ...values,
    SF_LOGIN_URL: crms.salesforceUrl,
    HUBSPOT_BASE_PATH: crms.hubspotUrl,
  });
  // The file's forecasts and dates line up with the CRMs' six quarters ending with the clock's.
  const definition = definitionAtQuarter(
    file,
    quarterOf(clock.now().getTime(), { startMonth: file.fiscalYearStartMonth, namedBy: file.fiscalYearNamedBy }),
  );
  await app.get(ApplyPartnershipService).apply(definition, cliActor('demo'));
  // The meetings the partnership's rule implies, as the daily pass would make them.
  const partnership = await app.get<DataSource>(getDataSourceToken()).getRepository(Partnership).findOneByOrFail({ key: definition.key });
  const now = clock.now();
  const through = shiftQuarter(currentQuarterOf(partnership, now), 2);
  await app.get(MeetingScheduleService).generate(partnership, { through, now }, cliActor('demo'));
  const { token } = await app.get(TokenService).create(
    { email: demoLogin.email, role: 'member', partnershipKey: definition.key, label: 'demo login' },
    cliActor('demo'),
  );
  return { partnershipKey: definition.key, ...demoLogin, token, crms };
}
