// The network descriptors the real protocol nodes publish (each node's test checks its own against
// this file), as the session hands them to the page in the attach state and the `networks` event.
import { readFileSync } from 'node:fs';

export const NETWORKS = Object.freeze(JSON.parse(readFileSync(
  new URL('../../contract/src/test/resources/parley/contract/testing/networks.json', import.meta.url), 'utf8')));

export const byId = (id) => NETWORKS.find((d) => d.network === id);
