import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { actorOf, type Actor, type Principal } from './principal.js';

export const PUBLIC_ROUTE = 'alignboard:public';
export const ADMIN_ONLY = 'alignboard:admin-only';

/** The only routes without a token: health and the dashboard's static files. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export type AuthenticatedRequest = Request & { principal?: Principal; id?: string };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentActor used on a public route');
  return actorOf(request.principal, request.id);
});
