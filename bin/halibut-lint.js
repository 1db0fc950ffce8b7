#!/usr/bin/env node
'use strict';
// A reader that goes away (`halibut-lint ... | head`) ends the run quietly, as for any Unix filter.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
