import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBotSettings } from './src/config/settings.js';
import { createBot } from './src/dialog/bot.js';
import { openKnowledge } from './src/server/runtime.js';
const rt = await openKnowledge({ dataDir: mkdtempSync(join(tmpdir(), 'x-')), demo: true });
const a = await createBot({ knowledge: rt.knowledge, settings: parseBotSettings({}) });
const b = await createBot({ knowledge: rt.knowledge, settings: parseBotSettings({}), calibration: { debounceMs: 0 } });
await b.calibrated();
const texts = process.argv.slice(2);
for (const t of texts) { const x = await a.decide({ text: t }); const y = await b.decide({ text: t }); console.log(t, x.action, x.entryId, '→', y.action, y.entryId, x.action !== y.action ? '  CHANGED' : ''); }
a.close(); b.close(); await rt.close();
