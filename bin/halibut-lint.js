#!/usr/bin/env node
'use strict';
// (Output goes through cli/output.ts, which writes without making process.stdout, and ends
// quietly when the reader goes away.)
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
