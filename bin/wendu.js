#!/usr/bin/env node
// The `wendu` command: runs dist/cli/main.js, building it first when dist is missing or stale
// (and, for `serve`, the pages in web/dist).
import { buildWeb } from '../scripts/build-web.mjs';
import { CLI_ENTRY, ensureBuilt } from '../scripts/ensure-build.mjs';

const args = process.argv.slice(2);
ensureBuilt({ quiet: true });
// Without build tools the server still starts; its pages then say how to build them.
if (args[0] === 'serve') await buildWeb({ quiet: true }).catch((err) => console.error(err.message));
const { runCli } = await import(CLI_ENTRY);
process.exitCode = await runCli(args);
