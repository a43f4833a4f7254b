#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the command line and the app share one source.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
require('../src/main/cli/main.ts');
