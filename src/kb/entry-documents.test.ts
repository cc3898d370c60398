/** Knowledge entries through the shared versioned-document suite (src/store/versioned-documents-contract.ts). */
import { describeVersionedDocuments } from '../store/versioned-documents-contract.js';
import { parseEntryInput } from './entry-input.js';
import { ENTRY_DOCUMENTS, type EntryContent, entryContent } from './repository.js';

describeVersionedDocuments<EntryContent>('knowledge entries', {
  kind: ENTRY_DOCUMENTS,
  sample: (id) => ({
    ...parseEntryInput({
      question: '发票咋开啊',
      similarQuestions: ['怎么开發票', '能开专票吗😅'],
      answer: [{ type: 'text', text: '在「我的订单」点「申请开票」，1 个工作日内发到邮箱。' }],
      category: '发票',
      tags: ['财务'],
    }),
    id,
  }),
  edit: (entry) => entryContent({ ...entry, answer: [{ type: 'text', text: '开票请在收货后 30 天内申请哦～' }] }),
});
