#!/usr/bin/env node
// The CLI entry point: runs the compiled code (npm ci builds it via `prepare`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
