/** Small formatting helpers the workspace's screens share. */
import type { Lang } from '../shared/i18n';

const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

/** "3 分钟" / "3 min": waits are read at a glance, so seconds only under a minute. */
export function duration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < SECONDS_PER_MINUTE) return lang === 'zh' ? `${s} 秒` : `${s} s`;
  const minutes = Math.floor(s / SECONDS_PER_MINUTE);
  if (minutes < MINUTES_PER_HOUR) return lang === 'zh' ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.floor(minutes / MINUTES_PER_HOUR);
  return lang === 'zh' ? `${hours} 小时 ${minutes % MINUTES_PER_HOUR} 分钟` : `${hours} h ${minutes % MINUTES_PER_HOUR} min`;
}

export function clock(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
