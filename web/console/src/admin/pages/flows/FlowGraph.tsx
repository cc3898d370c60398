/**
 * The drawn flow: one node per step, one edge per transition (branches labelled with their
 * conditions), laid out in layers by distance from the start (breadth-first). Clicking a node
 * selects that step in the editor. Labels are React text: whatever a step says stays text.
 */
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useT } from '../../../shared/i18n';
import { blocksText, describeCondition, stepLinks, type FlowDefinition, type FlowIssue, type StepLink } from './model';

const messages = {
  zh: {
    graph: '流程图',
    start: '开始',
    next: '下一步',
    onFail: '答不上',
    else: '否则',
    onError: '出错',
    target: '跳转',
    missing: '（不存在）',
    exists: '存在',
    businessHours: '营业时间',
    days: '周',
    and: '且',
    or: '或',
    not: '非',
    message: '消息',
    ask: '提问',
    condition: '条件',
    call: '调用接口',
    set: '设置变量',
    handoff: '转人工',
    end: '结束',
    goto: '跳转',
  },
  en: {
    graph: 'Flow graph',
    start: 'start',
    next: 'next',
    onFail: 'no answer',
    else: 'else',
    onError: 'error',
    target: 'go to',
    missing: '(missing)',
    exists: 'exists',
    businessHours: 'business hours',
    days: 'days',
    and: 'and',
    or: 'or',
    not: 'not',
    message: 'Message',
    ask: 'Ask',
    condition: 'Condition',
    call: 'Call',
    set: 'Set',
    handoff: 'Hand-off',
    end: 'End',
    goto: 'Go to',
  },
};

/** Layout grid: horizontal distance between steps of one layer, vertical distance between layers. */
const COLUMN_WIDTH = 210;
const LAYER_HEIGHT = 80;
/** One line each for a node's title and text (the editor has the whole of it): nodes keep one height and never overlap. */
const ONE_LINE = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

/**
 * Layers by breadth-first distance from the start, each in the order the search met its steps
 * (children near their parents); steps the start cannot reach go in a last layer.
 */
export function layers(flow: FlowDefinition): string[][] {
  const out: string[][] = [];
  const depth = new Map<string, number>();
  const place = (id: string, layer: number) => {
    depth.set(id, layer);
    (out[layer] ??= []).push(id);
  };
  if (flow.nodes[flow.start]) {
    place(flow.start, 0);
    const queue = [flow.start];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const { target } of stepLinks(flow.nodes[id])) {
        if (flow.nodes[target] && !depth.has(target)) {
          place(target, depth.get(id)! + 1);
          queue.push(target);
        }
      }
    }
  }
  const unreachable = out.length;
  for (const id of Object.keys(flow.nodes)) if (!depth.has(id)) place(id, unreachable);
  return out;
}

export interface FlowGraphProps {
  flow: FlowDefinition;
  issues: Map<string, FlowIssue[]>;
  /** The step being edited. */
  selected: string | null;
  /** The step the test panel's run waits at. */
  active: string | null;
  onSelect(id: string): void;
}

export function FlowGraph({ flow, issues, selected, active, onSelect }: FlowGraphProps) {
  const t = useT(messages);
  const words = useMemo(() => ({ exists: t('exists'), businessHours: t('businessHours'), days: t('days'), and: t('and'), or: t('or'), not: t('not') }), [t]);
  const { nodes, edges } = useMemo(() => {
    const nodes: Node[] = [];
    layers(flow).forEach((layer, row) => {
      layer.forEach((id, column) => {
        const step = flow.nodes[id];
        const kindName = (messages.zh as Record<string, string>)[step.kind] ? t(step.kind as keyof typeof messages.zh) : String(step.kind);
        const text = blocksText(step.content ?? step.prompt) || step.slot || step.url || step.reason || '';
        const broken = issues.has(id);
        nodes.push({
          id,
          position: { x: (column - (layer.length - 1) / 2) * COLUMN_WIDTH, y: row * LAYER_HEIGHT },
          data: {
            label: (
              <div data-step={id} data-kind={step.kind} title={text}>
                <div style={ONE_LINE}>
                  <strong>{id}</strong> · {kindName}
                  {id === flow.start ? ` (${t('start')})` : ''}
                </div>
                {text ? <div style={ONE_LINE}>{text}</div> : null}
              </div>
            ),
          },
          selected: id === selected,
          className: ['flow-node', broken ? 'flow-node-broken' : '', id === active ? 'flow-node-active' : ''].filter(Boolean).join(' '),
          style: {
            width: COLUMN_WIDTH - 40,
            fontSize: 12,
            borderColor: broken ? '#ff4d4f' : id === selected ? '#e8590c' : undefined,
            borderWidth: broken || id === selected ? 2 : 1,
            background: id === active ? '#e6f4ff' : step.kind === 'handoff' ? '#fff7e6' : step.kind === 'end' ? '#f6ffed' : '#fff',
            boxShadow: id === active ? '0 0 0 3px #1677ff' : undefined,
          },
        });
      });
    });
    const edges: Edge[] = [];
    for (const [id, step] of Object.entries(flow.nodes)) {
      for (const link of stepLinks(step)) {
        const missing = !flow.nodes[link.target];
        if (missing) continue;
        edges.push({
          id: `${id}:${link.field}`,
          source: id,
          target: link.target,
          label: edgeLabel(link, t, words),
          markerEnd: { type: MarkerType.ArrowClosed },
          animated: link.field === 'onError' || link.field.startsWith('onStatus'),
          labelStyle: { fontSize: 11 },
        });
      }
    }
    return { nodes, edges };
  }, [flow, issues, selected, active, t, words]);
  return (
    <div style={{ height: 520, border: '1px solid #f0f0f0', borderRadius: 8 }} aria-label={t('graph')} role="figure" data-testid="flow-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodeClick={(_, node) => onSelect(node.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

function edgeLabel(link: StepLink, t: ReturnType<typeof useT<keyof typeof messages.zh>>, words: Parameters<typeof describeCondition>[1]): string | undefined {
  if (link.field === 'next') return undefined;
  if (link.field.startsWith('branches.')) return describeCondition(link.when, words);
  if (link.field.startsWith('onStatus.')) return link.field.slice('onStatus.'.length);
  if (link.field === 'onFail' || link.field === 'else' || link.field === 'onError' || link.field === 'target') return t(link.field);
  return link.field;
}
