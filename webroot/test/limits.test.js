import test from 'node:test';
import assert from 'node:assert/strict';
import {
  checkMessageText, checkStatusText, checkUsername, checkPassword, checkAddress, checkPort, counterText, isBlankText,
} from '../src/limits.js';
import { Limits } from '../src/contract.js';
import { byId } from './networks-fixture.js';

test('message text: empty refused, 10,000 accepted, 10,001 refused with the numbers', () => {
  assert.match(checkMessageText('   '), /Type a message/);
  assert.equal(checkMessageText('x'.repeat(Limits.MESSAGE_TEXT)), null);
  const e = checkMessageText('x'.repeat(Limits.MESSAGE_TEXT + 1));
  assert.match(e, /too long/);
  assert.match(e, /10,001/);
  assert.match(e, /10,000/);
});

test('a message of only blank or invisible characters is refused; real text is not', () => {
  for (const blank of ['', ' ', '\n\t \r', '\u00a0\u3000', ' \u200b ', '\u200c\u200d\u2060\ufeff', '\u00ad\u200e\u202e',
    '\u3164', '\u2800', '\ufe0f', '\u{e0020}']) {
    assert.equal(isBlankText(blank), true, JSON.stringify(blank));
    assert.match(checkMessageText(blank), /Type a message first/, JSON.stringify(blank));
  }
  assert.match(checkMessageText(' \u200b '), /spaces and invisible characters/);
  for (const text of ['a', ' . ', '\u200dx', '\u{1F44D}\u{1F3FD}', '\u0645\u0631\u062d\u0628\u0627', '\u3164\u3131']) {
    assert.equal(isBlankText(text), false, JSON.stringify(text));
    assert.equal(checkMessageText(text), null, JSON.stringify(text));
  }
});

test('status text: 500 accepted, 501 refused, empty fine', () => {
  assert.equal(checkStatusText(''), null);
  assert.equal(checkStatusText('s'.repeat(500)), null);
  assert.match(checkStatusText('s'.repeat(501)), /too long.*500/);
});

test('usernames and passwords follow the contract', () => {
  assert.equal(checkUsername('alice.b_c-1'), null);
  assert.match(checkUsername(''), /Enter a username/);
  assert.match(checkUsername('a b'), /letters, digits/);
  assert.match(checkUsername('a'.repeat(65)), /too long/);
  assert.equal(checkUsername('a'.repeat(64)), null);
  assert.match(checkPassword('short'), /at least 8/);
  assert.equal(checkPassword('correct horse'), null);
  assert.match(checkPassword('p'.repeat(73)), /at most 72/);
});

test('addresses (by the XMPP descriptor) and ports', () => {
  const xmpp = byId('xmpp');
  assert.equal(checkAddress(xmpp, 'bob@example.org'), null);
  assert.equal(checkAddress(xmpp, 'bob@example.org/phone'), null);
  assert.match(checkAddress(xmpp, ''), /Enter the address/);
  assert.match(checkAddress(xmpp, 'bob'), /not a valid address/);
  assert.match(checkAddress(xmpp, 'bob smith@example.org'), /not a valid address/);
  assert.equal(checkAddress(null, 'anything'), null, 'a network no node describes: the session checks');
  assert.equal(checkPort(''), null);
  assert.equal(checkPort('5222'), null);
  assert.match(checkPort('0'), /1 to 65535/);
  assert.match(checkPort('70000'), /1 to 65535/);
  assert.match(checkPort('52a'), /1 to 65535/);
});

test('the counter appears only near the limit', () => {
  assert.equal(counterText(10, 500), '');
  assert.equal(counterText(480, 500), '480 / 500');
  assert.equal(counterText(10001, 10000), '10,001 / 10,000');
});
