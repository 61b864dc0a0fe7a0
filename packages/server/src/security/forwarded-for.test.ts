/**
 * Risk: escaping the per-address rate limit by inventing `X-Forwarded-For` / `Forwarded` headers. They are
 * believed only from a trusted proxy, and then only as far as the right-most address that proxy did not
 * vouch for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, startHarness } from '../__fixtures__/harness.js';
import { peerAddress, postFrom } from './__fixtures__/requests.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

const body = chatBody([message('user', 'hi')]);
const limits = { requestsPerMinutePerIp: 2, requestsPerMinutePerVisitor: 0 };

async function statuses(app: ReturnType<Harness['app']>, requests: Array<{ peer: string; headers?: Record<string, string> }>) {
  const result: number[] = [];
  for (const from of requests) {
    const response = await postFrom(app, body, from);
    result.push(response.status);
    await response.text();
  }
  return result;
}

describe('client address behind proxies', () => {
  it('a forged X-Forwarded-For from an untrusted peer does not escape the address limit', async () => {
    const app = harness.app({ limits }, { peerAddress });
    const forged = (index: number) => ({ peer: '198.51.100.66', headers: { 'x-forwarded-for': `10.0.0.${index}`, forwarded: `for=10.1.0.${index}` } });
    expect(await statuses(app, [forged(1), forged(2), forged(3), forged(4)])).toEqual([200, 200, 429, 429]);
  });

  it("a trusted proxy's header is honoured: visitors behind it are limited separately", async () => {
    const app = harness.app({ limits, trustedProxies: ['10.0.0.0/8'] }, { peerAddress });
    const via = (client: string) => ({ peer: '10.0.0.2', headers: { 'x-forwarded-for': client } });
    expect(await statuses(app, [via('203.0.113.1'), via('203.0.113.1'), via('203.0.113.2'), via('203.0.113.1')])).toEqual([200, 200, 200, 429]);
  });

  it('behind a trusted proxy, what the client prepends is ignored: the right-most untrusted address counts', async () => {
    const app = harness.app({ limits, trustedProxies: ['10.0.0.0/8'] }, { peerAddress });
    const spoofing = (fake: string) => ({ peer: '10.0.0.2', headers: { 'x-forwarded-for': `${fake}, 203.0.113.50` } });
    expect(await statuses(app, [spoofing('1.1.1.1'), spoofing('2.2.2.2'), spoofing('3.3.3.3')])).toEqual([200, 200, 429]);
  });

  it('an IPv6 visitor cannot escape by rotating addresses within its /64', async () => {
    const app = harness.app({ limits }, { peerAddress });
    expect(await statuses(app, [{ peer: '2001:db8:1:2::1' }, { peer: '2001:db8:1:2::2' }, { peer: '2001:db8:1:2:ffff::3' }])).toEqual([200, 200, 429]);
  });
});
