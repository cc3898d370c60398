/**
 * One line for an operator from a failed call: the server's (already localised) message, then
 * what each invalid field was told (`details.issues`), so a refused form says which field and why.
 */
import { ApiError } from './api';

interface Issue {
  path?: string;
  message?: string;
}

/** `fieldName` turns an issue's path (`words.3`) into what the operator typed or sees (`运 费险`). */
export function errorMessage(err: unknown, fieldName: (path: string) => string = (path) => path): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const details = err.details as { issues?: Issue[]; message?: string } | null | undefined;
  const issues = Array.isArray(details?.issues) ? details.issues.map((i) => (i.path ? `${fieldName(i.path)}: ${i.message ?? ''}` : (i.message ?? ''))) : [];
  const extra = typeof details?.message === 'string' ? [details.message] : [];
  return [err.message, ...extra, ...issues].filter(Boolean).join('；');
}
