export { analyticsRoutes } from './routes.js';
export { AnalyticsService, type Overview, type AnswersNow, type UnansweredQuestion } from './service.js';
