import { describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { DEFAULT_CANCEL_WORDS, DEFAULT_MAX_VISITS_PER_NODE } from './schemas.js';
import { flowIssues, parseFlowDefinition } from './validate.js';

const text = (t: string) => [{ type: 'text', text: t }];
const VALID = {
  id: 'invoice-request',
  name: '开发票',
  start: 'ask_title',
  nodes: {
    ask_title: { kind: 'ask', slot: 'title', prompt: text('发票抬头是？'), validate: { kind: 'any' }, next: 'done' },
    done: { kind: 'end', content: text('好的，抬头「{{title}}」已记下') },
  },
};

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseFlowDefinition(input);
  } catch (err) {
    if (isWenduError(err) && err.code === 'WENDU_FLOW_INVALID') return (err.details as { issues: Array<{ path: string; message: string }> }).issues;
    throw err;
  }
  return [];
}

describe('flow validation', () => {
  it('accepts a valid flow and fills the named defaults', () => {
    const flow = parseFlowDefinition(VALID);
    expect(flow.settings.maxVisitsPerNode).toBe(DEFAULT_MAX_VISITS_PER_NODE);
    expect(flow.settings.cancelWords).toEqual(DEFAULT_CANCEL_WORDS);
    expect(flow.settings.timeZone).toBe('Asia/Shanghai');
    expect(flow.trigger).toEqual({});
  });

  it('sanitises what the operator wrote in every message, and refuses content that was only markup', () => {
    const hostile = {
      ...VALID,
      nodes: {
        ...VALID.nodes,
        done: { kind: 'end', content: [{ type: 'text', text: '好的<img src=x onerror=alert(1)>，已记下<script>alert(1)</script>' }] },
      },
    };
    const flow = parseFlowDefinition(hostile);
    const done = flow.nodes.done as { content: Array<{ type: string; text: string }> };
    expect(done.content[0].text).toBe('好的，已记下');
    const onlyMarkup = { ...VALID, nodes: { ...VALID.nodes, done: { kind: 'end', content: [{ type: 'text', text: '<script>alert(1)</script>' }] } } };
    expect(issuesOf(onlyMarkup).length).toBeGreaterThan(0);
  });

  it('reports a missing start node', () => {
    expect(issuesOf({ ...VALID, start: 'welcome' })).toContainEqual(expect.objectContaining({ path: 'start', message: '起始节点“welcome”不存在' }));
  });

  it('reports unknown targets with the node path', () => {
    const broken: { nodes: Record<string, unknown> } & Omit<typeof VALID, 'nodes'> = structuredClone(VALID);
    broken.nodes.ask_title = { ...VALID.nodes.ask_title, next: 'confirm', onFail: 'human' };
    broken.nodes.route = { kind: 'condition', branches: [{ when: { kind: 'tag', tag: 'VIP' }, next: 'vip' }], else: 'done' };
    broken.nodes.lookup = { kind: 'call', url: 'https://api.shop.example/x', next: 'done', onStatus: { '404': 'nowhere' } };
    const issues = issuesOf(broken);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'nodes.ask_title.next', message: '指向不存在的节点“confirm”' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'nodes.ask_title.onFail' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'nodes.route.branches.0.next' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'nodes.lookup.onStatus.404' }));
  });

  it('reports unreachable nodes', () => {
    const orphan = { ...VALID, nodes: { ...VALID.nodes, forgotten: { kind: 'message', content: text('没人会看到我'), next: 'done' } } };
    expect(issuesOf(orphan)).toEqual([expect.objectContaining({ path: 'nodes.forgotten', message: '节点“forgotten”从起始节点“ask_title”无法到达' })]);
  });

  it('reports shape errors with their path', () => {
    const bad = {
      ...VALID,
      nodes: {
        ...VALID.nodes,
        ask_title: { kind: 'ask', slot: '1title', prompt: [], validate: { kind: 'regex', pattern: '(' }, next: 'done' },
      },
    };
    const paths = issuesOf(bad).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes.ask_title.slot', 'nodes.ask_title.prompt', 'nodes.ask_title.validate.pattern']));
    expect(issuesOf({ ...VALID, nodes: { ...VALID.nodes, x: { kind: 'teleport' } } }).map((i) => i.path)).toContain('nodes.x.kind');
  });

  it('flowIssues returns the same issues without throwing', () => {
    expect(flowIssues(VALID)).toEqual([]);
    // Without a start, reachability means nothing: only the start is reported.
    expect(flowIssues({ ...VALID, start: 'nope' }).map((i) => i.path)).toEqual(['start']);
    expect(flowIssues({ ...VALID, settings: { timeZone: 'Mars/Olympus' } }).map((i) => i.path)).toEqual(['settings.timeZone']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the slot name %s (it would rewrite the slots object, not fill a slot)', (name) => {
    // JSON.parse keeps "__proto__" as an own key, as an API body would.
    const asked = JSON.parse(JSON.stringify({ ...VALID, nodes: { ...VALID.nodes, ask_title: { ...VALID.nodes.ask_title, slot: name } } }));
    expect(flowIssues(asked).map((i) => i.path)).toContain('nodes.ask_title.slot');
    const saved = JSON.parse(
      `{"kind":"call","url":"https://api.shop.example/x","saveAs":{"${name}":"status"},"next":"done"}`,
    );
    const withCall = { ...VALID, nodes: { ...VALID.nodes, ask_title: { ...VALID.nodes.ask_title, next: 'look' }, look: saved } };
    const issues = flowIssues(withCall);
    // Refused — or, for "__proto__", dropped by the parser: never a key of the stored flow.
    if (!issues.some((i) => i.path.startsWith('nodes.look.saveAs'))) {
      const look = parseFlowDefinition(withCall).nodes.look;
      expect(look.kind === 'call' && Object.hasOwn(look.saveAs, name)).toBe(false);
    }
  });
});
