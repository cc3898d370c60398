/**
 * The package root, found from this file's own location: two levels up from both
 * src/server/ (tsx, tests) and dist/server/ (the built package), so demo/ and web/ resolve
 * wherever Wendu is run from.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
