import { TokenService } from '../../src/auth/tokens';
import { ok } from '../../../test/support/fixtures';
import { ADMIN, errorCode, startTestService, TestService } from '../../../test/support/service';

describe('authentication and roles', () => {
  let app: TestService;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestService();
    adminToken = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and logs in with a token and the user', async () => {
    const data = await ok<{
      login: { token: string; expiresAt: string; user: { email: string; role: string } };
    }>(
      app,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { email role } } }',
      { e: ADMIN.email, p: ADMIN.password },
      null,
    );
    expect(data.login.user).toEqual({ email: ADMIN.email, role: 'ADMIN' });
    expect(data.login.token.split('.')).toHaveLength(3);
    expect(new Date(data.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('answers a wrong password and an unknown email with the same UNAUTHENTICATED message', async () => {
    const query = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
    const wrongPassword = await app.graphql(query, { e: ADMIN.email, p: 'wrong-password' });
    const unknownEmail = await app.graphql(query, { e: 'nobody@example.com', p: ADMIN.password });
    expect(errorCode(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknownEmail)).toBe('UNAUTHENTICATED');
    expect(wrongPassword.errors?.[0].message).toBe(unknownEmail.errors?.[0].message);
  });

  it('stores passwords hashed, never in clear', async () => {
    const user = await app.service.database.db.collection('users').findOne({ email: ADMIN.email });
    expect(user?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(JSON.stringify(user)).not.toContain(ADMIN.password);
  });

  it('tells who is logged in with me, and null for anonymous callers', async () => {
    expect((await app.graphql('{ me { email role } }', {}, adminToken)).data).toEqual({
      me: { email: ADMIN.email, role: 'ADMIN' },
    });
    expect((await app.graphql('{ me { email } }')).data).toEqual({ me: null });
  });

  it('refuses mutations to anonymous callers with UNAUTHENTICATED', async () => {
    const result = await app.graphql('mutation { createSpeaker(name: "Anonymous Writer") { id } }');
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    const stored = await app.service.database.db
      .collection('speakers')
      .countDocuments({ name: 'Anonymous Writer' });
    expect(stored).toBe(0);
  });

  it('answers a forged or expired token with 401 UNAUTHENTICATED', async () => {
    const forged = await app.graphql('{ me { email } }', {}, `${adminToken.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(errorCode(forged)).toBe('UNAUTHENTICATED');

    const user = await app.service.database.db.collection('users').findOne({ email: ADMIN.email });
    const expired = new TokenService(app.config.jwtSecret, -10).issue({
      sub: String(user?._id),
      email: ADMIN.email,
      role: 'ADMIN',
    });
    const result = await app.graphql('{ me { email } }', {}, expired.token);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });

  it('lets admins manage users, and refuses user management to editors with FORBIDDEN', async () => {
    const created = await ok<{ createUser: { id: string; role: string; email: string } }>(
      app,
      'mutation { createUser(email: "Editor@Example.com", name: "Ed", role: EDITOR, password: "editor-password") { id role email } }',
      {},
      adminToken,
    );
    expect(created.createUser).toMatchObject({ role: 'EDITOR', email: 'editor@example.com' });

    const editorToken = await app.login('editor@example.com', 'editor-password');
    expect(errorCode(await app.graphql('{ allUsers { id } }', {}, editorToken))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await app.graphql(
          'mutation { createUser(email: "x@example.com", role: ADMIN, password: "12345678") { id } }',
          {},
          editorToken,
        ),
      ),
    ).toBe('FORBIDDEN');
    // Editors may still curate content.
    const speaker = await app.graphql(
      'mutation { createSpeaker(name: "Edited By Editor") { id } }',
      {},
      editorToken,
    );
    expect(speaker.errors).toBeUndefined();

    const users = await ok<{ allUsers: { email: string }[]; _allUsersMeta: { count: number } }>(
      app,
      '{ allUsers(sortField: "email", sortOrder: "ASC") { email } _allUsersMeta { count } }',
      {},
      adminToken,
    );
    expect(users.allUsers.map((u) => u.email)).toEqual(['admin@example.com', 'editor@example.com']);
    expect(users._allUsersMeta.count).toBe(2);
  });

  it('refuses a duplicate email and a short password with BAD_USER_INPUT naming the field', async () => {
    const duplicate = await app.graphql(
      `mutation { createUser(email: "${ADMIN.email}", role: EDITOR, password: "long-enough-1") { id } }`,
      {},
      adminToken,
    );
    expect(errorCode(duplicate)).toBe('BAD_USER_INPUT');
    expect(duplicate.errors?.[0].extensions?.field).toBe('email');
    const short = await app.graphql(
      'mutation { createUser(email: "new@example.com", role: EDITOR, password: "short") { id } }',
      {},
      adminToken,
    );
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('keeps password hashes out of history, and the history of accounts from editors', async () => {
    const users = await ok<{ allUsers: { id: string; email: string; version: number }[] }>(
      app,
      '{ allUsers { id email version } }',
      {},
      adminToken,
    );
    const editor = users.allUsers.find((u) => u.email === 'editor@example.com')!;
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateUser(id: $id, version: $v, password: "a-new-password") { id } }',
      { id: editor.id, v: editor.version },
      adminToken,
    );
    const stored = await app.service.database.db.collection('revisions').find({ entity: 'USER' }).toArray();
    expect(JSON.stringify(stored)).not.toMatch(/\$2[aby]\$/);
    const asAdmin = await ok<{ allRevisions: { after: Record<string, unknown> | null }[] }>(
      app,
      '{ allRevisions(filter: { entity: "USER" }) { after } }',
      {},
      adminToken,
    );
    expect(asAdmin.allRevisions.some((r) => r.after?.password === '(changed)')).toBe(true);

    const editorToken = await app.login('editor@example.com', 'a-new-password');
    const asEditor = await ok<{ allRevisions: unknown[]; _allRevisionsMeta: { count: number } }>(
      app,
      '{ allRevisions(filter: { entity: "USER" }) { id } _allRevisionsMeta(filter: { entity: "USER" }) { count } }',
      {},
      editorToken,
    );
    expect(asEditor.allRevisions).toEqual([]);
    expect(asEditor._allRevisionsMeta.count).toBe(0);

    // Editors still see who made content changes, by name only.
    await ok(app, 'mutation { createSpeaker(name: "Named Author Check") { id } }', {}, adminToken);
    const authored = await ok<{ allRevisions: { user_name: string | null }[] }>(
      app,
      '{ allRevisions(filter: { entity: "SPEAKER" }, sortField: "createdAt", sortOrder: "DESC", perPage: 1) { user_name } }',
      {},
      editorToken,
    );
    expect(authored.allRevisions).toEqual([{ user_name: 'Administrator' }]);
  });
});
