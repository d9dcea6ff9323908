import { webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { UnauthenticatedError } from '../errors/domain-error.js';

const ISSUER = 'hermet';
const ALGORITHM = 'HS256';

/** Signs and verifies the bearer tokens that name the viewer (JWT, HS256, `sub` = user id). */
@Injectable()
export class ViewerTokens {
  /**
   * Imported once: given raw bytes, jose imports a Web Crypto key on every sign and verify, which
   * was a tenth of the gateway's CPU per read request.
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(@Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'jwtSecret'>) {
    const secret = new TextEncoder().encode(config.jwtSecret);
    this.key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue(userId: bigint, expiresIn = '30d'): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(userId.toString())
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(await this.key);
  }

  /** The viewer named by an `Authorization: Bearer <token>` header. */
  async viewerOfAuthorization(header: string): Promise<bigint> {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) {
      throw new UnauthenticatedError('INVALID_AUTHORIZATION_HEADER', 'the Authorization header must be "Bearer <token>"');
    }
    return this.viewerOf(match[1]);
  }

  async viewerOf(token: string): Promise<bigint> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (!payload.sub || !/^\d{1,19}$/.test(payload.sub)) throw new Error('subject is not a user id');
      return BigInt(payload.sub);
    } catch {
      throw new UnauthenticatedError('INVALID_TOKEN', 'the bearer token is invalid or expired');
    }
  }
}
