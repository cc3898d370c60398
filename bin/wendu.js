#!/usr/bin/env node
// The `wendu` command: runs dist/cli/main.js, building it first when dist is missing or stale.
import { CLI_ENTRY, ensureBuilt } from '../scripts/ensure-build.mjs';

ensureBuilt({ quiet: true });
const { runCli } = await import(CLI_ENTRY);
process.exitCode = await runCli(process.argv.slice(2));
