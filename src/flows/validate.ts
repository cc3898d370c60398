/**
 * Parses a flow and checks its graph, so a broken flow is refused when it is saved, not
 * discovered by a customer: every target must exist, start must exist, every node must be
 * reachable from start. Every problem is reported with its path (`nodes.ask_order.next`).
 */
import type { ZodError } from 'zod';
import { WenduError } from '../errors/index.js';
import { FlowDefinitionSchema, FlowInputSchema, type FlowDefinition, type FlowFields, type FlowNode } from './schemas.js';

export interface FlowIssue {
  path: string;
  message: string;
  code: string;
}

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

function zodIssues(err: ZodError): FlowIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

/** Shape and graph problems of any input (empty when it is a valid flow). */
export function flowIssues(input: unknown): FlowIssue[] {
  const parsed = FlowInputSchema.safeParse(input);
  return parsed.success ? flowGraphIssues(parsed.data) : zodIssues(parsed.error);
}

/** A valid flow definition, or WENDU_FLOW_INVALID with every issue. */
export function parseFlowDefinition(input: unknown): FlowDefinition {
  const parsed = FlowDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new WenduError('WENDU_FLOW_INVALID', { issues: zodIssues(parsed.error) });
  const issues = flowGraphIssues(parsed.data);
  if (issues.length > 0) throw new WenduError('WENDU_FLOW_INVALID', { issues });
  return parsed.data;
}

/** A valid flow with its status (what the API stores), or WENDU_FLOW_INVALID. */
export function parseFlowInput(input: unknown): FlowFields {
  const parsed = FlowInputSchema.safeParse(input);
  if (!parsed.success) throw new WenduError('WENDU_FLOW_INVALID', { issues: zodIssues(parsed.error) });
  const issues = flowGraphIssues(parsed.data);
  if (issues.length > 0) throw new WenduError('WENDU_FLOW_INVALID', { issues });
  return parsed.data;
}
