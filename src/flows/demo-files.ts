/**
 * The demo shop's flows (demo/flows/*.json), read and validated so the gateway can seed them
 * into an empty database next to the demo knowledge base.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WenduError } from '../errors/index.js';
import type { FlowFields } from './schemas.js';
import { parseFlowInput } from './validate.js';

export const DEMO_FLOWS_DIR = fileURLToPath(new URL('../../demo/flows/', import.meta.url));
/** The env variable the demo flows use for the order service's base URL. */
export const ORDER_SERVICE_URL_VAR = 'orderServiceUrl';

/** Every `*.json` flow in `dir`, sorted by file name; a broken file names itself in the error. */
export async function readFlowFiles(dir: string = DEMO_FLOWS_DIR): Promise<FlowFields[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const flows: FlowFields[] = [];
  for (const name of names) {
    try {
      flows.push(parseFlowInput(JSON.parse(await readFile(join(dir, name), 'utf8'))));
    } catch (err) {
      if (err instanceof WenduError) throw new WenduError(err.code, { file: name, ...(err.details as object) });
      throw new WenduError('WENDU_FLOW_INVALID', { file: name, issues: [{ path: '', message: String((err as Error).message), code: 'invalid_json' }] });
    }
  }
  return flows;
}
