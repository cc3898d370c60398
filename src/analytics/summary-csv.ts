/**
 * The summary as a spreadsheet (one metric per row: 指标 / metric, 值 / value), UTF-8 with a BOM so
 * Excel opens the Chinese labels correctly.
 */
import { stringify } from 'csv-stringify/sync';
import type { Spread, Summary } from './service.js';

const BOM = '\ufeff';

export function summaryCsv(s: Summary): string {
  const rows: Array<[string, string | number | null]> = [
    ['起止日期 / range', `${s.from} ~ ${s.to}`],
    ['会话数 / conversations', s.conversations],
    ['机器人独立解决 / bot resolved', s.botResolved],
    ['机器人解决率 / bot resolved rate', s.botResolvedRate],
    ['直接回答 / answers', s.answers],
    ['没有答案 / fallbacks', s.fallbacks],
    ['反问澄清 / clarifications', s.clarifications],
    ['转人工 / hand-offs', s.handoffs.total],
    ...Object.entries(s.handoffs.byReason).map(([reason, n]): [string, number] => [`转人工原因 / hand-off reason: ${reason}`, n]),
    ['人工满意度（平均分）/ agent rating average', s.satisfaction.agents.average],
    ['人工评价数 / agent ratings', s.satisfaction.agents.count],
    ['机器人 👍 / bot helpful', s.satisfaction.bot.helpful],
    ['机器人 👎 / bot not helpful', s.satisfaction.bot.notHelpful],
    ...spreadRows('排队等待 / queue wait', s.queueWait),
    ...spreadRows('人工首次响应 / first response', s.firstResponse),
    ...spreadRows('人工处理时长 / handling', s.handling),
    ...Object.entries(s.byChannel).map(([channel, v]): [string, string] => [`渠道 / channel: ${channel}`, `${v.botResolved}/${v.conversations}`]),
    ...Object.entries(s.byBot).map(([bot, v]): [string, string] => [`机器人 / bot: ${bot}`, `${v.botResolved}/${v.conversations}`]),
    ...s.byHour.map((h): [string, number] => [`时段（UTC）/ hour: ${String(h.hour).padStart(2, '0')}`, h.count]),
    ...s.byCategory.map((c): [string, number] => [`分类 / category: ${c.category ?? '（未分类）'}`, c.count]),
    ...s.topEntries.map((e): [string, number] => [`常用答案 / top entry: ${e.question ?? e.entryId}`, e.count]),
  ];
  return BOM + stringify([['指标 / metric', '值 / value'], ...rows.map(([k, v]) => [k, v === null ? '' : String(v)])]);
}

function spreadRows(label: string, spread: Spread): Array<[string, number | null]> {
  return [
    [`${label} 中位数秒 / p50 s`, spread.medianSeconds],
    [`${label} p90 秒 / p90 s`, spread.p90Seconds],
  ];
}
