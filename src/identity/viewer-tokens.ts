import { webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { UnauthenticatedError } from '../errors/domain-error.js';

const ISSUER = 'hermet';
const ALGORITHM = 'HS256';
/** Tokens remembered as verified: a client sends the same token with every request. */
const VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  readonly viewerId: bigint;
  /** `exp` in milliseconds; Infinity for a token without one. */
  readonly expiresAt: number;
}

/** Signs and verifies the bearer tokens that name the viewer (JWT, HS256, `sub` = user id). */
@Injectable()
export class ViewerTokens {
  /**
   * Imported once: given raw bytes, jose imports a Web Crypto key on every sign and verify, which
   * was a tenth of the gateway's CPU per read request.
   */
  private readonly key: Promise<webcrypto.CryptoKey>;
  /**
   * An HMAC check through Web Crypto is an asynchronous job on the thread pool, a tenth of the CPU
   * of a read request. The same bytes verify the same way every time, so a verified token is
   * remembered until it expires (only the expiry can change its answer).
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS });

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
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.viewerId;
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (!payload.sub || !/^\d{1,19}$/.test(payload.sub)) throw new Error('subject is not a user id');
      const viewerId = BigInt(payload.sub);
      this.verified.set(token, { viewerId, expiresAt: payload.exp === undefined ? Infinity : payload.exp * 1000 });
      return viewerId;
    } catch {
      throw new UnauthenticatedError('INVALID_TOKEN', 'the bearer token is invalid or expired');
    }
  }
}
