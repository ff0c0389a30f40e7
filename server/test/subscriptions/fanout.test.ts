import { createInterview, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, Subscription, waitForSubscribers } from './support';

const SUBSCRIBERS = 200;

/** One change stream per instance feeds any number of subscribers. */
describe('contentChanged fan-out', () => {
  let app: TestService;
  let token: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await app?.stop();
  });

  it(`delivers an event to ${SUBSCRIBERS} concurrent subscribers, each on its own socket`, async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const connectStarted = Date.now();
    for (let i = 0; i < SUBSCRIBERS; i += 1) clients.push(connect(app, i % 2 === 0 ? token : null));
    await Promise.all(clients.map((client) => client.connected));
    console.info(`connected in ${Date.now() - connectStarted} ms`);
    const subscriptions: Subscription[] = clients.map((client, i) =>
      client.subscribe(i % 4 < 2 ? {} : { interview: fixture.interviewId }),
    );
    await waitForSubscribers(app, SUBSCRIBERS, 20_000);
    const connectMs = Date.now() - connectStarted;
    expect(app.service.services.contentChanges.stats()).toMatchObject({
      subscribers: SUBSCRIBERS,
      streamsOpened: 1,
    });

    const started = Date.now();
    await ok(
      app,
      'mutation($id: ID!) { updateAnswer(id: $id, version: 1, text: "Everyone hears this.") { id } }',
      { id: fixture.answers[0].id },
      token,
    );
    const written = Date.now();
    await Promise.all(
      subscriptions.map((sub) =>
        sub.waitFor(
          { id: fixture.answers[0].id, answer: { text: 'Everyone hears this.' } },
          { timeoutMs: 10_000 },
        ),
      ),
    );
    const allReceived = Date.now();
    console.info(
      `${SUBSCRIBERS} subscribers: connected and subscribed in ${connectMs} ms; mutation took ${written - started} ms; ` +
        `last subscriber had the event ${allReceived - written} ms after the mutation answered`,
    );
    expect(allReceived - written).toBeLessThan(5000);
  }, 60_000);
});
