// @ts-nocheck
// Loaded by `npm run mutate` (NODE_OPTIONS) into Stryker and its test runners.
// @stryker-mutator/mocha-runner 9, the last one that runs on Node.js 20, requires
// mocha's lib/cli/run-helpers, options and collect-files by the names they had up
// to mocha 11; mocha 12 names them *.cjs.
'use strict';
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/[\\/]mocha[\\/]lib[\\/]cli[\\/](run-helpers|options|collect-files)$/.test(request)) request += '.cjs';
  return resolve.call(this, request, ...rest);
};
