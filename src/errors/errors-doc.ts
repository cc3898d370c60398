/**
 * Renders docs/errors.md from the ERRORS list, so the docs can never drift from the code:
 * src/errors/errors.test.ts fails when they differ. Regenerate with
 *   npx tsx src/errors/errors-doc.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS, type ErrorSpec } from './index.js';

export const ERRORS_DOC_PATH = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));

const HEADER = `# 错误代码 · Error codes

Wendu 的每个错误都有一个稳定的代码。HTTP 接口返回
\`{ "error": { "code": "WENDU_…", "message": "…", "details": … } }\`，
消息默认是中文；加 \`?lang=en\` 或 \`Accept-Language: en\` 返回英文。

Every Wendu error has a stable code. HTTP responses carry
\`{ "error": { "code", "message", "details" } }\`; the message is Chinese unless
\`?lang=en\` or \`Accept-Language: en\` asks for English.

<!-- Generated from src/errors/index.ts by \`npx tsx src/errors/errors-doc.ts\`. Do not edit the table by hand. -->
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderErrorsDoc(): string {
  const rows = Object.entries(ERRORS as Record<string, ErrorSpec>).map(
    ([code, spec]) => `| \`${code}\` | ${spec.status} | ${cell(spec.zh)} | ${cell(spec.en)} |`,
  );
  return [HEADER, '| 代码 code | HTTP | 中文 | English |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH}`);
}
