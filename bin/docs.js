#!/usr/bin/env node
// Regenerates docs/errors.md from the code catalogue (run by `npm run docs`).
import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '../dist/core/codes-doc.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsMarkdown());
