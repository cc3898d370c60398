/**
 * Parses a flow and checks its graph, so a broken flow is refused when it is saved, not
 * discovered by a customer: every target must exist, start must exist, every node must be
 * reachable from start. Every problem is reported with its path (`nodes.ask_order.next`).
 */
import { WenduError } from '../errors/index.js';
import { parseOrThrow, type ValidationIssue, validationIssues } from '../errors/validation.js';
import { FlowDefinitionSchema, FlowInputSchema, type FlowDefinition, type FlowFields, type FlowNode } from './schemas.js';

/** A schema or graph problem, in the one issue shape (src/errors/validation.ts). */
export type FlowIssue = ValidationIssue;

/** Every node id a node can lead to, with the field that names it. */
export function nodeTargets(node: FlowNode): Array<{ field: string; target: string }> {
  const out: Array<{ field: string; target: string }> = [];
  const add = (field: string, target: string | undefined) => {
    if (target !== undefined) out.push({ field, target });
  };
  switch (node.kind) {
    case 'message':
    case 'set':
      add('next', node.next);
      break;
    case 'ask':
      add('next', node.next);
      add('onFail', node.onFail);
      break;
    case 'condition':
      node.branches.forEach((b, i) => add(`branches.${i}.next`, b.next));
      add('else', node.else);
      break;
    case 'call':
      add('next', node.next);
      add('onError', node.onError);
      for (const [status, target] of Object.entries(node.onStatus)) add(`onStatus.${status}`, target);
      break;
    case 'goto':
      add('target', node.target);
      break;
    case 'handoff':
    case 'end':
      break;
  }
  return out;
}

/** Graph problems of a shape-valid flow (empty when it is sound). */
export function flowGraphIssues(flow: FlowDefinition): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const ids = new Set(Object.keys(flow.nodes));
  if (!ids.has(flow.start)) {
    issues.push({ path: 'start', message: `起始节点“${flow.start}”不存在`, code: 'unknown_node' });
  }
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const { field, target } of nodeTargets(node)) {
      if (!ids.has(target)) issues.push({ path: `nodes.${id}.${field}`, message: `指向不存在的节点“${target}”`, code: 'unknown_node' });
    }
  }
  if (ids.has(flow.start)) {
    const reached = new Set<string>([flow.start]);
    const queue = [flow.start];
    while (queue.length > 0) {
      for (const { target } of nodeTargets(flow.nodes[queue.shift()!])) {
        if (ids.has(target) && !reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    for (const id of ids) {
      if (!reached.has(id)) issues.push({ path: `nodes.${id}`, message: `节点“${id}”从起始节点“${flow.start}”无法到达`, code: 'unreachable_node' });
    }
  }
  return issues;
}

/** Shape and graph problems of any input (empty when it is a valid flow). */
export function flowIssues(input: unknown): FlowIssue[] {
  const parsed = FlowInputSchema.safeParse(input);
  return parsed.success ? flowGraphIssues(parsed.data) : validationIssues(parsed.error);
}

/** A valid flow definition, or WENDU_FLOW_INVALID with every issue. */
export function parseFlowDefinition(input: unknown): FlowDefinition {
  const flow = parseOrThrow(FlowDefinitionSchema, input, 'WENDU_FLOW_INVALID');
  const issues = flowGraphIssues(flow);
  if (issues.length > 0) throw new WenduError('WENDU_FLOW_INVALID', { issues });
  return flow;
}

/** A valid flow with its status (what the API stores), or WENDU_FLOW_INVALID. */
export function parseFlowInput(input: unknown): FlowFields {
  const flow = parseOrThrow(FlowInputSchema, input, 'WENDU_FLOW_INVALID');
  const issues = flowGraphIssues(flow);
  if (issues.length > 0) throw new WenduError('WENDU_FLOW_INVALID', { issues });
  return flow;
}
