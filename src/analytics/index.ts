export { analyticsRoutes } from './routes.js';
export { AnalyticsService, type Overview, type UnansweredQuestion } from './service.js';
