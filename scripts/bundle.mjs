// Bundles the extension client and the language server into dist/ with esbuild,
// so the .vsix needs no node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: false, minify: true, logLevel: 'info' };
await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] });
await build({ ...common, entryPoints: ['server/src/serverMain.ts'], outfile: 'dist/server.js' });
