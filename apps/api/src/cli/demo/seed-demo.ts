import type { INestApplicationContext } from '@nestjs/common';
import { TokenService } from '../../auth/token.service.js';
import { cliActor } from '../../auth/principal.js';
import type { Env } from '../../config/env.js';

export interface DemoLogin {
  partnershipKey: string;
  email: string;
  description: string;
  token: string;
}

const demoPartnership = 'cobalt-northgate';
const demoUser = { email: 'demo-admin@alignboard.local', name: 'Demo admin' };

/** Puts the example partnership in place (idempotently) and returns a login for it. */
export async function seedDemo(app: INestApplicationContext, _env: Env): Promise<DemoLogin> {
  const { token } = await app
    .get(TokenService)
    .create({ email: demoUser.email, name: demoUser.name, role: 'admin', label: 'demo login' }, cliActor('demo'));
  return { partnershipKey: demoPartnership, email: demoUser.email, description: 'admin', token };
}
