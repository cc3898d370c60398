/**
 * Test support for the multi-turn dialog sets (demo/eval-dialogs.json, the tuning set, and the
 * held-out rounds demo/heldout-dialogs.json, demo/heldout-dialogs-round3.json,
 * demo/heldout-dialogs-round4.json, demo/heldout-dialogs-round5.json, demo/heldout-dialogs-round6.json and demo/heldout-dialogs-round7.json): each dialog is played through the real engine and bot over a
 * real SQLite file with the demo shop loaded through the import path, and every turn is scored
 * against its expectation. Not imported by production code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings } from '../config/settings.js';
import { ConversationService } from '../conversation/service.js';
import { TEST_SCOPE } from '../conversation/test-fixture.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import { FlowRunner } from '../flows/runner.js';
import { FlowService } from '../flows/service.js';
import { KnowledgeService } from '../kb/service.js';
import { loadDemoIfEmpty } from '../server/demo-loader.js';
import { PACKAGE_ROOT } from '../server/package-root.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import { restoreDialogState, type DialogState } from './dialog-state.js';
import { ConversationEngine } from './engine.js';

/**
 * What a turn should get: an entry id (answered directly with it), `clarify`, `clarify:<id>` (a
 * clarification offering it), `offered:N` (answered with the N-th candidate the previous turn
 * offered), `reask` (a clarification offering other candidates than the entry just answered),
 * `fallback` (nothing answered, the way to a person offered), `handoff` (handed to a person),
 * `courtesy` (a reply from the persona with no entry: 好的谢谢 after an answer is a closing, not a question).
 */
export type TurnExpectation = string;

export interface DialogTurn {
  say: string;
  expect: TurnExpectation | TurnExpectation[];
}

export interface Dialog {
  id: string;
  turns: DialogTurn[];
}

export interface DialogTally {
  dialogs: number;
  /** Dialogs whose every turn met its expectation. */
  dialogsRight: number;
  turns: number;
  turnsRight: number;
  /** Turns answered directly with an entry no expectation of the turn names. */
  wrongAnswers: number;
  misses: string[];
}

/** The same fixed daytime as the other demo measurements, so validity windows behave alike. */
const MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');

export function readDialogs(file: string): Dialog[] {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, file), 'utf8')) as { dialogs: Dialog[] }).dialogs;
}

export interface DialogBench {
  play(dialogs: readonly Dialog[]): Promise<DialogTally>;
  dispose(): Promise<void>;
}

/**
 * How the bench's bot sets its answer thresholds: `self-calibrated` as the server's bots do
 * (settings `calibration: 'auto'`, fitted on the demo's own knowledge before the first turn — the
 * numbers customers get), `fixed` on the settings' default thresholds (calibration off).
 */
export type DialogBenchThresholds = 'self-calibrated' | 'fixed';

/** The demo shop behind the real engine on a fresh SQLite file. */
export async function openDialogBench(thresholds: DialogBenchThresholds): Promise<DialogBench> {
  const database: TestDatabase = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => MEASURED_AT });
  await loadDemoIfEmpty(knowledge);
  const settings = parseBotSettings({ calibration: thresholds === 'self-calibrated' ? 'auto' : 'off' });
  const bot: BotApi = await createBot({ knowledge, settings, now: () => MEASURED_AT, ...(thresholds === 'self-calibrated' ? { calibration: { debounceMs: 0 } } : {}) });
  await bot.calibrated();
  const conversations = new ConversationService(database, new MemoryEventBus(), TEST_SCOPE, () => MEASURED_AT);
  const engine = new ConversationEngine({
    conversations,
    bot,
    flows: new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID }),
    runner: new FlowRunner({ allowedHosts: [] }),
    botSecret: 'dialog-bench-温度',
    env: {},
    now: () => MEASURED_AT,
  });

  async function playOne(dialog: Dialog, tally: DialogTally): Promise<void> {
    const { conversation } = await engine.open({ channel: 'web' });
    let before: DialogState = restoreDialogState(null);
    let allRight = true;
    for (const [k, turn] of dialog.turns.entries()) {
      const { replies } = await engine.handleCustomerMessage(conversation.id, { text: turn.say, clientMessageId: `${dialog.id}-${k}` });
      const after = restoreDialogState((await conversations.loadState<Partial<DialogState>>(conversation.id)).state);
      const got = { action: String(replies[0]?.meta.action ?? 'none'), entryId: (replies[0]?.meta.entryId as string | undefined) ?? null, offered: after.previous?.offered?.map((o) => o.entryId) ?? [] };
      const expectations = Array.isArray(turn.expect) ? turn.expect : [turn.expect];
      const right = expectations.some((e) => meets(e, got, before));
      const namesAnswered = expectations.some((e) => expectedEntry(e, before) === got.entryId);
      tally.turns++;
      if (right) tally.turnsRight++;
      else {
        allRight = false;
        tally.misses.push(`${dialog.id}#${k + 1} ${turn.say} → ${got.action} ${got.entryId ?? ''} ${got.offered.length ? `[${got.offered.join(', ')}]` : ''} (expected ${expectations.join(' | ')})`);
      }
      if (got.action === 'answer' && got.entryId && !namesAnswered) tally.wrongAnswers++;
      before = after;
    }
    tally.dialogs++;
    if (allRight) tally.dialogsRight++;
  }

  return {
    async play(dialogs) {
      const tally: DialogTally = { dialogs: 0, dialogsRight: 0, turns: 0, turnsRight: 0, wrongAnswers: 0, misses: [] };
      for (const dialog of dialogs) await playOne(dialog, tally);
      return tally;
    },
    async dispose() {
      bot.close();
      await database.dispose();
    },
  };
}

/** One measurement as the dialog tests print it: the counts, then each missed turn. */
export function printTally(label: string, tally: DialogTally): void {
  console.log(label, JSON.stringify({ ...tally, misses: undefined }), tally.misses.length ? `\n${tally.misses.join('\n')}` : '');
}

interface TurnOutcome {
  action: string;
  entryId: string | null;
  offered: string[];
}

/** The entry an expectation means, given the state before the turn (null for clarify / reask). */
function expectedEntry(expectation: TurnExpectation, before: DialogState): string | null {
  const ordinal = /^offered:(\d+)$/.exec(expectation);
  if (ordinal) return before.previous?.offered?.[Number(ordinal[1]) - 1]?.entryId ?? null;
  return expectation === 'clarify' || expectation === 'reask' || expectation === 'fallback' || expectation === 'handoff' || expectation === 'courtesy' || expectation.startsWith('clarify:') ? null : expectation;
}

function meets(expectation: TurnExpectation, got: TurnOutcome, before: DialogState): boolean {
  if (expectation === 'clarify' || expectation === 'fallback' || expectation === 'handoff') return got.action === expectation;
  if (expectation === 'courtesy') return got.action === 'answer' && got.entryId === null;
  if (expectation.startsWith('clarify:')) return got.action === 'clarify' && got.offered.includes(expectation.slice('clarify:'.length));
  if (expectation === 'reask') {
    const rejected = before.previous?.entryId;
    return got.action === 'clarify' && got.offered.length > 0 && (rejected == null || !got.offered.includes(rejected));
  }
  const entry = expectedEntry(expectation, before);
  return entry !== null && got.action === 'answer' && got.entryId === entry;
}
