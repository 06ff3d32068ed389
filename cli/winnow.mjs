#!/usr/bin/env node
// The bin stays plain JavaScript so npm can link it; tsx compiles the TypeScript CLI on the fly.
import { register } from 'tsx/esm/api';

register();
// A dynamic import: static ones would be resolved before tsx is registered.
const { main } = await import('./main.ts');
const { processHost } = await import('./host.ts');
process.exitCode = await main(process.argv.slice(2), processHost());
