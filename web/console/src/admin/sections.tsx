/**
 * The console's sections: one line each — the hash route, the role it needs (the server checks
 * the same role on every route it calls; this only hides what would be refused), and the page.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../shared/session';

export interface Section {
  key: string;
  zh: string;
  en: string;
  role: Role;
  page: LazyExoticComponent<ComponentType>;
}

export const SECTIONS: Section[] = [
  { key: 'dashboard', zh: '数据概览', en: 'Dashboard', role: 'supervisor', page: lazy(() => import('./pages/dashboard/DashboardPage')) },
  { key: 'knowledge', zh: '知识库', en: 'Knowledge', role: 'supervisor', page: lazy(() => import('./pages/knowledge/KnowledgePage')) },
  { key: 'reviews', zh: '待审核', en: 'Reviews', role: 'supervisor', page: lazy(() => import('./pages/reviews/ReviewsPage')) },
  { key: 'learning', zh: '未解决问题', en: 'Unresolved', role: 'supervisor', page: lazy(() => import('./pages/learning/LearningPage')) },
  { key: 'synonyms', zh: '同义词与词典', en: 'Synonyms & dictionary', role: 'supervisor', page: lazy(() => import('./pages/synonyms/SynonymsPage')) },
  { key: 'flows', zh: '对话流程', en: 'Flows', role: 'supervisor', page: lazy(() => import('./pages/flows/FlowsPage')) },
  { key: 'try', zh: '测试对话', en: 'Try it', role: 'supervisor', page: lazy(() => import('./pages/try/TryPage')) },
  { key: 'settings', zh: '机器人设置', en: 'Bot settings', role: 'supervisor', page: lazy(() => import('./pages/settings/SettingsPage')) },
  { key: 'users', zh: '账号与密钥', en: 'Users & API keys', role: 'admin', page: lazy(() => import('./pages/users/UsersPage')) },
  { key: 'audit', zh: '操作日志', en: 'Audit log', role: 'admin', page: lazy(() => import('./pages/audit/AuditPage')) },
];
