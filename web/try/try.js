// Wendu "try it" page: a real conversation over the HTTP conversation API (docs/realtime.md),
// so multi-turn flows and follow-ups work. Everything that comes from the server is put on the
// page with textContent / DOM properties — never innerHTML — and links and images are accepted
// only with http(s) URLs.
(function () {
  'use strict';

  var CONVERSATIONS_URL = '/api/v1/conversations';
  var CUSTOMER_HEADER = 'x-wendu-customer';
  // Per-tab, so a reload resumes the conversation but a new tab starts its own.
  var STORAGE_KEY = 'wendu.try.conversation';
  var DEMO_ORDER_NO = '202611110001234567';
  var SAMPLE_QUESTIONS = ['怎么申请退货？', '查订单', '我想退货', '发漂怎么开', '转人工'];
  var ACTIONS = ['answer', 'clarify', 'handoff', 'flow', 'fallback', 'welcome', 'promotion', 'error'];
  // RFC 4122 version-4 layout, for the fallback id generator.
  var UUID_BYTES = 16;
  var UUID_VERSION_BYTE = 6;
  var UUID_VARIANT_BYTE = 8;
  var HTTP_FORBIDDEN = 403;
  var HTTP_NOT_FOUND = 404;
  var PERCENT = 100;
  var SCORE_DIGITS = 3;

  var TEXT = {
    zh: {
      title: '温度 · 智能客服试一试',
      subtitle: '每条回复都附带理由：匹配到哪条知识、置信度多少、用了哪条规则。',
      emptyHint: '试着像顾客一样提问，支持多轮对话，比如：',
      demoOrder: '演示订单号：',
      newChat: '新对话',
      resumeFailed: '上次的对话已找不到，已开始新对话。',
      inputLabel: '输入问题',
      placeholder: '输入您的问题，按回车发送…',
      send: '发送',
      toggle: 'English',
      action: { answer: '直接回答', clarify: '澄清', handoff: '转人工', flow: '流程 flow', fallback: '兜底', welcome: '欢迎语', promotion: '推荐', error: '出错' },
      confidence: '置信度',
      emotion: '情绪',
      emotions: { neutral: '平静', positive: '积极', negative: '不满', angry: '愤怒' },
      entities: '识别到',
      suggestions: '猜你想问',
      trace: '为什么这样回答',
      rule: '规则',
      explanation: '说明',
      resolved: '结合上下文理解为',
      flowTrace: '流程执行步骤',
      flowOutcome: '流程状态',
      parts: '拆分的问题',
      thresholds: '阈值',
      candidates: '候选知识',
      colQuestion: '标准问',
      colMatched: '匹配到的问法',
      colConfidence: '置信度',
      colFeatures: '特征',
      noCandidates: '没有候选',
      file: '[文件]',
      error: '出错了',
      network: '网络错误，请检查服务是否在运行。',
      thinking: '正在思考…',
    },
    en: {
      title: 'Wendu · try the customer-service bot',
      subtitle: 'Every reply says why: which knowledge entry, how confident, which rule.',
      emptyHint: 'Ask like a customer would (in Chinese); follow-ups work too, for example:',
      demoOrder: 'Demo order number: ',
      newChat: 'New chat',
      resumeFailed: 'The previous conversation is gone; started a new one.',
      inputLabel: 'Your question',
      placeholder: 'Type a question and press Enter…',
      send: 'Send',
      toggle: '中文',
      action: { answer: 'answer', clarify: 'clarify', handoff: 'handoff', flow: 'flow', fallback: 'fallback', welcome: 'welcome', promotion: 'promotion', error: 'error' },
      confidence: 'confidence',
      emotion: 'emotion',
      emotions: { neutral: 'neutral', positive: 'positive', negative: 'negative', angry: 'angry' },
      entities: 'entities',
      suggestions: 'You may want to ask',
      trace: 'Why this reply',
      rule: 'rule',
      explanation: 'explanation',
      resolved: 'understood in context as',
      flowTrace: 'Flow steps',
      flowOutcome: 'flow outcome',
      parts: 'sub-questions',
      thresholds: 'thresholds',
      candidates: 'candidates',
      colQuestion: 'question',
      colMatched: 'matched phrasing',
      colConfidence: 'confidence',
      colFeatures: 'features',
      noCandidates: 'no candidates',
      file: '[file]',
      error: 'Error',
      network: 'Network error: is the server running?',
      thinking: 'Thinking…',
    },
  };

  var lang = 'zh';
  try { if (localStorage.getItem('wendu.lang') === 'en') lang = 'en'; } catch (e) { /* private mode */ }
  var session = null; // { conversationId, customerId } once opened
  var busy = false;

  var chat = document.getElementById('chat');
  var empty = document.getElementById('empty');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var toggle = document.getElementById('lang-toggle');
  var newChatButton = document.getElementById('new-chat');
  var emptyTemplate = empty.cloneNode(true);

  function t(key) { return TEXT[lang][key]; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Absolute http(s) URLs only: no javascript:, data:, or relative paths resolved against this page.
  function safeUrl(url) {
    if (typeof url !== 'string' || !url) return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function percent(x) { return typeof x === 'number' ? Math.round(x * PERCENT) + '%' : '—'; }
  function fixed(x) { return typeof x === 'number' ? x.toFixed(SCORE_DIGITS) : String(x); }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (node) { node.placeholder = t(node.getAttribute('data-i18n-placeholder')); });
    toggle.textContent = t('toggle');
    document.title = t('title');
  }

  function scrollDown() { chat.scrollTop = chat.scrollHeight; }

  function addRow(who, bubble) {
    // The sample questions stay until the customer says something.
    if (who === 'user' && empty) { empty.remove(); empty = null; }
    var row = el('div', 'row ' + who);
    row.appendChild(bubble);
    chat.appendChild(row);
    scrollDown();
    return row;
  }

  function linkNode(url, text, className) {
    var href = safeUrl(url);
    if (!href) return el('span', className, text);
    var a = el('a', className, text || href);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function imageNode(url, alt, className) {
    var src = safeUrl(url);
    if (!src) return null;
    var img = el('img', className);
    img.src = src;
    img.alt = alt ? String(alt) : '';
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    return img;
  }

  function mediaNode(tag, block) {
    var src = safeUrl(block.url);
    if (!src) return null;
    var media = el(tag, 'block-media');
    media.controls = true;
    media.preload = 'none';
    media.src = src;
    if (tag === 'video' && block.posterUrl && safeUrl(block.posterUrl)) media.poster = safeUrl(block.posterUrl);
    return media;
  }

  // A "reply" button asks its text as if the customer typed it; a "link" button opens a page.
  function buttonNode(button) {
    if (button && button.action === 'link') return linkNode(button.url, button.label, 'chip chip-link');
    var b = el('button', 'chip', button && button.label);
    b.type = 'button';
    b.addEventListener('click', function () { ask(button.text || button.label); });
    return b;
  }

  function buttonsNode(buttons) {
    var row = el('div', 'buttons');
    (Array.isArray(buttons) ? buttons : []).forEach(function (b) { row.appendChild(buttonNode(b)); });
    return row;
  }

  function cardNode(card) {
    var box = el('div', 'card');
    if (!card || typeof card !== 'object') return box;
    var img = imageNode(card.imageUrl, card.title, 'card-image');
    if (img) box.appendChild(img);
    box.appendChild(card.url ? linkNode(card.url, card.title, 'card-title') : el('div', 'card-title', card.title));
    if (card.text) box.appendChild(el('p', 'block-text', card.text));
    if (Array.isArray(card.buttons) && card.buttons.length) box.appendChild(buttonsNode(card.buttons));
    return box;
  }

  function blockNode(block) {
    switch (block.type) {
      case 'text': return el('p', 'block-text', block.text);
      case 'image': return imageNode(block.url, block.alt, 'block-image');
      case 'link': return linkNode(block.url, (block.title || '') + ' ↗', 'block-link');
      case 'card': return cardNode(block.card);
      case 'buttons': {
        var wrap = el('div', 'block-buttons');
        if (block.text) wrap.appendChild(el('p', 'block-text', block.text));
        wrap.appendChild(buttonsNode(block.buttons));
        return wrap;
      }
      case 'carousel': {
        var strip = el('div', 'carousel');
        (Array.isArray(block.cards) ? block.cards : []).forEach(function (c) { strip.appendChild(cardNode(c)); });
        return strip;
      }
      case 'file': return linkNode(block.url, t('file') + ' ' + (block.name || '') + ' ↓', 'block-link');
      case 'audio': {
        var audio = el('div', 'block-audio');
        var player = mediaNode('audio', block);
        if (player) audio.appendChild(player);
        if (block.transcript) audio.appendChild(el('p', 'block-text', block.transcript));
        return audio;
      }
      case 'video': {
        var video = el('div', 'block-video');
        if (block.title) video.appendChild(el('div', 'card-title', block.title));
        var vplayer = mediaNode('video', block);
        if (vplayer) video.appendChild(vplayer);
        return video;
      }
      default: return null; // unknown block: the plain-text reply still carries its meaning
    }
  }

  function renderBlocks(blocks, fallbackText) {
    var frag = document.createDocumentFragment();
    var list = Array.isArray(blocks) && blocks.length ? blocks : [{ type: 'text', text: fallbackText || '' }];
    var shown = 0;
    list.forEach(function (block) {
      if (!block || typeof block !== 'object') return;
      var node = blockNode(block);
      if (node) { frag.appendChild(node); shown++; }
    });
    if (!shown && fallbackText) frag.appendChild(el('p', 'block-text', fallbackText));
    return frag;
  }

  function renderMeta(decision) {
    var meta = el('div', 'meta');
    meta.appendChild(actionBadge(decision.action));
    meta.appendChild(el('span', 'tag confidence', t('confidence') + ' ' + percent(decision.confidence)));
    var emotion = decision.emotion;
    if (emotion && emotion.label) {
      var label = t('emotions')[emotion.label] || emotion.label;
      // A neutral message has no strength worth showing; other emotions show how strong they are.
      var strength = emotion.label === 'neutral' ? '' : ' ' + percent(emotion.score);
      meta.appendChild(el('span', 'tag emotion', t('emotion') + ' ' + label + strength));
    }
    (Array.isArray(decision.entities) ? decision.entities : []).forEach(function (entity) {
      if (entity && typeof entity === 'object') meta.appendChild(el('span', 'tag entity', entity.type + ': ' + entity.text));
    });
    return meta;
  }

  function actionBadge(action) {
    var known = ACTIONS.indexOf(action) >= 0 ? action : 'fallback';
    var badge = el('span', 'badge ' + known, t('action')[known] || known);
    badge.setAttribute('data-action', known);
    return badge;
  }

  function featureText(features) {
    if (!features || typeof features !== 'object') return '';
    return Object.keys(features).map(function (k) {
      var v = features[k];
      return k + '=' + (typeof v === 'number' ? v.toFixed(2) : String(v));
    }).join('  ');
  }

  // The recorded decision of a bot reply (meta.decision): rule, explanation, thresholds, candidates.
  function renderTrace(decision) {
    var details = el('details', 'trace');
    details.appendChild(el('summary', null, t('trace')));
    var dl = el('dl');
    function item(label, value) {
      dl.appendChild(el('dt', null, label));
      dl.appendChild(el('dd', null, value));
    }
    item(t('rule'), decision.rule);
    item(t('explanation'), decision.explanation);
    if (decision.resolvedQuestion) item(t('resolved'), decision.resolvedQuestion);
    var parts = Array.isArray(decision.parts) ? decision.parts : [];
    if (parts.length > 1) item(t('parts'), parts.map(function (p) { return p && p.text; }).join(' ｜ '));
    var th = decision.thresholds;
    if (th && typeof th === 'object') {
      item(t('thresholds'), 'answer ≥ ' + th.answer + ', margin ≥ ' + th.margin + ', clarify ≥ ' + th.clarify);
    }
    details.appendChild(dl);

    var candidates = Array.isArray(decision.candidates) ? decision.candidates : [];
    if (!candidates.length) {
      details.appendChild(el('p', null, t('noCandidates')));
      return details;
    }
    var table = el('table', 'candidates');
    var head = el('tr');
    ['colQuestion', 'colMatched', 'colConfidence', 'colFeatures'].forEach(function (k) { head.appendChild(el('th', null, t(k))); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el('tbody');
    candidates.forEach(function (c) {
      if (!c || typeof c !== 'object') return;
      var tr = el('tr');
      var q = el('td', null, c.question);
      q.title = String(c.entryId);
      tr.appendChild(q);
      tr.appendChild(el('td', null, c.matchedQuestion));
      tr.appendChild(el('td', 'num', percent(c.confidence)));
      tr.appendChild(el('td', 'features', featureText(c.features)));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    details.appendChild(table);
    return details;
  }

  // A flow step's trace (meta.flow.trace): which node did what, e.g. the order lookup call.
  function renderFlowTrace(flow) {
    var details = el('details', 'trace flow-trace');
    details.appendChild(el('summary', null, t('flowTrace')));
    var dl = el('dl');
    dl.appendChild(el('dt', null, t('flowOutcome')));
    dl.appendChild(el('dd', null, flow.id + ' · ' + flow.outcome));
    details.appendChild(dl);
    var list = el('ol', 'flow-steps');
    flow.trace.forEach(function (step) {
      if (!step || typeof step !== 'object') return;
      list.appendChild(el('li', null, step.node + ' · ' + step.event + (step.detail ? ' · ' + step.detail : '')));
    });
    details.appendChild(list);
    return details;
  }

  function renderBotMessage(message) {
    var meta = message.meta && typeof message.meta === 'object' ? message.meta : {};
    var decision = meta.decision && typeof meta.decision === 'object' ? meta.decision : null;
    var flow = meta.flow && typeof meta.flow === 'object' ? meta.flow : null;
    var bubble = el('div', 'bubble');
    bubble.setAttribute('data-seq', String(message.seq));
    if (decision) {
      bubble.appendChild(renderMeta(decision));
    } else {
      var header = el('div', 'meta');
      header.appendChild(actionBadge(meta.action));
      // A flow that ends in a handoff is still a flow: say both.
      if (flow && meta.action !== 'flow') header.appendChild(actionBadge('flow'));
      bubble.appendChild(header);
    }
    if (flow) bubble.classList.add('flow');
    if (meta.action === 'error') bubble.classList.add('error');
    bubble.appendChild(renderBlocks(message.content, message.text));
    if (decision) bubble.appendChild(renderTrace(decision));
    if (flow && Array.isArray(flow.trace) && flow.trace.length) bubble.appendChild(renderFlowTrace(flow));
    return bubble;
  }

  function renderMessage(message) {
    if (!message || typeof message !== 'object') return;
    if (message.sender === 'customer') addRow('user', el('div', 'bubble', message.text));
    else addRow('bot', renderBotMessage(message));
  }

  function errorBubble(message, code) {
    var bubble = el('div', 'bubble error');
    bubble.appendChild(el('p', 'block-text', t('error') + (code ? ' (' + code + ')' : '') + '：' + message));
    return bubble;
  }

  function saveSession() {
    try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session)); } catch (e) { /* private mode */ }
  }

  function loadSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.conversationId === 'string' && typeof saved.customerId === 'string') return saved;
    } catch (e) { /* private mode or garbage: start over */ }
    return null;
  }

  function clearSession() {
    session = null;
    try { sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* private mode */ }
  }

  // JSON request; resolves { ok, status, body } for any HTTP answer, rejects only on network failure.
  function request(method, url, body) {
    var headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers[CUSTOMER_HEADER] = session.customerId;
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (json) { return { ok: res.ok, status: res.status, body: json }; });
      });
  }

  function errorOf(r) {
    var error = r.body && r.body.error;
    return { message: (error && error.message) || String(r.status), code: error && error.code };
  }

  function messagesUrl() { return CONVERSATIONS_URL + '/' + encodeURIComponent(session.conversationId) + '/messages'; }

  function resetChat() {
    chat.textContent = '';
    empty = emptyTemplate.cloneNode(true);
    fillSamples(empty.querySelector('.samples'));
    chat.appendChild(empty);
    applyLanguage();
  }

  function openConversation() {
    clearSession();
    return request('POST', CONVERSATIONS_URL, { channel: 'web' }).then(function (r) {
      if (!r.ok) { var e = errorOf(r); addRow('bot', errorBubble(e.message, e.code)); return; }
      session = { conversationId: r.body.conversationId, customerId: r.body.customerId };
      saveSession();
      (Array.isArray(r.body.messages) ? r.body.messages : []).forEach(renderMessage);
    });
  }

  // Reload: fetch the whole log page by page; a conversation that is gone (404/403) starts over.
  function resumeConversation(after) {
    return request('GET', messagesUrl() + '?after=' + after).then(function (r) {
      if (r.status === HTTP_NOT_FOUND || r.status === HTTP_FORBIDDEN) {
        return openConversation().then(function () { addRow('bot', errorBubble(t('resumeFailed'))); });
      }
      if (!r.ok) { var e = errorOf(r); addRow('bot', errorBubble(e.message, e.code)); return; }
      var messages = Array.isArray(r.body.messages) ? r.body.messages : [];
      messages.forEach(renderMessage);
      if (r.body.hasMore && messages.length) return resumeConversation(messages[messages.length - 1].seq);
    });
  }

  function start() {
    setBusy(true);
    resetChat();
    session = loadSession();
    var started = session ? resumeConversation(0) : openConversation();
    return started
      .catch(function () { addRow('bot', errorBubble(t('network'))); })
      .then(function () { setBusy(false); });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
  }

  // crypto.randomUUID exists only in secure contexts; `npm start` opened over plain http on a LAN
  // address is not one, so fall back to the same 122 random bits from getRandomValues.
  function newClientMessageId() {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(UUID_BYTES));
    bytes[UUID_VERSION_BYTE] = (bytes[UUID_VERSION_BYTE] & 0x0f) | 0x40;
    bytes[UUID_VARIANT_BYTE] = (bytes[UUID_VARIANT_BYTE] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  // One retry with the same clientMessageId after a network error: the server stores it once.
  function send(text, clientMessageId) {
    var body = { text: text, clientMessageId: clientMessageId };
    return request('POST', messagesUrl(), body).catch(function () { return request('POST', messagesUrl(), body); });
  }

  function ask(text) {
    text = String(text || '').trim();
    if (!text || busy) return;
    if (!session) { start(); return; }
    addRow('user', el('div', 'bubble', text));
    var thinking = addRow('bot', el('div', 'bubble thinking', t('thinking')));
    setBusy(true);
    var clientMessageId = newClientMessageId();
    send(text, clientMessageId)
      .then(function (r) {
        thinking.remove();
        if (!r.ok) { var e = errorOf(r); addRow('bot', errorBubble(e.message, e.code)); return; }
        (Array.isArray(r.body.replies) ? r.body.replies : []).forEach(renderMessage);
      })
      .catch(function () {
        thinking.remove();
        addRow('bot', errorBubble(t('network')));
      })
      .then(function () { setBusy(false); input.focus(); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = '';
    ask(text);
  });

  newChatButton.addEventListener('click', function () {
    if (busy) return;
    clearSession();
    start();
  });

  toggle.addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    try { localStorage.setItem('wendu.lang', lang); } catch (e) { /* private mode */ }
    applyLanguage();
  });

  function fillSamples(container) {
    SAMPLE_QUESTIONS.forEach(function (q) {
      var chip = el('button', 'chip', q);
      chip.type = 'button';
      chip.addEventListener('click', function () { ask(q); });
      container.appendChild(chip);
    });
    var order = el('p', 'demo-order');
    var orderLabel = el('span', null, t('demoOrder'));
    orderLabel.setAttribute('data-i18n', 'demoOrder');
    order.appendChild(orderLabel);
    // The demo order number is a button too: it answers the order flow's question.
    var orderChip = el('button', 'chip', DEMO_ORDER_NO);
    orderChip.type = 'button';
    orderChip.addEventListener('click', function () { ask(DEMO_ORDER_NO); });
    order.appendChild(orderChip);
    container.appendChild(order);
  }

  applyLanguage();
  start().then(function () { input.focus(); });
})();
