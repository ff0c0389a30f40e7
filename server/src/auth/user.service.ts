import { Collection, Db, Filter, MongoClient, ObjectId, Sort } from 'mongodb';
import type { Config } from '../config';
import { Collections } from '../db/collections';
import { badUserInput, notFound, unauthenticated } from '../shared/errors';
import type { Logger } from '../logger';
import type { RevisionWriter } from '../revisions/revision.writer';
import { parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { isDuplicateKey } from '../shared/mongo/duplicate-key';
import { literalContains } from '../shared/text';
import { inTransaction } from '../shared/mongo/transaction';
import { definedOnly, requiredText } from '../shared/validate';
import { newVersionedFields } from '../shared/versioned';
import { applyVersionedUpdate } from '../shared/mongo/versioned-update';
import type { AuthUser, Role } from './auth-user';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { brokenPasswordRule } from './password-policy';
import { IssuedToken, TokenService } from './tokens';
import type { UserDocument } from './user.model';

export interface UserFilterInput {
  q?: string;
  ids?: string[];
  role?: Role;
}

export interface UserChanges {
  email?: string;
  name?: string;
  role?: Role;
  password?: string;
}

const ROLES: readonly Role[] = ['ADMIN', 'EDITOR'];

export class UserService {
  private readonly collection: Collection<UserDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisions: RevisionWriter,
    readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {
    this.collection = db.collection<UserDocument>(Collections.users);
  }

  /** Display names of these users (revision authors); nothing else of an account. */
  namesOf(ids: readonly ObjectId[]): Promise<Pick<UserDocument, '_id' | 'name'>[]> {
    return this.collection.find({ _id: { $in: [...ids] } }, { projection: { name: 1 } }).toArray();
  }

  /** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when there is no user at all. */
  async ensureFirstAdmin(
    config: Pick<Config, 'adminEmail' | 'adminPassword' | 'adminPasswordIsDevDefault'>,
    logger: Logger,
  ) {
    if ((await this.collection.countDocuments({}, { limit: 1 })) > 0) return;
    await this.create(
      { email: config.adminEmail, name: 'Administrator', role: 'ADMIN', password: config.adminPassword },
      null,
    );
    logger.info({ email: config.adminEmail }, 'Created the first admin user');
    if (config.adminPasswordIsDevDefault) {
      logger.warn(
        'The first admin has the documented development password: change it (or set ADMIN_PASSWORD)',
      );
    }
  }

  /**
   * A token for valid credentials; a wrong email and a wrong password fail alike, and are throttled alike
   * (TOO_MANY_REQUESTS) per email and per client address.
   */
  async login(
    email: string,
    password: string,
    clientAddress?: string,
  ): Promise<{ issued: IssuedToken; user: UserDocument }> {
    const normalisedEmail = String(email).trim().toLowerCase();
    const attempt = await this.throttle.begin(normalisedEmail, clientAddress);
    const user = await this.collection.findOne({ email: normalisedEmail });
    const ok = await verifyPassword(String(password), user?.passwordHash ?? null);
    if (!user || !ok) {
      await attempt.failed();
      throw unauthenticated('Invalid email or password');
    }
    await attempt.succeeded();
    return {
      issued: this.tokens.issue({ sub: user._id.toHexString(), email: user.email, role: user.role }),
      user,
    };
  }

  /**
   * The caller behind a bearer token: null without a token; UNAUTHENTICATED for a bad or expired one
   * or for a user that no longer exists. The stored user is authoritative for the role.
   */
  async authenticate(token: string | null): Promise<AuthUser | null> {
    if (token === null) return null;
    const claims = this.tokens.verify(token);
    if (!claims || !ObjectId.isValid(claims.sub))
      throw unauthenticated('Your session is invalid or has expired: log in again');
    const user = await this.collection.findOne({ _id: new ObjectId(claims.sub) });
    if (!user) throw unauthenticated('Your account no longer exists');
    return { id: user._id.toHexString(), email: user.email, role: user.role };
  }

  get(id: ObjectId): Promise<UserDocument | null> {
    return this.collection.findOne({ _id: id });
  }

  list(filter: UserFilterInput | undefined, page: Page, sort: Sort): Promise<UserDocument[]> {
    return this.collection.find(this.toQuery(filter)).sort(sort).skip(page.skip).limit(page.limit).toArray();
  }

  count(filter: UserFilterInput | undefined): Promise<number> {
    return this.collection.countDocuments(this.toQuery(filter));
  }

  async create(input: Required<Omit<UserChanges, 'name'>> & { name?: string }, actorId: ObjectId | null) {
    const email = validEmail(input.email);
    const doc: UserDocument = {
      _id: new ObjectId(),
      email,
      name: requiredText('name', input.name ?? email.split('@')[0], { max: 200 }),
      role: validRole(input.role),
      passwordHash: await hashPassword(validPassword(input.password)),
      ...newVersionedFields(actorId),
    };
    try {
      return await inTransaction(this.client, async (session) => {
        await this.collection.insertOne(doc, { session });
        await this.revisions.record(session, {
          entity: 'USER',
          entity_id: doc._id,
          version: 1,
          action: 'CREATE',
          user_id: actorId,
          before: null,
          after: { email: doc.email, name: doc.name, role: doc.role },
        });
        return doc;
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw badUserInput('email', 'another user already has this email');
      throw error;
    }
  }

  async update(
    id: ObjectId,
    version: number,
    changes: UserChanges,
    actorId: ObjectId,
  ): Promise<UserDocument> {
    const patch = definedOnly<Partial<UserDocument>>({
      email: changes.email === undefined ? undefined : validEmail(changes.email),
      name: changes.name === undefined ? undefined : requiredText('name', changes.name, { max: 200 }),
      role: changes.role === undefined ? undefined : validRole(changes.role),
      passwordHash: changes.password ? await hashPassword(validPassword(changes.password)) : undefined,
    });
    try {
      return await inTransaction(this.client, async (session) => {
        if (patch.role === 'EDITOR') await this.refuseRemovingLastAdmin(id, session);
        const updated = await applyVersionedUpdate<UserDocument>({
          collection: this.collection,
          session,
          revisions: this.revisions,
          entity: 'USER',
          label: 'User',
          id,
          expectedVersion: version,
          patch,
          userId: actorId,
          interviewIdOf: () => null,
        });
        return updated;
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw badUserInput('email', 'another user already has this email');
      throw error;
    }
  }

  async delete(id: ObjectId, actorId: ObjectId): Promise<UserDocument> {
    if (id.equals(actorId)) throw badUserInput('id', 'you cannot delete your own account');
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { session });
      if (!current) throw notFound('User', id.toHexString());
      await this.refuseRemovingLastAdmin(id, session);
      await this.collection.deleteOne({ _id: id }, { session });
      await this.revisions.record(session, {
        entity: 'USER',
        entity_id: id,
        version: current.version + 1,
        action: 'DELETE',
        user_id: actorId,
        before: { email: current.email, name: current.name, role: current.role },
        after: null,
      });
      return current;
    });
  }

  private async refuseRemovingLastAdmin(
    id: ObjectId,
    session: import('mongodb').ClientSession,
  ): Promise<void> {
    const user = await this.collection.findOne({ _id: id }, { session });
    if (user?.role !== 'ADMIN') return;
    const admins = await this.collection.countDocuments({ role: 'ADMIN' }, { session });
    if (admins <= 1) throw badUserInput('role', 'the last admin cannot be removed or demoted');
  }

  private toQuery(filter: UserFilterInput | undefined): Filter<UserDocument> {
    const query: Filter<UserDocument> = {};
    if (!filter) return query;
    if (filter.ids) query._id = { $in: parseIds('filter.ids', filter.ids) };
    if (filter.role !== undefined) query.role = validRole(filter.role);
    if (filter.q?.trim()) {
      const pattern = literalContains(filter.q);
      query.$or = [{ email: pattern }, { name: pattern }];
    }
    return query;
  }
}

function validEmail(value: string): string {
  const email = requiredText('email', value, { max: 320 }).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@localhost$/.test(email))
    throw badUserInput('email', 'is not an email address');
  return email;
}

function validRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw badUserInput('role', 'must be ADMIN or EDITOR');
  return value as Role;
}

function validPassword(value: string): string {
  if (typeof value !== 'string') throw badUserInput('password', 'must be text');
  const broken = brokenPasswordRule(value);
  if (broken) throw badUserInput('password', broken);
  return value;
}
