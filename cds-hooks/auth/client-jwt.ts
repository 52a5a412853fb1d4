import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { TrustedIssuer } from '../config.js';
import { MemoryReplayStore, type ReplayStore } from './replay-store.js';

export interface VerifiedClient {
  iss: string;
  sub?: string;
  tenant?: string;
  jti: string;
  issuer: TrustedIssuer;
}

/** Why a JWT was refused: logged (never the token), never sent to the caller. */
export class JwtRefused extends Error {}

const FORBIDDEN_ALG = /^(none|HS\d+)$/i;
const MAX_LIFETIME_S = 3600;
const TOLERANCE_S = 60;

/**
 * Verifies the CDS client's JWT as CDS Hooks §Trusting CDS Clients asks (interop A-80…A-89):
 * trusted `iss`, `jku` on that issuer's allow-list before any fetch, cached JWKS per URL,
 * allowed algorithms, `aud` = the URL invoked, `exp`/`iat` with bounded lifetime, `jti` not
 * replayed.
 */
export class ClientJwtVerifier {
  private readonly jwksCache = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly issuers: TrustedIssuer[],
    private readonly now: () => number = Date.now,
    private readonly jwksFactory: (url: URL) => JWTVerifyGetKey = (url) =>
      createRemoteJWKSet(url, {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: 30_000,
        timeoutDuration: 2_000,
      }),
    /** Shared by every process serving these issuers (see replay-store.ts). */
    private readonly replay: ReplayStore = new MemoryReplayStore(now),
  ) {}

  async verify(token: string, expectedAud: string): Promise<VerifiedClient> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new JwtRefused('malformed JWT');
    }
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT')
      throw new JwtRefused('typ is not JWT');
    if (!header.alg || FORBIDDEN_ALG.test(header.alg))
      throw new JwtRefused('algorithm not allowed');
    if (!header.kid) throw new JwtRefused('kid missing');
    const issuer = this.issuers.find((i) => i.iss === claims.iss);
    if (!issuer) throw new JwtRefused('untrusted issuer');
    if (!issuer.algorithms.includes(header.alg))
      throw new JwtRefused('algorithm not allowed for issuer');
    const jku = header.jku ?? issuer.jwksUrls[0];
    if (!jku || !issuer.jwksUrls.includes(jku))
      throw new JwtRefused('jku not on the issuer allow-list');
    let keys = this.jwksCache.get(jku);
    if (!keys) this.jwksCache.set(jku, (keys = this.jwksFactory(new URL(jku))));

    const auds = [
      expectedAud,
      expectedAud.endsWith('/') ? expectedAud.slice(0, -1) : `${expectedAud}/`,
    ];
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: issuer.iss,
        audience: auds,
        algorithms: issuer.algorithms,
        clockTolerance: TOLERANCE_S,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        currentDate: new Date(this.now()),
      }));
    } catch (e) {
      throw new JwtRefused(`signature or claims: ${(e as { code?: string }).code ?? 'invalid'}`);
    }
    // A jti is the replay key: a non-empty string of bounded length, never a number or "".
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
      throw new JwtRefused('jti must be a non-empty string of at most 256 characters');
    const nowS = this.now() / 1000;
    if (payload.iat! > nowS + TOLERANCE_S) throw new JwtRefused('iat in the future');
    if (payload.exp! - payload.iat! > MAX_LIFETIME_S)
      throw new JwtRefused('lifetime over one hour');
    const tenant = typeof payload.tenant === 'string' ? payload.tenant : undefined;
    if (issuer.tenants && (!tenant || !issuer.tenants.includes(tenant)))
      throw new JwtRefused('tenant not allowed');

    // Claimed only once everything else holds, so a forged token cannot use up a real jti.
    if (
      !(await this.replay.claim(
        `${issuer.iss}\u241f${payload.jti}`,
        (payload.exp! + TOLERANCE_S) * 1000,
      ))
    )
      throw new JwtRefused('jti replayed');
    return {
      iss: issuer.iss,
      jti: payload.jti,
      issuer,
      ...(payload.sub ? { sub: payload.sub } : {}),
      ...(tenant ? { tenant } : {}),
    };
  }
}
