import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from '../../src/config';

describe('configuration', () => {
  it('has working defaults: port 4000, embedded engine under ./data, development', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(4000);
    expect(config.mongodbUri).toBeUndefined();
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseName).toBe('transcripts');
    expect(config.jwtSecretIsDevDefault).toBe(true);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI must be a MongoDB connection string/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ADMIN_EMAIL', 'nobody', /ADMIN_EMAIL is not an email address/],
    ['ADMIN_PASSWORD', 'short-pass1', /ADMIN_PASSWORD must be at least 12 characters/],
    ['ADMIN_PASSWORD', ' '.repeat(12), /ADMIN_PASSWORD must not be only whitespace/],
    ['ADMIN_PASSWORD', 'x'.repeat(73), /ADMIN_PASSWORD must be at most 72 bytes/],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', '0', /LOGIN_MAX_FAILURES_PER_ACCOUNT must be between 1 and/],
    ['LOGIN_MAX_FAILURES_PER_ADDRESS', 'many', /LOGIN_MAX_FAILURES_PER_ADDRESS must be a whole number/],
    ['LOGIN_FAILURE_WINDOW', '0', /LOGIN_FAILURE_WINDOW must be at least 1 s/],
    ['LOGIN_BLOCK_DURATION', 'a while', /LOGIN_BLOCK_DURATION must be a duration/],
    ['TRUST_PROXY', 'sometimes', /TRUST_PROXY must be false, true, a number of proxies, or a list/],
    ['TRUST_PROXY', '10.0.0.0/40', /TRUST_PROXY must be false, true/],
    ['TOKEN_TTL', 'forever', /TOKEN_TTL must be a duration/],
    ['SEED_ON_START', 'maybe', /SEED_ON_START must be true or false/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('throttles logins by default and trusts no proxy unless told which', () => {
    expect(loadConfig({}).loginThrottle).toEqual({
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 50,
      failureWindowSeconds: 900,
      blockSeconds: 60,
    });
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::1',
    ]);
  });

  it('takes the database name from the connection string, or MONGODB_DB', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://db:27017/newsroom?replicaSet=rs0' }).databaseName).toBe(
      'newsroom',
    );
    expect(loadConfig({ MONGODB_URI: 'mongodb://db:27017/', MONGODB_DB: 'other' }).databaseName).toBe(
      'other',
    );
  });

  it('refuses to run in production with the development JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret' }).nodeEnv,
    ).toBe('production');
  });

  it('reads .env without overriding variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(join(dir, '.env'), 'PORT=5001\nLOG_LEVEL=debug\n');
    const env: Record<string, string | undefined> = { PORT: '6000' };
    loadDotEnv(env, dir);
    expect(env).toEqual({ PORT: '6000', LOG_LEVEL: 'debug' });
  });
});
