/** The roles' names as operators read them (the same words on the users and API-key tables). */
import type { Role } from '../../../shared/session';

export const ROLE_NAMES: Record<'zh' | 'en', Record<Role, string>> = {
  zh: { agent: '客服', supervisor: '主管', admin: '管理员' },
  en: { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' },
};
