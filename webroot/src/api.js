// The HTTP sign-in API (same-origin cookies).
import { Api } from './contract.js';

export class ApiError extends Error {
  constructor(status, code, text) {
    super(text || 'Request failed');
    this.status = status;
    this.code = code;
    this.readable = !!text;
  }
}

async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init); // a network failure rejects with a TypeError
  let data = null;
  if (res.status !== 204) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (!res.ok) {
    const err = data && data.error && typeof data.error === 'object' ? data.error : {};
    const code = typeof err.code === 'string' ? err.code : statusCode(res.status);
    throw new ApiError(res.status, code, typeof err.text === 'string' ? err.text : null);
  }
  return data;
}

function statusCode(status) {
  if (status === 401) return 'NOT_SIGNED_IN';
  if (status === 409) return 'USERNAME_TAKEN';
  if (status === 400) return 'INVALID_FIELD';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 502 || status === 503 || status === 504) return 'NETWORK';
  if (status === 404) return 'NETWORK';
  return 'INTERNAL';
}

/** The signed-in user {userId, username}, or null when not signed in. */
export async function me() {
  try {
    return await call('GET', Api.ME);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const signIn = (username, password) => call('POST', Api.SIGNIN, { username, password });
export const signUp = (username, password) => call('POST', Api.SIGNUP, { username, password });
// A JSON body even when there is nothing to say: the server takes state changes only as JSON.
export const signOut = () => call('POST', Api.SIGNOUT, {});
