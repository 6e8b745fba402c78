import { headerIs, lastUserTextIncludes, openRouterError, startFakeLiteLLM, type Reply } from '../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../helpers/start-gateway';
import { startOpenRouterRig } from '../plugins/openrouter/openrouter-harness';

// One caller's 429s and 500s never change another caller's answer, however
// many of them come and however they interleave.

const KEY_A = 'sk-caller-a-0001';
const KEY_B = 'sk-caller-b-0002';

/** The answer with what differs between two calls of the same request (ids) taken out. */
function comparable(answer: { status: number; json: any }) {
  const { id: _id, ...message } = answer.json ?? {};
  return { status: answer.status, message };
}

/** 429, 500, 429, 500, ... */
function alternatingFailures(make: (status: number) => Reply): () => Reply {
  let n = 0;
  return () => make(n++ % 2 === 0 ? 429 : 500);
}

async function checkIsolation(
  gw: TestGateway,
  askAsA: () => Promise<{ status: number; json: any }>,
  askAsB: () => Promise<{ status: number; json: any }>,
) {
  const alone = comparable(await askAsB());
  expect(alone.status).toBe(200);

  const seenByA: number[] = [];
  const burstOfA = async (count: number) => {
    for (let i = 0; i < count; i++) seenByA.push((await askAsA()).status);
  };

  // A fails many times in a row (enough to open a breaker), then B asks.
  await burstOfA(8);
  expect(comparable(await askAsB())).toEqual(alone);

  // Interleaved, and concurrent.
  for (let i = 0; i < 6; i++) {
    const [a, b] = await Promise.all([askAsA(), askAsB()]);
    seenByA.push(a.status);
    expect(comparable(b)).toEqual(alone);
    await burstOfA(3);
  }

  // And after.
  await burstOfA(6);
  for (let i = 0; i < 3; i++) expect(comparable(await askAsB())).toEqual(alone);
  expect(new Set(seenByA)).toEqual(new Set([429, 500]));
  expect((await fetch(`${gw.url}/health`)).status).toBe(200);
}

describe('caller isolation', () => {
  it('LITELLM_MESSAGES with each caller\'s own key: A\'s 429s and 500s leave B\'s answers as they are alone', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    try {
      const failures = alternatingFailures((status) => ({ kind: 'failure', status, message: status === 429 ? 'Rate limit exceeded for key' : 'Internal error' }));
      litellm.script({ when: headerIs('x-api-key', KEY_A), reply: failures });
      const ask = (key: string) =>
        postJson(`${gw.url}/v1/messages`, { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] }, { 'x-api-key': key });

      await checkIsolation(gw, () => ask(KEY_A), () => ask(KEY_B));
      expect(litellm.received.filter((r) => r.headers['x-api-key'] === KEY_B)).toHaveLength(11);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('OPENROUTER (translated): A\'s 429s and 500s leave B\'s answers as they are alone', async () => {
    const rig = await startOpenRouterRig();
    try {
      const failures = alternatingFailures((status) => openRouterError(status, status === 429 ? 'Rate limit exceeded' : 'Internal Server Error'));
      rig.fake.script({ when: lastUserTextIncludes('caller A'), reply: failures });
      const ask = (who: string) =>
        postJson(`${rig.gw.url}/v1/messages`, { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: `I am ${who}` }] });

      await checkIsolation(rig.gw, () => ask('caller A'), () => ask('caller B'));
    } finally {
      await rig.close();
    }
  });
});
