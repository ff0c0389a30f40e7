import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { isIP } from 'node:net';
import type { LoginThrottleSettings } from './auth/login-throttle';
import type { OperationLimitSettings } from './graphql/limits';
import type { ReaderCacheSettings } from './graphql/reader-cache/reader-cache';
import type { WebSocketLimitSettings } from './subscriptions/subscription-server';
import { brokenPasswordRule } from './auth/password-policy';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** Set → that MongoDB; unset → the embedded engine. */
  mongodbUri: string | undefined;
  databaseName: string;
  dataDir: string;
  /** Port of the embedded engine; 0 picks a free one. */
  embeddedMongoPort: number;
  jwtSecret: string;
  jwtSecretIsDevDefault: boolean;
  tokenTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  adminPasswordIsDevDefault: boolean;
  loginThrottle: LoginThrottleSettings;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For is believed for the client address. */
  trustProxy: TrustProxy;
  /** GraphQL operation limits, over HTTP and WebSocket alike. */
  operationLimits: OperationLimitSettings;
  webSocketLimits: WebSocketLimitSettings;
  /** Largest HTTP request body (bytes); a larger one answers 413 with a GraphQL error. */
  maxRequestBodyBytes: number;
  logLevel: LogLevel;
  seedOnStart: boolean;
  /** How often (ms) the service looks for scheduled publishing and unpublishing that is due. */
  publishScheduleIntervalMs: number;
  /** Readers' answers kept until the content changes. */
  readerCache: ReaderCacheSettings;
  adminDistDir: string;
  seedsDir: string;
}

/** false: the peer is the client; a number: that many proxies in front; a list: proxies by address/subnet. */
export type TrustProxy = boolean | number | string[];

export const DEV_JWT_SECRET = 'dev-only-secret-change-me';
export const DEV_ADMIN_EMAIL = 'admin@example.com';
export const DEV_ADMIN_PASSWORD = 'admin-password';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function duration(env: Env, name: string, fallbackSeconds: number, minSeconds = 60): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallbackSeconds;
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw);
  if (!match) throw new ConfigError(name, `must be a duration like 3600, 90m, 12h or 7d, got "${raw}"`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds < minSeconds)
    throw new ConfigError(name, `must be at least ${minSeconds === 60 ? 'one minute' : `${minSeconds} s`}`);
  return seconds;
}

/** A size in bytes: `4194304`, `512kb`, `4mb` (binary units). */
function byteSize(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw);
  if (!match) throw new ConfigError(name, `must be a size like 4194304, 512kb or 4mb, got "${raw}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  const value = Number(match[1]) * unit;
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max} bytes, got ${value}`);
  return value;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env): TrustProxy {
  const raw = nonEmpty(env, 'TRUST_PROXY');
  if (raw === undefined) return false;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 0, 100);
  if (/^(true|false|yes|no|on|off)$/i.test(raw)) return boolean(env, 'TRUST_PROXY', false);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    const prefixOk =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(entry) && (version === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be false, true, a number of proxies, or a list of proxy addresses/subnets (or ${PROXY_NAMES.join(', ')}), got "${entry}"`,
      );
    }
  }
  return entries;
}

function databaseNameFrom(uri: string | undefined, env: Env): string {
  const explicit = nonEmpty(env, 'MONGODB_DB');
  const name =
    explicit ?? (uri ? /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1] : undefined) ?? 'transcripts';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new ConfigError(explicit ? 'MONGODB_DB' : 'MONGODB_URI', `names an invalid database "${name}"`);
  }
  return name;
}

/** Reads the configuration from the environment; every bad value is refused with the variable's name. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const mongodbUri = nonEmpty(env, 'MONGODB_URI');
  if (mongodbUri && !/^mongodb(\+srv)?:\/\/.+/.test(mongodbUri)) {
    throw new ConfigError(
      'MONGODB_URI',
      'must be a MongoDB connection string (mongodb:// or mongodb+srv://)',
    );
  }
  const jwtSecret = nonEmpty(env, 'JWT_SECRET') ?? DEV_JWT_SECRET;
  const jwtSecretIsDevDefault = jwtSecret === DEV_JWT_SECRET;
  if (nodeEnv === 'production' && jwtSecretIsDevDefault) {
    throw new ConfigError('JWT_SECRET', 'must be set to a secret of your own when NODE_ENV=production');
  }
  if (!jwtSecretIsDevDefault && jwtSecret.length < 16) {
    throw new ConfigError('JWT_SECRET', 'must be at least 16 characters long');
  }
  const adminEmail = nonEmpty(env, 'ADMIN_EMAIL') ?? DEV_ADMIN_EMAIL;
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail))
    throw new ConfigError('ADMIN_EMAIL', `is not an email address: "${adminEmail}"`);
  const adminPassword = env.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD;
  // Refused in every environment: the first admin would otherwise be created with a password the API refuses.
  const adminPasswordRule = brokenPasswordRule(adminPassword);
  if (adminPasswordRule) throw new ConfigError('ADMIN_PASSWORD', adminPasswordRule);

  return {
    nodeEnv,
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: nonEmpty(env, 'HOST') ?? '0.0.0.0',
    mongodbUri,
    databaseName: databaseNameFrom(mongodbUri, env),
    dataDir: resolve(cwd, nonEmpty(env, 'DATA_DIR') ?? './data'),
    embeddedMongoPort: integer(env, 'EMBEDDED_MONGO_PORT', 0, 0, 65535),
    jwtSecret,
    jwtSecretIsDevDefault,
    tokenTtlSeconds: duration(env, 'TOKEN_TTL', 12 * 3600),
    adminEmail,
    adminPassword,
    adminPasswordIsDevDefault: adminPassword === DEV_ADMIN_PASSWORD,
    loginThrottle: {
      maxFailuresPerAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 50, 1, 1_000_000),
      failureWindowSeconds: duration(env, 'LOGIN_FAILURE_WINDOW', 15 * 60, 1),
      blockSeconds: duration(env, 'LOGIN_BLOCK_DURATION', 60, 1),
    },
    trustProxy: trustProxy(env),
    operationLimits: {
      maxDepth: integer(env, 'MAX_QUERY_DEPTH', 10, 1, 1000),
      maxAliases: integer(env, 'MAX_ALIASES', 100, 0, 100_000),
      maxDirectives: integer(env, 'MAX_DIRECTIVES', 50, 0, 100_000),
      maxTokens: integer(env, 'MAX_TOKENS', 2000, 100, 1_000_000),
      maxCost: integer(env, 'MAX_QUERY_COST', 20_000, 1, 100_000_000),
      maxEditorCost: integer(env, 'MAX_QUERY_COST_EDITOR', 1_000_000, 1, 100_000_000),
    },
    webSocketLimits: {
      maxPayloadBytes: integer(env, 'WS_MAX_PAYLOAD', 64 * 1024, 1024, 100 * 1024 * 1024),
      maxSubscriptionsPerSocket: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 100, 1, 100_000),
      maxSocketsPerAddress: integer(env, 'WS_MAX_SOCKETS_PER_ADDRESS', 256, 1, 1_000_000),
    },
    maxRequestBodyBytes: byteSize(env, 'MAX_REQUEST_BODY', 4 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    seedOnStart: boolean(env, 'SEED_ON_START', true),
    publishScheduleIntervalMs: integer(env, 'PUBLISH_SCHEDULE_INTERVAL_MS', 5000, 50, 3_600_000),
    readerCache: {
      maxBytes: byteSize(env, 'READER_CACHE_SIZE', 32 * 1024 * 1024, 0, 4096 * 1024 * 1024),
      ttlSeconds: duration(env, 'READER_CACHE_TTL', 300, 1),
    },
    adminDistDir: resolve(__dirname, '../../admin/dist'),
    seedsDir: resolve(__dirname, '../../seeds'),
  };
}

/** Loads `.env` from the working directory into `env`, never overriding variables already set. */
export function loadDotEnv(env: Env = process.env, cwd: string = process.cwd()): void {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] === undefined) env[name] = value;
  }
}
