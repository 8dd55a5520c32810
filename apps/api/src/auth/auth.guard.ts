import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import { ADMIN_ONLY, type AuthenticatedRequest, PUBLIC_ROUTE } from './auth.decorators.js';
import { TokenService } from './token.service.js';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every route needs a bearer token unless marked @Public. Viewers
 * never write; @AdminOnly routes need an admin token. Which partnerships a
 * caller reaches is decided per request by PartnershipAccess (404, not 403).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('An API token is required: send `Authorization: Bearer <token>`');
    const principal = await this.tokens.authenticate(match[1]);
    if (!principal) throw new UnauthorizedError('The API token is unknown, revoked or expired');
    request.principal = principal;

    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && principal.role !== 'admin') {
      throw new ForbiddenError('This action needs an admin token');
    }
    if (!readMethods.has(request.method) && principal.role === 'viewer') {
      throw new ForbiddenError('Viewer tokens are read-only');
    }
    return true;
  }
}
