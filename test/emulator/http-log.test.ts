/**
 * The emulator's operator log: a route's exception and a refused request's path are logged
 * redacted first, then cut (an excerpt cut first keeps the head of a token too short to recognise).
 */
import { EmulatorListeners, MAX_URL_LENGTH } from '../../lib/testing/emulator/http';

const TOKEN = 'Qm9vdHN0cmFwS2V5MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O';

async function withListeners(message: string, run: (url: string) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const route = (): Promise<never> => Promise.reject(new Error(message));
  const listeners = new EmulatorListeners(undefined, route, route, (line) => lines.push(line));
  await listeners.listen('127.0.0.1', 0, 0);
  try {
    await run(listeners.url);
  } finally {
    await listeners.stop();
  }
  return lines;
}

test('a route exception is logged without the head of a token that starts near the cut', async () => {
  for (const words of [37, 38, 39]) {
    const lines = await withListeners(`failed ${'word '.repeat(words)}${TOKEN} end`, async (url) => {
      expect((await fetch(`${url}/v3/x`, { method: 'POST', body: '{}' })).status).toBe(500);
    });
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/^iam-emulator error "failed word /);
    expect(lines[0]).not.toContain(TOKEN.slice(0, 6));
  }
});

test('a refused request path is logged redacted, then cut', async () => {
  const lines = await withListeners('unused', async (url) => {
    const path = `/v3/${'a/'.repeat(45)}${TOKEN}/x?q=${'b'.repeat(MAX_URL_LENGTH)}`;
    expect((await fetch(`${url}${path}`)).status).toBe(414);
  });
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^iam-emulator refused status=414 GET "/);
  expect(lines[0]).not.toContain(TOKEN.slice(0, 6));
});
