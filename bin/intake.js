#!/usr/bin/env node
// The CLI entry point: runs the compiled code (npm ci builds it via `prepare`).
import { setFlagsFromString } from 'node:v8';

// An import makes garbage fast (on PostgreSQL, rows waiting for COPY outlive the young
// collections), and V8's default lets the heap double between full collections: a
// 1M-row import peaked at 263-271 MB. Growing the heap by a quarter at most keeps it at
// 169-181 MB at the same speed (`npm run bench`; docs/configuration.md). Process-wide, so
// the cleaning threads and `intake serve` / `intake worker` take it too.
setFlagsFromString('--heap-growing-percent=25');

const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv);
