#!/usr/bin/env node
/**
 * The `sitechat` command's entry. A command line that starts a server first restarts the process in place
 * with the Node options a server runs better with (node-options.ts, docs/decisions/0015-young-generation-size.md),
 * before the server's code is loaded: loading it takes about 0.4 s, which would otherwise be paid twice.
 * The commands themselves are in cli/main.ts.
 */
import { startsServer } from './cli/start-syntax.js';
import { restartWithServerNodeOptions } from './node-options.js';

const argv = process.argv.slice(2);
if (startsServer(argv)) restartWithServerNodeOptions();
const { runCommand } = await import('./cli/main.js');
await runCommand(argv);
