#!/usr/bin/env node
'use strict';
// (Output goes through cli/output.ts, which writes without making process.stdout, ends
// quietly when the reader goes away, and exits without waiting for Node to wind down.)
const cli = require('../dist/cli.js');
cli.main(process.argv.slice(2)).then(cli.exitWhenWritten);
