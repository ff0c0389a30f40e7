import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { TooManyRequestsError } from '../shared/errors';
import type { Db } from 'mongodb';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import { Collections } from '../db/collections';

export interface LoginThrottleSettings {
  /** Failed logins for one email within the window before it is blocked. */
  maxFailuresPerAccount: number;
  /** Failed logins from one client address within the window before it is blocked. */
  maxFailuresPerAddress: number;
  failureWindowSeconds: number;
  /** The first block; each further block of the same key within a day doubles it, up to 64 times. */
  blockSeconds: number;
}

/** How long earlier blocks of a key are remembered, to make the next one longer. */
const BLOCK_MEMORY_SECONDS = 24 * 3600;
const MAX_BLOCK_DOUBLINGS = 6;

/**
 * Failed attempts of one kind of key (accounts or client addresses), kept in MongoDB so that every
 * instance of the service sees the same counts. A key that reaches its budget is blocked, longer each time.
 */
class FailureBudget {
  private readonly attempts: RateLimiterMongo;
  private readonly blocks: RateLimiterMongo;

  constructor(
    db: Db,
    kind: string,
    readonly maxFailures: number,
    windowSeconds: number,
    private readonly firstBlockSeconds: number,
  ) {
    // The collection and its indexes (unique key, TTL on expire) are made by ensureIndexes at start.
    const shared = { storeClient: db, tableName: Collections.loginThrottle, disableIndexesCreation: true };
    this.attempts = new RateLimiterMongo({
      ...shared,
      keyPrefix: kind,
      points: maxFailures,
      duration: windowSeconds,
    });
    this.blocks = new RateLimiterMongo({
      ...shared,
      keyPrefix: `${kind}-blocks`,
      points: Number.MAX_SAFE_INTEGER,
      duration: BLOCK_MEMORY_SECONDS,
    });
  }

  /**
   * Counts an attempt before its password is checked, atomically, so that concurrent attempts cannot
   * slip past the budget. Answers the milliseconds to wait if the key is blocked or has no attempt left.
   */
  async count(key: string): Promise<{ attemptNumber: number; waitMs: number | null }> {
    const counted = await this.attempts.penalty(key, 1);
    return {
      attemptNumber: counted.consumedPoints,
      waitMs: counted.consumedPoints > this.maxFailures ? Math.max(counted.msBeforeNext, 1) : null,
    };
  }

  /** After a failed attempt: the attempt that used the last of the budget blocks the key. */
  async failed(key: string, attemptNumber: number): Promise<void> {
    if (attemptNumber < this.maxFailures) return;
    const earlierBlocks = (await this.blocks.penalty(key, 1)).consumedPoints - 1;
    const seconds = this.firstBlockSeconds * 2 ** Math.min(earlierBlocks, MAX_BLOCK_DOUBLINGS);
    await this.attempts.block(key, seconds);
  }

  /** A successful login of the account: its failures and earlier blocks are forgotten. */
  async forget(key: string): Promise<void> {
    await Promise.all([this.attempts.delete(key), this.blocks.delete(key)]);
  }

  /** An attempt from the address that did not fail: it is not counted; earlier failures still are. */
  async refund(key: string): Promise<void> {
    await this.attempts.reward(key, 1);
  }
}

/** One login attempt that has been counted; report how it ended. */
export interface LoginAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

/**
 * Limits failed logins per account (normalised email, whether or not such an account exists, so that the
 * answer reveals nothing) and per client address, across every instance sharing the database.
 */
export class LoginThrottle {
  private readonly accounts: FailureBudget;
  private readonly addresses: FailureBudget;

  constructor(db: Db, settings: LoginThrottleSettings) {
    const { failureWindowSeconds, blockSeconds } = settings;
    this.accounts = new FailureBudget(
      db,
      'account',
      settings.maxFailuresPerAccount,
      failureWindowSeconds,
      blockSeconds,
    );
    this.addresses = new FailureBudget(
      db,
      'address',
      settings.maxFailuresPerAddress,
      failureWindowSeconds,
      blockSeconds,
    );
  }

  /**
   * Counts an attempt for the (already normalised) email and the client address, if known. Refuses with
   * TOO_MANY_REQUESTS while either is blocked, before any password is checked. Refused attempts are not
   * failures: the address is counted first and refunded if the account refuses, and an address that is
   * refused never reaches the account's count.
   */
  async begin(normalisedEmail: string, clientAddress: string | undefined): Promise<LoginAttempt> {
    const addressKey = clientAddress === undefined ? undefined : addressKeyOf(clientAddress);
    const address = addressKey === undefined ? undefined : await this.addresses.count(addressKey);
    if (address?.waitMs) throw tooManyFailedLogins(address.waitMs);
    const accountKey = accountKeyOf(normalisedEmail);
    const account = await this.accounts.count(accountKey);
    if (account.waitMs) {
      if (addressKey !== undefined) await this.addresses.refund(addressKey);
      throw tooManyFailedLogins(account.waitMs);
    }

    return {
      failed: async () => {
        await this.accounts.failed(accountKey, account.attemptNumber);
        if (addressKey !== undefined && address)
          await this.addresses.failed(addressKey, address.attemptNumber);
      },
      succeeded: async () => {
        await this.accounts.forget(accountKey);
        if (addressKey !== undefined) await this.addresses.refund(addressKey);
      },
    };
  }
}

function tooManyFailedLogins(waitMs: number): TooManyRequestsError {
  const retryAfter = Math.ceil(waitMs / 1000);
  return new TooManyRequestsError(`Too many failed logins: try again in ${retryAfter} s`, retryAfter);
}

/** Stored as a digest: the throttle keeps no list of the addresses people typed. */
function accountKeyOf(normalisedEmail: string): string {
  return createHash('sha256').update(normalisedEmail).digest('hex');
}

/**
 * One key per IPv4 address and per IPv6 /64 network (what one subscriber usually gets, so that rotating
 * addresses within it does not reset the budget); IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function addressKeyOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  const withoutZone = address.split('%')[0];
  if (!isIPv6(withoutZone)) return address;
  const [head, tail] = withoutZone.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  // A trailing dotted IPv4 part stands for two groups.
  const width = (groups: string[]) => groups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - width(headGroups) - width(tailGroups)).fill('0'), ...tailGroups];
  const network = groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}
