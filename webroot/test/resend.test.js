import test from 'node:test';
import assert from 'node:assert/strict';
import { sendOnce, SendGaveUpError, SEND_RETRIES, newClientId } from '../src/resend.js';
import { Command } from '../src/contract.js';

// The page sends a message cut off by a lost connection again itself, with the same client id.

// As bus.js's BridgeLostError and BridgeDownError (bus.js needs the bridge client package).
class BridgeLostError extends Error { constructor() { super('bridge lost'); this.code = 'BRIDGE_LOST'; } }
class BridgeDownError extends Error { constructor() { super('bridge down'); this.code = 'BRIDGE_DOWN'; } }

const body = { accountId: 'acc-1', to: 'bob@example.org', text: 'hi' };

/** A bridge whose answers are given in order: an Error or bus failure is thrown, anything else is the reply. */
function bridge(answers) {
  const sent = [];
  return {
    sent,
    request: async (type, b) => {
      sent.push({ type, ...b });
      const a = answers.shift();
      if (a instanceof Error || (a && a.failureType)) throw a;
      return a;
    },
  };
}

test('a send cut off is sent again with the same client id once attached, and answered once', async () => {
  const reply = { message: { id: 7, status: 'sent', text: 'hi' } };
  const b = bridge([new BridgeLostError(), reply]);
  let waits = 0;
  const retries = [];
  const got = await sendOnce({ request: b.request, whenAttached: async () => { waits++; }, onRetry: (n) => retries.push(n) }, body);
  assert.deepEqual(got, reply);
  assert.equal(b.sent.length, 2);
  assert.equal(b.sent[0].type, Command.MESSAGE_SEND);
  assert.ok(b.sent[0].clientId.length > 0 && b.sent[0].clientId.length <= 64);
  assert.equal(b.sent[1].clientId, b.sent[0].clientId, 'the same message');
  assert.equal(b.sent[1].text, 'hi');
  assert.equal(waits, 1, 'waited for the page to attach again first');
  assert.deepEqual(retries, [1]);
});

test('a retry finding the bridge down again counts as cut off; the retries are bounded', async () => {
  const b = bridge([new BridgeLostError(), new BridgeDownError(), new BridgeLostError(), new BridgeLostError(), { message: {} }]);
  await assert.rejects(sendOnce({ request: b.request, whenAttached: async () => {} }, body),
    (e) => e instanceof SendGaveUpError && e.code === 'SEND_GAVE_UP' && e.attempts === SEND_RETRIES + 1);
  assert.equal(b.sent.length, SEND_RETRIES + 1, 'no more than the bound');
  assert.equal(new Set(b.sent.map((s) => s.clientId)).size, 1);
});

test('the session\'s own refusal and a bridge down at the first try are passed on, not retried', async () => {
  const refused = { failureType: 'RECIPIENT_FAILURE', failureCode: 409, message: 'Not connected.' };
  const b = bridge([refused]);
  await assert.rejects(sendOnce({ request: b.request, whenAttached: async () => {} }, body), (e) => e === refused);
  const d = bridge([new BridgeDownError()]);
  await assert.rejects(sendOnce({ request: d.request, whenAttached: async () => {} }, body), (e) => e.code === 'BRIDGE_DOWN');
  assert.equal(b.sent.length + d.sent.length, 2);
});

test('giving up waiting for the page to attach again ends the retries', async () => {
  const b = bridge([new BridgeLostError()]);
  await assert.rejects(sendOnce({ request: b.request, whenAttached: async () => { throw new Error('timeout'); } }, body),
    (e) => e.code === 'SEND_GAVE_UP');
  assert.equal(b.sent.length, 1);
});

test('a given client id is kept (the person sends the same text again after a give-up)', async () => {
  const b = bridge([{ message: { id: 7 } }]);
  await sendOnce({ request: b.request, whenAttached: async () => {} }, body, { clientId: 'abc' });
  assert.equal(b.sent[0].clientId, 'abc');
  assert.match(newClientId(), /^[A-Za-z0-9_-]{1,64}$/);
});
