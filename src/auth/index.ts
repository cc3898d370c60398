/** Accounts and access control: the one entry point for the server and the CLI. */
export { ROLES, DEFAULT_WORKSPACE_ID, DEFAULT_BOT_ID, roleAllows } from './access.js';
export type { Role, RouteAccess, Principal } from './access.js';
export { installAccessGuard, markPublicScope, publicPlugin, principalOf, sessionHashOf, type DeclaredRoute } from './guard.js';
export type { AccessGuardOptions } from './guard.js';
export { authRoutes, AUTH_API_PREFIX, USERS_PATH, API_KEYS_PATH } from './routes.js';
export { AccountService, API_KEY_TOUCH_INTERVAL_MS } from './service.js';
export type { AccountServiceOptions, Authenticated, LoginAttempt } from './service.js';
export { LoginThrottle, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_THROTTLE_WINDOW_SECONDS } from './throttle.js';
export type { LoginThrottleOptions } from './throttle.js';
export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './passwords.js';
export { API_KEY_PREFIX } from './tokens.js';
export { seedDemoAccounts, formatDemoLogins, DEMO_ACCOUNTS } from './demo-accounts.js';
export type { DemoLogin } from './demo-accounts.js';
export type { User, ApiKeyInfo, LoginResult } from './schemas.js';
