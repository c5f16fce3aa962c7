// Bundles the page into target/classes/webroot (served from the classpath as webroot/).
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'target', 'classes', 'webroot');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.js')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css']) await copyFile(join(here, 'static', f), join(out, f));
console.log('webroot built into ' + out);
