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
