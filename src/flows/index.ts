/** Multi-turn flows: definitions, validation, the runner, triggers, storage and HTTP routes. */
export * from './schemas.js';
export { ConditionSchema, COMPARE_OPS, DEFAULT_TIME_ZONE, SUBJECT_PATTERN } from './condition-schema.js';
export type { Condition, CompareOp } from './condition-schema.js';
export type { AnswerCheck, FlowContext, FlowCustomer, FlowState, RunnableFlow, StepOutcome, StepResult, TraceStep } from './types.js';
export { parseFlowDefinition, parseFlowInput, flowIssues, flowGraphIssues, nodeTargets } from './validate.js';
export type { FlowIssue } from './validate.js';
export { FlowRunner, DEFAULT_FLOW_PHRASES } from './runner.js';
export type { FlowRunnerOptions, FlowPhrases } from './runner.js';
export { checkAnswer, checkRule, isCancel, isSkip, CANCEL_EXTRA_CHARS, SKIP_EXTRA_CHARS } from './answers.js';
export { evaluateCondition, inTimeWindow, localTime } from './conditions.js';
export type { ConditionInput, LocalTime } from './conditions.js';
export { scopeOf, templateVars } from './types.js';
export type { FlowScope } from './types.js';
export { performCall, hostAllowed, renderCallUrl, systemResolve, MAX_CALL_RESPONSE_BYTES } from './call.js';
export type { CallOptions, CallResult, CallFailure, ResolveHost } from './call.js';
export {
  AllowedHostsSchema,
  CLOSED_CALL_POLICY,
  MAX_ALLOWED_HOSTS,
  matchAllowedHost,
  normaliseAllowedHost,
  restrictedAddress,
  restrictedHostname,
} from './call-policy.js';
export type { AllowMatch, CallPolicy } from './call-policy.js';
export { checkOperatorPattern, operatorMatches, operatorTest, MAX_OPERATOR_PATTERN_CHARS } from './operator-regex.js';
export { findTrigger, matchTrigger } from './triggers.js';
export type { TriggerInput, TriggerKind, TriggerMatch } from './triggers.js';
export { FlowService, flowFields } from './service.js';
export type { FlowChange, FlowListener, FlowServiceOptions, ListFlowsQuery } from './service.js';
export { FLOW_DOCUMENTS } from './repository.js';
export { flowRoutes, FLOWS_API_PREFIX } from './routes.js';
export type { FlowRoutesOptions } from './routes.js';
export { runFlowTest, FlowTestRequestSchema, TEST_CUSTOMER } from './test-run.js';
export type { FlowTester, FlowTestTurn } from './test-run.js';
export { readFlowFiles, DEMO_FLOWS_DIR, ORDER_SERVICE_URL_VAR } from './demo-files.js';
