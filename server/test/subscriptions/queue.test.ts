import { SocketBudget, SubscriberQueue } from '../../src/subscriptions/subscriber-queue';
import { createInterview, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, rawSocket, waitForSubscribers, waitForSubscribersAtMost } from './support';

describe('subscriber queues', () => {
  it('hands events over in order, to a waiting consumer at once', async () => {
    const budget = new SocketBudget(10, () => undefined);
    const queue = new SubscriberQueue<number>(budget);
    const waiting = queue.next();
    queue.push(1);
    expect(await waiting).toEqual({ value: 1, done: false });
    queue.push(2);
    queue.push(3);
    expect(budget.pending).toBe(2);
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(budget.pending).toBe(0);
  });

  it('shares one limit across the queues of a socket and reports the overflow once', async () => {
    const overflows: number[] = [];
    const budget = new SocketBudget(3, () => overflows.push(budget.pending));
    const ended: string[] = [];
    const a = new SubscriberQueue<number>(budget, { onEnd: () => ended.push('a') });
    const b = new SubscriberQueue<number>(budget, { onEnd: () => ended.push('b') });
    a.push(1);
    a.push(2);
    b.push(3);
    expect(overflows).toEqual([]);
    b.push(4);
    expect(overflows).toEqual([3]);
    expect(b.done).toBe(true);
    expect(ended).toEqual(['b']);
    a.push(5);
    expect(overflows).toEqual([3]);
    expect(a.done).toBe(true);
    expect(budget.pending).toBe(0);
    expect(await a.next()).toEqual({ value: undefined, done: true });
  });

  it('ends every queue of a socket that missed changes, telling the socket once and first', async () => {
    const heard: string[] = [];
    const budget = new SocketBudget(10, (cause) => heard.push(cause));
    const a = new SubscriberQueue<number>(budget, { onEnd: () => heard.push('a ended') });
    const b = new SubscriberQueue<number>(budget, { onEnd: () => heard.push('b ended') });
    a.push(1);
    a.missedChanges();
    b.missedChanges();
    expect(heard).toEqual(['changes-missed', 'a ended', 'b ended']);
    expect(budget.pending).toBe(0);
    expect(await a.next()).toEqual({ value: undefined, done: true });
  });

  it('frees what it held when the consumer leaves', async () => {
    const budget = new SocketBudget(100, () => undefined);
    const queue = new SubscriberQueue<number>(budget);
    for (let i = 0; i < 50; i += 1) queue.push(i);
    expect(budget.pending).toBe(50);
    const waiting = new SubscriberQueue<number>(budget);
    const pending = waiting.next();
    await queue.return();
    await waiting.return();
    expect(budget.pending).toBe(0);
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});

describe('a subscriber that does not read', () => {
  const LIMIT = 20;
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService({}, { subscriptions: { queueLimit: LIMIT, slowCloseGraceMs: 60_000 } });
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('is closed with 1013 "Subscriber too slow" (a code clients retry) while the others keep receiving', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const id = fixture.answers[0].id;
    // Large events fill the socket buffers quickly: 100 copies of a 20 kB entry each.
    const fields = Array.from({ length: 100 }, (_, i) => `a${i}: answer { text }`).join(' ');
    const slow = await rawSocket(app, token);
    slow.socket.send(
      JSON.stringify({
        id: 'slow',
        type: 'subscribe',
        payload: { query: `subscription { contentChanged { id ${fields} } }` },
      }),
    );
    const healthy = connect(app, token);
    await healthy.connected;
    const sub = healthy.subscribe({}, 'subscription { contentChanged { id version } }');
    await waitForSubscribers(app, 2);
    slow.socket.pause();

    let version = 1;
    const started = Date.now();
    while (app.service.services.contentChanges.subscriberCount > 1) {
      if (Date.now() - started > 60_000) throw new Error('the slow subscriber was never closed');
      const text = `${version % 2 ? 'x' : 'y'}`.repeat(20_000);
      await ok(
        app,
        'mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { id } }',
        { id, v: version, t: text },
        token,
      );
      version += 1;
    }
    await waitForSubscribersAtMost(app, 1);
    console.info(`slow subscriber closed after ${version - 1} events (queue limit ${LIMIT})`);
    await sub.waitFor({ id, version });

    slow.socket.resume();
    expect(await slow.closed).toEqual({ code: 1013, reason: 'Subscriber too slow' });
    expect(slow.messages.length).toBeLessThan(version);
    await healthy.dispose();
  }, 90_000);
});
