/**
 * What the operator reads of a calibration: the numbers, and one sentence in each language
 * (「在您自己的问法上：…」). Percentages are of the in-scope probes.
 */
import type { BotSettings } from '../../config/settings.js';
import type { Calibration } from './calibrate.js';

export interface CalibrationReport {
  botId: string;
  /** pending: not computed yet (the settings' thresholds apply meanwhile). */
  state: 'pending' | 'ready';
  /** Whose thresholds answer now: the calibration's (a fit, or a small knowledge base's conservative fallback), or the settings' (calibration off, or pending). */
  inForce: 'calibration' | 'settings';
  mode: BotSettings['calibration'];
  summary: { zh: string; en: string } | null;
  /** Shares of the in-scope probes (0–1) and of the out-of-scope ones. */
  rates: { answeredRight: number; answeredWrong: number; askedBack: number; nothing: number; outOfScopeAnswered: number } | null;
  /**
   * The same thresholds on customers' business questions, estimated from the probes re-weighted to the
   * prior the fit assumed (`calibration.prior`): right first entries answered × (1 − share), wrong × share.
   */
  customers: { answeredRight: number; answeredWrong: number } | null;
  calibration: Calibration | null;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function calibrationReport(botId: string, calibration: Calibration | null, settings: BotSettings): CalibrationReport {
  const inForce = settings.calibration === 'auto' && calibration ? 'calibration' : 'settings';
  if (!calibration) return { botId, state: 'pending', inForce, mode: settings.calibration, summary: null, rates: null, customers: null, calibration: null };
  const t = calibration.onProbes.calibrated;
  const share = (n: number, of: number) => (of > 0 ? n / of : 0);
  const rates = {
    answeredRight: share(t.answeredRight, t.inScope),
    answeredWrong: share(t.answeredWrong, t.inScope),
    askedBack: share(t.askedBack, t.inScope),
    nothing: share(t.nothing, t.inScope),
    outOfScopeAnswered: share(t.outOfScopeAnswered, t.outOfScope),
  };
  const prior = calibration.prior;
  const customers = {
    answeredRight: (1 - prior.share) * share(t.answeredRight, t.rightFirst),
    answeredWrong: prior.share * share(t.answeredWrong, t.wrongFirst),
  };
  const priorZh =
    `按顾客问题中约 ${pct(prior.share)} 的首选条目是错的估算（${prior.source === 'traffic' ? `从最近 ${prior.servedDecisions} 条已回复的问题估计` : '机器人设置里的默认值，回复的问题还不够多'}），` +
    `顾客的问题约 ${pct(customers.answeredRight)} 直接答对、${pct(customers.answeredWrong)} 会答错。`;
  const priorEn =
    ` Assuming ${pct(prior.share)} of customers' questions have a wrong first entry (${prior.source === 'traffic' ? `estimated from the last ${prior.servedDecisions} answered questions` : 'the setting\'s default: too few answered questions yet'}), ` +
    `customers' questions would be ${pct(customers.answeredRight)} answered right and ${pct(customers.answeredWrong)} wrong.`;
  const small = calibration.status === 'small_knowledge_base';
  const zh =
    `在您自己的问法上：${pct(rates.answeredRight)} 直接答对、${pct(rates.answeredWrong)} 会答错、${pct(rates.askedBack)} 反问（您是想问…）、${pct(rates.nothing)} 答不上；` +
    `知识库没有的问题被直接回答 ${pct(rates.outOfScopeAnswered)}。` +
    (small ? '知识库的相似问法太少，无法可靠校准，已改用保守阈值：只直接回答几乎与知识库问法一致的问题，其余反问。补充相似问法后会重新校准。' : calibration.status === 'target_unreachable' ? `达不到目标错答率 ${pct(calibration.targetWrongRate)}，已改为最严格的阈值（几乎都反问）。` : `目标错答率 ${pct(calibration.targetWrongRate)}。`) +
    (small ? '' : priorZh);
  const en =
    `On your own questions: ${pct(rates.answeredRight)} answered right, ${pct(rates.answeredWrong)} would be wrong, ${pct(rates.askedBack)} asked back, ${pct(rates.nothing)} not answered; ` +
    `questions the knowledge base does not cover answered ${pct(rates.outOfScopeAnswered)}. ` +
    (small ? 'Too few similar questions to calibrate reliably: conservative thresholds apply (only near-exact matches of your questions are answered directly, the rest are asked back). Adding similar questions lets it calibrate.' : calibration.status === 'target_unreachable' ? `The target wrong-answer rate ${pct(calibration.targetWrongRate)} is out of reach: the strictest thresholds apply (nearly everything is asked back).` : `Target wrong-answer rate ${pct(calibration.targetWrongRate)}.`) +
    (small ? '' : priorEn);
  return { botId, state: 'ready', inForce, mode: settings.calibration, summary: { zh, en }, rates, customers: small ? null : customers, calibration };
}
