import test from 'node:test';
import assert from 'node:assert/strict';
import {
  accountHint, describeError, errorText, ERROR_WORDS, isReadable, TLS_CERTIFICATE_HINT, TLS_NOT_OFFERED_HINT,
} from '../src/errors.js';
import { FailureCodes, failureName } from '../src/contract.js';

test('every contract failure code has words', () => {
  for (const name of Object.values(FailureCodes)) {
    assert.ok(ERROR_WORDS[name], name);
    assert.match(ERROR_WORDS[name], /[.!?]$/);
  }
});

test('code numbers map to names', () => {
  assert.equal(failureName(421), 'NOT_CONNECTED');
  assert.equal(failureName('430'), 'IM_AUTH_FAILED');
  assert.equal(failureName('IM_KICKED'), 'IM_KICKED');
  assert.equal(failureName(999), null);
});

test('a bus failure with a readable message shows that message', () => {
  const d = describeError({ failureCode: 402, failureType: 'RECIPIENT_FAILURE', message: 'port must be between 1 and 65535' });
  assert.equal(d.code, 'INVALID_FIELD');
  assert.equal(d.text, 'port must be between 1 and 65535.');
});

test('a bus failure without a usable message falls back to the code\'s words', () => {
  assert.equal(errorText({ failureCode: 421, failureType: 'RECIPIENT_FAILURE', message: null }), ERROR_WORDS.NOT_CONNECTED);
  assert.equal(errorText({ failureCode: 435, failureType: 'RECIPIENT_FAILURE', message: 'java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)' }), ERROR_WORDS.IM_ERROR);
  assert.equal(errorText({ failureCode: 400, failureType: 'RECIPIENT_FAILURE', message: '{"type":"x"}' }), ERROR_WORDS.MALFORMED);
});

test('timeouts, missing handlers and internal errors get fixed words', () => {
  assert.equal(errorText({ failureCode: -1, failureType: 'TIMEOUT', message: 'Timed out after waiting 30000(ms)' }), ERROR_WORDS.TIMEOUT);
  assert.equal(errorText({ failureCode: -1, failureType: 'NO_HANDLERS', message: 'No handlers for address parley.browser.commands' }), ERROR_WORDS.NO_HANDLERS);
  assert.equal(errorText({ failureCode: 500, failureType: 'RECIPIENT_FAILURE', message: 'NullPointerException at Foo' }), ERROR_WORDS.INTERNAL);
});

test('HTTP error bodies and event errors', () => {
  assert.equal(errorText({ error: { code: 'BAD_CREDENTIALS', text: 'Wrong username or password.' } }), 'Wrong username or password.');
  assert.equal(errorText({ code: 'IM_AUTH_FAILED', text: 'The IM server refused the username or password.' }), 'The IM server refused the username or password.');
  assert.equal(errorText({ code: 'IM_UNREACHABLE', text: '' }), ERROR_WORDS.IM_UNREACHABLE);
});

test('network failures and unknown things never show raw text', () => {
  assert.equal(errorText(new TypeError('Failed to fetch')), ERROR_WORDS.NETWORK);
  assert.equal(errorText(new Error('at Object.<anonymous> (file.js:1:1)')), ERROR_WORDS.UNKNOWN);
  assert.equal(errorText(undefined), ERROR_WORDS.UNKNOWN);
  assert.equal(errorText({ weird: true }), ERROR_WORDS.UNKNOWN);
  const bridgeDown = Object.assign(new Error('x'), { code: 'BRIDGE_DOWN' });
  assert.equal(errorText(bridgeDown), ERROR_WORDS.BRIDGE_DOWN);
});

test('readability check', () => {
  assert.equal(isReadable('The text is too long.'), true);
  assert.equal(isReadable('INTERNAL'), false);
  assert.equal(isReadable('x'.repeat(400)), false);
  assert.equal(isReadable('<b>hi</b>'), false);
});

// The texts the XMPP node gives (xmpp-verticle ClientFailures).
const NOT_OFFERED = 'The IM server does not offer a secure connection (TLS), and this account requires one.';
const UNTRUSTED = 'A secure connection to the IM server could not be made: its certificate is not trusted.';
const HANDSHAKE = 'A secure connection (TLS) to the IM server could not be made.';

test('a TLS failure says what to try, fitting the failure', () => {
  const account = (tls, code, text, network = 'xmpp') => ({ network, tls, state: 'failed', error: { code, text } });
  assert.equal(accountHint(account('required', 432, NOT_OFFERED)), TLS_NOT_OFFERED_HINT);
  assert.equal(accountHint(account('required', 'IM_TLS_FAILED', NOT_OFFERED)), TLS_NOT_OFFERED_HINT);
  assert.match(TLS_NOT_OFFERED_HINT, /local test server.*"If offered"/);
  assert.equal(accountHint(account('required', 432, UNTRUSTED)), TLS_CERTIFICATE_HINT);
  assert.equal(accountHint(account('if-offered', 432, UNTRUSTED)), TLS_CERTIFICATE_HINT);
  assert.match(TLS_CERTIFICATE_HINT, /certificate/);
  assert.equal(accountHint(account('required', 432, HANDSHAKE)), '');
  assert.equal(accountHint(account('required', 430, 'The IM server refused the username or password.')), '');
  assert.equal(accountHint({ network: 'xmpp', tls: 'required', state: 'connected', error: null }), '');
  assert.equal(accountHint(null), '');
});

test('a lost answer is not called a failure', async () => {
  const { BridgeLostError } = await import('../src/bus.js');
  const lost = describeError(new BridgeLostError());
  assert.equal(lost.code, 'BRIDGE_LOST');
  assert.equal(lost.text, ERROR_WORDS.BRIDGE_LOST);
  assert.match(lost.text, /may or may not have been done/);
});

test('a command whose protocol node died is called maybe done, not failed', () => {
  const text = 'The Parley server holding alice@example.org stopped before it answered, so this may or may not have been done;'
    + ' the account reconnects through another server.';
  const d = describeError({ failureCode: 424, message: text });
  assert.equal(d.code, 'NODE_LOST');
  assert.match(d.text, /may or may not have been done/);
  assert.match(ERROR_WORDS.NODE_LOST, /may or may not have been done/);
});
