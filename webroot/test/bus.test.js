import test from 'node:test';
import assert from 'node:assert/strict';

test('reconnect backoff grows and is capped', async () => {
  // bus.js imports the SockJS client, which needs no DOM to load.
  const { backoffDelay } = await import('../src/bus.js');
  const mid = () => 0.5;
  assert.equal(backoffDelay(0, mid), 500);
  assert.equal(backoffDelay(1, mid), 1000);
  assert.equal(backoffDelay(3, mid), 4000);
  assert.equal(backoffDelay(20, mid), 15000);
  assert.ok(backoffDelay(2, () => 0) >= 1500 && backoffDelay(2, () => 0.999) <= 2500);
});

test('the server\'s reason for closing a socket is shown, other closes say nothing', async () => {
  const { closeReason } = await import('../src/bus.js');
  const { BridgeSocket } = await import('../src/contract.js');
  const text = 'Your connection was too slow to keep up; reconnecting…';
  assert.equal(closeReason({ code: BridgeSocket.CLOSE_TOO_SLOW, reason: text }), text);
  assert.equal(closeReason({ code: 3000, reason: 'Go away!' }), null);
  assert.equal(closeReason({ code: 1006, reason: '' }), null);
  assert.equal(closeReason(undefined), null);
});

test('a request the closed connection cut off may have been done; one never sent was not', async () => {
  const { Bridge } = await import('../src/bus.js');
  const { describeError } = await import('../src/errors.js');
  const bridge = new Bridge('user-1', {});
  await assert.rejects(bridge.request('message.send', { text: 'hi' }), { code: 'BRIDGE_DOWN' });
  const sent = [];
  bridge.eb = { send: (address, body) => sent.push(body) };
  bridge.open = true;
  const inFlight = bridge.request('message.send', { text: 'hi' });
  assert.equal(sent.length, 1);
  bridge.failPending(); // what onclose does
  const e = await inFlight.then(() => null, (err) => err);
  assert.equal(e.code, 'BRIDGE_LOST');
  assert.doesNotMatch(describeError(e).text, /not sent|Not connected/i);
});
