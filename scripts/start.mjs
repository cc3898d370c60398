// `npm start`: build if needed (server and pages), then `wendu serve --demo` (port from PORT, default 3000).
// `npm run wendu -- ask "怎么退货"` arrives here as `--cli ask 怎么退货` and runs that command.
import { buildWeb } from './build-web.mjs';
import { CLI_ENTRY, ensureBuilt } from './ensure-build.mjs';

const args = process.argv.slice(2);
const cliMode = args[0] === '--cli';
ensureBuilt({ quiet: cliMode });
if (!cliMode) await buildWeb();
const { runCli } = await import(CLI_ENTRY);
process.exitCode = await runCli(cliMode ? args.slice(1) : ['serve', '--demo']);
