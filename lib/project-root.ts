import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (where package.json and package-lock.json are). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
