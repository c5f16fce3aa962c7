import test from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, QueuedState } from '../src/outbox.js';

// Enter while a message of the chat is still on its way: the text is queued, shown as pending, and
// sent after the one in flight, in order, each with its own client id; a failure stays on its message.

/** A send whose answers the test gives one at a time: answer(words) ends the oldest send in flight. */
function slowSend() {
  const calls = [];
  let inFlight = 0;
  let most = 0;
  const send = (item) => new Promise((resolve) => {
    inFlight++;
    most = Math.max(most, inFlight);
    calls.push({ item, resolve: (words) => { inFlight--; resolve(words); } });
  });
  return { calls, send, most: () => most };
}

const tick = () => new Promise((r) => setImmediate(r));

test('three messages queued while one is in flight go one at a time, in order, each once with its own client id', async () => {
  const s = slowSend();
  const box = new Outbox(s.send);
  const done = ['one', 'two', 'three'].map((text, i) => box.push({ text, clientId: 'c' + i }));
  await tick();
  assert.equal(s.calls.length, 1, 'only the first is sent before its answer');
  assert.deepEqual(box.shown().map((i) => [i.text, i.state]),
    [['one', QueuedState.SENDING], ['two', QueuedState.WAITING], ['three', QueuedState.WAITING]]);
  assert.ok(box.busy);
  for (let n = 0; n < 3; n++) {
    await tick();
    assert.equal(s.calls.length, n + 1);
    s.calls[n].resolve(null);
    await done[n];
  }
  assert.deepEqual(s.calls.map((c) => c.item.text), ['one', 'two', 'three']);
  assert.deepEqual(s.calls.map((c) => c.item.clientId), ['c0', 'c1', 'c2']);
  assert.equal(s.most(), 1, 'never two at once');
  assert.deepEqual(box.shown(), [], 'sent ones leave the pending list');
  assert.equal(box.busy, false);
});

test('a failure stays on its message in words, and the ones after it are still sent in order', async () => {
  const s = slowSend();
  const changes = [];
  const box = new Outbox(s.send, () => changes.push(box.shown().map((i) => i.state).join(',')));
  const first = box.push({ text: 'one', clientId: 'a' });
  const second = box.push({ text: 'two', clientId: 'b' });
  await tick();
  s.calls[0].resolve('Not sent: the account alice is not connected.');
  await first;
  await tick();
  s.calls[1].resolve(null);
  await second;
  assert.deepEqual(box.shown().map((i) => [i.text, i.state, i.error]),
    [['one', QueuedState.FAILED, 'Not sent: the account alice is not connected.']]);
  assert.equal(box.busy, false, 'a failed one holds nothing up');
  assert.ok(changes.length >= 4, 'each step is shown: ' + changes);
});

test('a send that throws fails its message with the words of the error', async () => {
  const box = new Outbox(async () => { throw new Error('Not sent: boom.'); });
  await box.push({ text: 'x', clientId: 'a' });
  assert.deepEqual(box.shown().map((i) => [i.state, i.error]), [[QueuedState.FAILED, 'Not sent: boom.']]);
});

test('the same text queued again takes the place of its failed line; a failed line can be dismissed', async () => {
  let fail = true;
  const box = new Outbox(async () => (fail ? 'Not sent: no.' : null));
  await box.push({ text: 'again', clientId: 'a' });
  await box.push({ text: 'other', clientId: 'b' });
  assert.equal(box.shown().length, 2);
  fail = false;
  await box.push({ text: 'again', clientId: 'c' });
  assert.deepEqual(box.shown().map((i) => i.text), ['other']);
  box.dismiss(box.shown()[0].key);
  assert.deepEqual(box.shown(), []);
});

test('a failed line is removed once the stream shows the message went out after all', async () => {
  const box = new Outbox(async () => 'It may have gone out.');
  await box.push({ text: 'unsure', clientId: 'a' });
  box.removeFailed((i) => i.text === 'unsure');
  assert.deepEqual(box.shown(), []);
});
