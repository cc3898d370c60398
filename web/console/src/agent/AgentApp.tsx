/**
 * The agent workspace (/agent): presence, the lists (queue, mine, all), offers with a sound and
 * a title notification, the conversation with its whole transcript and composer, agent assist
 * beside it, and tickets. Live over the /agent socket; polled while the socket is down.
 */
import { App, Badge, Button, Card, Empty, Layout, Segmented, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../shared/api';
import { useLang, useT } from '../shared/i18n';
import { LangSwitch } from '../shared/LangSwitch';
import { roleAllows, useSession } from '../shared/session';
import { AssistPanel } from './AssistPanel';
import { ChatPane } from './ChatPane';
import { ProposeKnowledge, type KnowledgeProposal } from './ProposeKnowledge';
import { ConversationList } from './ConversationList';
import { beep, useAgentSocket } from './live';
import { useReasonLabel } from './reasons';
import { TicketsView } from './TicketsView';
import { ProposalsView } from './ProposalsView';
import { PRESENCES, type Assist, type CannedReply, type ChatMessage, type ConversationRow, type ListView, type Offer, type Presence, type Suggestion, type Transcript } from './types';

const messages = {
  zh: {
    appTitle: '温度',
    workspace: '客服工作台',
    presence: '在线状态',
    online: '在线',
    busy: '忙碌',
    away: '离开',
    offline: '离线',
    section: '工作区',
    conversations: '会话',
    tickets: '留言',
    proposals: '我的提议',
    logout: '退出',
    newOffer: '新会话',
    offerTitle: '新会话等待接入',
    accept: '接入',
    decline: '拒绝',
    offerExpires: '{seconds} 秒内接入',
    pick: '从左侧选择一个会话',
    offlineLink: '实时连接已断开，正在定时刷新',
    failed: '操作失败',
  },
  en: {
    appTitle: 'Wendu',
    workspace: 'Agent workspace',
    presence: 'Presence',
    online: 'Online',
    busy: 'Busy',
    away: 'Away',
    offline: 'Offline',
    section: 'Section',
    conversations: 'Conversations',
    tickets: 'Tickets',
    proposals: 'My proposals',
    logout: 'Sign out',
    newOffer: 'New conversation',
    offerTitle: 'A customer is waiting for you',
    accept: 'Accept',
    decline: 'Decline',
    offerExpires: 'accept within {seconds} s',
    pick: 'Pick a conversation on the left',
    offlineLink: 'Live connection lost; refreshing periodically',
    failed: 'Failed',
  },
};

type Section = 'conversations' | 'tickets' | 'proposals';

const PRESENCE_KEY = 'wendu.agent.presence';
/** Waiting times and offer countdowns are redrawn this often. */
const TICK_MS = 1000;
/** While the socket is down, the lists and the open conversation are fetched this often. */
const POLL_MS = 5000;
const MS_PER_SECOND = 1000;
/** The customer's "agent is typing" is refreshed at this pace while the agent keeps typing, not on every key. */
const AGENT_TYPING_REPEAT_MS = 3000;
const EMPTY_LISTS: Record<ListView, ConversationRow[]> = { queue: [], mine: [], all: [] };

/** The presence this browser last chose; null when it never chose one (then nothing is changed on opening the page). */
function savedPresence(): Presence | null {
  const saved = localStorage.getItem(PRESENCE_KEY);
  return PRESENCES.includes(saved as Presence) ? (saved as Presence) : null;
}

const conversationPath = (id: string) => `/api/v1/agent/conversations/${encodeURIComponent(id)}`;

export function AgentApp() {
  const { user, logout } = useSession();
  const t = useT(messages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const reasonLabel = useReasonLabel();
  const supervises = roleAllows(user.role, 'supervisor');

  const [section, setSection] = useState<Section>('conversations');
  const [presence, setPresence] = useState<Presence>(() => savedPresence() ?? 'offline');
  const [view, setView] = useState<ListView>('queue');
  /** An own reply being proposed as knowledge (null: the dialog is closed). */
  const [proposal, setProposal] = useState<KnowledgeProposal | null>(null);
  const [lists, setLists] = useState(EMPTY_LISTS);
  const [fetchedAt, setFetchedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [offers, setOffers] = useState<Offer[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [assist, setAssist] = useState<Assist | null>(null);
  const [draft, setDraft] = useState<{ text: string; fromSuggestion: Suggestion | null }>({ text: '', fromSuggestion: null });
  const [sending, setSending] = useState(false);
  const [canned, setCanned] = useState<CannedReply[]>([]);
  const [customerTyping, setCustomerTyping] = useState(false);
  /** When the agent last told the customer they are typing (they are told again at most every AGENT_TYPING_REPEAT_MS). */
  const typingSentAt = useRef(0);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selectedId;

  const fail = useCallback((err: unknown) => message.error(err instanceof ApiError ? err.message : t('failed')), [message, t]);

  const loadLists = useCallback(async () => {
    const views: ListView[] = supervises ? ['queue', 'mine', 'all'] : ['queue', 'mine'];
    const results = await Promise.all(views.map((v) => api<{ conversations: ConversationRow[] }>('GET', `/api/v1/agent/conversations?view=${v}`)));
    const next = { ...EMPTY_LISTS };
    views.forEach((v, i) => (next[v] = results[i].conversations));
    setLists(next);
    setFetchedAt(Date.now());
  }, [supervises]);

  const loadOffers = useCallback(async () => {
    setOffers((await api<{ offers: Offer[] }>('GET', '/api/v1/agent/offers')).offers);
  }, []);

  const refresh = useCallback(() => {
    loadLists().catch(() => {});
    loadOffers().catch(() => {});
  }, [loadLists, loadOffers]);

  const loadConversation = useCallback(async (id: string) => {
    const [nextTranscript, nextAssist] = await Promise.all([api<Transcript>('GET', conversationPath(id)), api<Assist>('GET', `${conversationPath(id)}/assist`).catch(() => null)]);
    if (selectedRef.current !== id) return;
    setTranscript(nextTranscript);
    setAssist(nextAssist);
  }, []);

  const row = useMemo(() => [...lists.mine, ...lists.queue, ...lists.all].find((r) => r.id === selectedId), [lists, selectedId]);
  const mayReply = !!row && row.status === 'assigned' && (row.agentId === user.id || supervises);

  // Read marks: what the agent has on screen is read, so the list's unread count drops.
  const lastSeq = transcript?.messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (!selectedId || !mayReply || lastSeq === 0) return;
    api('POST', `${conversationPath(selectedId)}/read`, { seq: lastSeq })
      .then(() => loadLists())
      .catch(() => {});
  }, [selectedId, mayReply, lastSeq, loadLists]);

  const live = useAgentSocket(lang, {
    onHandoffChange: refresh,
    onOffer(offer) {
      setOffers((current) => (current.some((o) => o.offerId === offer.offerId) ? current : [...current, offer]));
      beep();
    },
    onMessage(conversationId, incoming: ChatMessage) {
      if (conversationId === selectedRef.current) {
        // Their message is what they were typing.
        if (incoming.sender === 'customer') setCustomerTyping(false);
        setTranscript((current) => (current && !current.messages.some((m) => m.seq === incoming.seq) ? { ...current, messages: [...current.messages, incoming].sort((a, b) => a.seq - b.seq) } : current));
      }
      loadLists().catch(() => {});
    },
    onAssist(conversationId, _seq, next) {
      if (conversationId === selectedRef.current) setAssist(next);
    },
    onCustomerTyping(conversationId, typing) {
      if (conversationId === selectedRef.current) setCustomerTyping(typing);
    },
  });

  // First load, the presence this browser chose re-applied (a new tab of an agent online elsewhere changes nothing), the canned replies.
  useEffect(() => {
    refresh();
    const saved = savedPresence();
    if (saved) api('PUT', '/api/v1/agent/presence', { status: saved }).catch(() => {});
    api<{ items: CannedReply[] }>('GET', '/api/v1/canned-replies')
      .then((r) => setCanned(r.items))
      .catch(() => {});
  }, [refresh]);

  // Re-fetch on connect (events missed while away); poll while the socket is down.
  useEffect(() => {
    if (live.connected) {
      refresh();
      return;
    }
    const timer = setInterval(() => {
      refresh();
      if (selectedRef.current) loadConversation(selectedRef.current).catch(() => {});
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live.connected, refresh, loadConversation]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const liveOffers = offers.filter((o) => Date.parse(o.expiresAt) > now);
  useEffect(() => {
    document.title = liveOffers.length > 0 ? `(${liveOffers.length}) ${t('newOffer')} · ${t('appTitle')}` : `${t('workspace')} · ${t('appTitle')}`;
  }, [liveOffers.length, t]);

  const changePresence = async (status: Presence) => {
    try {
      await api('PUT', '/api/v1/agent/presence', { status });
      localStorage.setItem(PRESENCE_KEY, status);
      setPresence(status);
      refresh();
    } catch (err) {
      fail(err);
    }
  };

  const select = (id: string) => {
    if (id !== selectedId) setDraft({ text: '', fromSuggestion: null });
    setSelectedId(id);
    selectedRef.current = id;
    setTranscript(null);
    setAssist(null);
    setCustomerTyping(false);
    loadConversation(id).catch(fail);
  };

  const accept = async (conversationId: string) => {
    try {
      await api('POST', `${conversationPath(conversationId)}/accept`);
      setOffers((current) => current.filter((o) => o.conversationId !== conversationId));
      setView('mine');
      setSection('conversations');
      await loadLists();
      select(conversationId);
    } catch (err) {
      fail(err);
      refresh();
    }
  };

  const decline = async (conversationId: string) => {
    setOffers((current) => current.filter((o) => o.conversationId !== conversationId));
    await api('POST', `${conversationPath(conversationId)}/decline`).catch(fail);
  };

  const send = async () => {
    if (!selectedId || draft.text.trim() === '') return;
    setSending(true);
    try {
      const body = draft.fromSuggestion ? { text: draft.text, fromSuggestion: { entryId: draft.fromSuggestion.entryId } } : { text: draft.text };
      const { message: sent } = await api<{ message: ChatMessage }>('POST', `${conversationPath(selectedId)}/messages`, body);
      setDraft({ text: '', fromSuggestion: null });
      typingSentAt.current = 0;
      setTranscript((current) => (current && !current.messages.some((m) => m.seq === sent.seq) ? { ...current, messages: [...current.messages, sent] } : current));
    } catch (err) {
      fail(err);
    } finally {
      setSending(false);
    }
  };

  /** Tells the customer the agent is typing (throttled), and that they stopped when the composer is emptied. */
  const typed = (text: string) => {
    if (!selectedId || !mayReply) return;
    const at = Date.now();
    if (text === '') {
      typingSentAt.current = 0;
      live.sendTyping(selectedId, false);
    } else if (at - typingSentAt.current > AGENT_TYPING_REPEAT_MS) {
      typingSentAt.current = at;
      live.sendTyping(selectedId, true);
    }
  };

  const left = () => {
    setSelectedId(null);
    selectedRef.current = null;
    setTranscript(null);
    setAssist(null);
    loadLists().catch(() => {});
  };

  const conversations = (
    <div className="agent-main">
      <ConversationList
        view={view}
        onView={setView}
        lists={lists}
        showAll={supervises}
        secondsSinceFetch={Math.max(0, (now - fetchedAt) / MS_PER_SECOND)}
        selectedId={selectedId}
        onSelect={(r) => select(r.id)}
        onAccept={(id) => void accept(id)}
      />
      {selectedId && transcript ? (
        <>
          <ChatPane
            row={row}
            transcript={transcript}
            summary={assist?.summary || null}
            customerTyping={customerTyping}
            mayReply={mayReply}
            userId={user.id}
            onPropose={(m, question) => setProposal({ kind: 'new_entry', conversationId: selectedId, question, answer: m.text })}
            onAccept={() => void accept(selectedId)}
            composer={{
              text: draft.text,
              onText: (text) => {
                setDraft((d) => ({ text, fromSuggestion: text === '' ? null : d.fromSuggestion }));
                typed(text);
              },
              onInsertCanned: (text) => {
                setDraft({ text, fromSuggestion: null });
                typed(text);
              },
              fromSuggestion: !!draft.fromSuggestion,
              canned,
              sending,
              onSend: () => void send(),
            }}
          />
          <AssistPanel
            conversationId={selectedId}
            assist={assist}
            customer={transcript.customer}
            mayAct={mayReply}
            onUseSuggestion={(s) => setDraft({ text: s.answer, fromSuggestion: s })}
            onSuggestEdit={(s) => setProposal({ kind: 'entry_edit', entryId: s.entryId, question: s.question, answer: s.answer })}
            onLeft={left}
          />
          <ProposeKnowledge proposal={proposal} onClose={() => setProposal(null)} />
        </>
      ) : (
        <div className="agent-empty">
          <Empty description={t('pick')} />
        </div>
      )}
    </div>
  );

  return (
    <Layout className="agent-layout">
      <Layout.Header className="agent-header">
        <Space size="middle">
          <Typography.Text strong className="agent-brand">
            {t('appTitle')} · {t('workspace')}
          </Typography.Text>
          <Select
            data-testid="presence"
            aria-label={t('presence')}
            value={presence}
            onChange={(v) => void changePresence(v)}
            style={{ width: 110 }}
            options={PRESENCES.map((p) => ({ value: p, label: <span data-testid={`presence-${p}`}>{t(p)}</span> }))}
          />
          <Segmented
            aria-label={t('section')}
            value={section}
            onChange={(v) => setSection(v as Section)}
            options={[
              { value: 'conversations', label: <span data-testid="section-conversations">{t('conversations')}</span> },
              { value: 'tickets', label: <span data-testid="section-tickets">{t('tickets')}</span> },
              { value: 'proposals', label: <span data-testid="section-proposals">{t('proposals')}</span> },
            ]}
          />
          {!live.connected && <Typography.Text type="warning">{t('offlineLink')}</Typography.Text>}
        </Space>
        <Space>
          <LangSwitch />
          <Typography.Text data-testid="current-user">{user.name}</Typography.Text>
          <Button size="small" onClick={() => void logout()}>
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      {liveOffers.length > 0 && (
        <div className="agent-offers" role="alert">
          {liveOffers.map((offer) => (
            <Card key={offer.offerId} size="small" data-testid="offer" data-conversation-id={offer.conversationId}>
              <Space wrap>
                <Badge status="processing" />
                <Typography.Text strong>{t('offerTitle')}</Typography.Text>
                {offer.reason && <Typography.Text type="secondary">{reasonLabel(offer.reason)}</Typography.Text>}
                <Typography.Text type="secondary">{t('offerExpires', { seconds: Math.max(0, Math.round((Date.parse(offer.expiresAt) - now) / MS_PER_SECOND)) })}</Typography.Text>
                <Button type="primary" size="small" data-testid="offer-accept" onClick={() => void accept(offer.conversationId)}>
                  {t('accept')}
                </Button>
                <Button size="small" data-testid="offer-decline" onClick={() => void decline(offer.conversationId)}>
                  {t('decline')}
                </Button>
              </Space>
            </Card>
          ))}
        </div>
      )}
      <Layout.Content className="agent-content">{section === 'conversations' ? conversations : section === 'tickets' ? <TicketsView /> : <ProposalsView />}</Layout.Content>
    </Layout>
  );
}
