/** Vitest global setup: the browser tests need the built pages (web/dist), rebuilt when stale. */
// @ts-expect-error — a plain .mjs script without type declarations
import { buildWeb } from '../scripts/build-web.mjs';

export default async function setup(): Promise<void> {
  await buildWeb({ quiet: true });
}
