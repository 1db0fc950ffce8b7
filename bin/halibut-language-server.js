#!/usr/bin/env node
'use strict';
// The bundle starts the server when loaded.
require('../dist/server.js');
