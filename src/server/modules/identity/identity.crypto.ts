import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';

/** OWASP Password Storage Cheat Sheet / ASVS 5.0 appendix C: argon2id, m = 19 MiB, t = 2, p = 1. */
// algorithm 2 is Argon2id in @node-rs/argon2's (const) enum.
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, argon2Options);

/** Verified against for unknown emails, so a wrong email costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  try {
    return await verify(passwordHash ?? (await dummyHash), password);
  } catch {
    return false;
  }
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** ASVS 6.2.4: refuse the most common passwords. A short list of the worst; length rules do the rest. */
const commonPasswords = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'administrator',
  'letmein12345',
  'welcome12345',
  'iloveyou1234',
  'changeme1234',
  'hospital1234',
  'passwordpassword',
  'qwerty123456',
  'abc123456789',
  '111111111111',
  '000000000000',
  'aaaaaaaaaaaa',
]);
export const isCommonPassword = (password: string): boolean => commonPasswords.has(password.toLowerCase());

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

const totpFor = (secret: string, label = 'OpenHTM') =>
  new TOTP({
    issuer: 'OpenHTM',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/**
 * Checks a 6-digit code within one step of clock drift. Returns the time step it matched so the caller can
 * refuse a code that was already used (ASVS 6.5.1: single use).
 */
export function checkTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const totp = totpFor(secret);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 30_000) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** For tests and the CLI: the code an authenticator app would show now. */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}
