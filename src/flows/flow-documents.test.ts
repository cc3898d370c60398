/** Flows through the shared versioned-document suite (src/store/versioned-documents-contract.ts). */
import { describeVersionedDocuments } from '../store/versioned-documents-contract.js';
import { FLOW_DOCUMENTS } from './repository.js';
import type { FlowFields } from './schemas.js';
import { parseFlowInput } from './validate.js';

const text = (t: string) => [{ type: 'text' as const, text: t }];

describeVersionedDocuments<FlowFields>('flows', {
  kind: FLOW_DOCUMENTS,
  sample: (id) =>
    parseFlowInput({
      id,
      name: '改发票抬头',
      trigger: { keywords: ['发票抬头', '抬头开错了'] },
      start: 'ask',
      nodes: {
        ask: { kind: 'ask', slot: 'title', prompt: text('新的发票抬头是？'), validate: { kind: 'any' }, next: 'done' },
        done: { kind: 'end', content: text('好的，已改为「{{title}}」') },
      },
    }),
  edit: (flow) => parseFlowInput({ ...flow, name: '发票抬头修改（新版）' }),
});
