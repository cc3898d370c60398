/** The knowledge review queue: drafts, suggested edits and confirmed phrasings waiting for an approver. */
export * from './schemas.js';
export { ReviewService, REVIEW_TARGET } from './service.js';
export type { DraftOrigin, ReviewServiceOptions } from './service.js';
export { reviewRoutes, REVIEWS_PATH } from './routes.js';
export type { ReviewRoutesOptions } from './routes.js';
