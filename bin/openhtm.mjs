#!/usr/bin/env node
// `npx openhtm <command>`: runs the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
