/** Self-calibration of a bot's answer decision on its own knowledge (docs/confidence.md). */
export { answers, confidenceBar, CONSERVATIVE_THRESHOLDS, ruleEvidence, settingsThresholds, thresholdsFor, type AnswerThresholds, type TopEvidence } from './answer-rule.js';
export { keyWordHeld, KEY_WORD_RIVALS, MIN_EXPLAINED_SHARE } from './key-word.js';
export { areConfusable, type ConfusablePair } from './confusable.js';
export { calibrate, calibrateInSlices, type Calibration, type CalibrationStatus } from './calibrate.js';
export { calibrationRoutes, CALIBRATION_PATH } from './routes.js';
export { calibrationReport, type CalibrationReport } from './report.js';
export { CalibrationHistory, CALIBRATION_HISTORY_LIMIT, type CalibrationHistoryPoint } from './history.js';
export { MAX_SERVED_DECISIONS, MIN_SERVED_DECISIONS, type WrongFirstPrior } from './prior.js';
