// Wendu "try it" page: talks to POST /api/v1/chat only. Everything that comes from the server
// is put on the page with textContent / DOM properties — never innerHTML — and links and
// images are accepted only with http(s) URLs.
(function () {
  'use strict';

  var CHAT_URL = '/api/v1/chat';
  var SAMPLE_QUESTIONS = ['怎么申请退货？', '发漂怎么开', '我的快递到哪了', '转人工'];
  var ACTIONS = ['answer', 'clarify', 'handoff', 'flow', 'fallback'];
  var PERCENT = 100;
  var SCORE_DIGITS = 3;

  var TEXT = {
    zh: {
      title: '温度 · 智能客服试一试',
      subtitle: '每条回复都附带理由：匹配到哪条知识、置信度多少、用了哪条规则。',
      emptyHint: '试着像顾客一样提问，比如：',
      inputLabel: '输入问题',
      placeholder: '输入您的问题，按回车发送…',
      send: '发送',
      toggle: 'English',
      action: { answer: '直接回答', clarify: '澄清', handoff: '转人工', flow: '流程', fallback: '兜底' },
      confidence: '置信度',
      emotion: '情绪',
      emotions: { neutral: '平静', positive: '积极', negative: '不满', angry: '愤怒' },
      entities: '识别到',
      suggestions: '猜你想问',
      trace: '为什么这样回答',
      rule: '规则',
      explanation: '说明',
      normalized: '归一化文本',
      parts: '拆分的问题',
      thresholds: '阈值',
      elapsed: '耗时',
      candidates: '候选知识',
      colQuestion: '标准问',
      colMatched: '匹配到的问法',
      colScore: '分数',
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
      emptyHint: 'Ask like a customer would (in Chinese), for example:',
      inputLabel: 'Your question',
      placeholder: 'Type a question and press Enter…',
      send: 'Send',
      toggle: '中文',
      action: { answer: 'answer', clarify: 'clarify', handoff: 'handoff', flow: 'flow', fallback: 'fallback' },
      confidence: 'confidence',
      emotion: 'emotion',
      emotions: { neutral: 'neutral', positive: 'positive', negative: 'negative', angry: 'angry' },
      entities: 'entities',
      suggestions: 'You may want to ask',
      trace: 'Why this reply',
      rule: 'rule',
      explanation: 'explanation',
      normalized: 'normalised text',
      parts: 'sub-questions',
      thresholds: 'thresholds',
      elapsed: 'time',
      candidates: 'candidates',
      colQuestion: 'question',
      colMatched: 'matched phrasing',
      colScore: 'score',
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
  var sessionId = 'try-' + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));

  var chat = document.getElementById('chat');
  var empty = document.getElementById('empty');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var toggle = document.getElementById('lang-toggle');

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
    if (empty) { empty.remove(); empty = null; }
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
    var action = ACTIONS.indexOf(decision.action) >= 0 ? decision.action : 'fallback';
    var badge = el('span', 'badge ' + action, t('action')[action] || action);
    badge.setAttribute('data-action', action);
    meta.appendChild(badge);
    meta.appendChild(el('span', 'tag confidence', t('confidence') + ' ' + percent(decision.confidence)));
    var emotion = decision.emotion;
    if (emotion && emotion.label) {
      var label = t('emotions')[emotion.label] || emotion.label;
      // A neutral message has no strength worth showing; other emotions show how strong they are.
      var strength = emotion.label === 'neutral' ? '' : ' ' + percent(emotion.score);
      meta.appendChild(el('span', 'tag emotion', t('emotion') + ' ' + label + strength));
    }
    (decision.entities || []).forEach(function (entity) {
      meta.appendChild(el('span', 'tag entity', entity.type + ': ' + entity.text));
    });
    return meta;
  }

  function renderSuggestions(suggestions) {
    var box = el('div', 'suggest');
    box.appendChild(el('div', 'suggest-title', t('suggestions')));
    suggestions.forEach(function (s) {
      var chip = el('button', 'chip', s.question);
      chip.type = 'button';
      chip.addEventListener('click', function () { ask(s.question); });
      box.appendChild(chip);
    });
    return box;
  }

  function featureText(features) {
    if (!features || typeof features !== 'object') return '';
    return Object.keys(features).map(function (k) {
      var v = features[k];
      return k + '=' + (typeof v === 'number' ? v.toFixed(2) : String(v));
    }).join('  ');
  }

  function renderTrace(trace) {
    var details = el('details', 'trace');
    details.appendChild(el('summary', null, t('trace')));
    var dl = el('dl');
    function item(label, value) {
      dl.appendChild(el('dt', null, label));
      dl.appendChild(el('dd', null, value));
    }
    item(t('rule'), trace.rule);
    item(t('explanation'), trace.explanation);
    item(t('normalized'), trace.normalized);
    if (Array.isArray(trace.parts) && trace.parts.length > 1) item(t('parts'), trace.parts.join(' ｜ '));
    if (trace.thresholds) {
      item(t('thresholds'), 'answer ≥ ' + trace.thresholds.answer + ', margin ≥ ' + trace.thresholds.margin + ', clarify ≥ ' + trace.thresholds.clarify);
    }
    if (typeof trace.elapsedMs === 'number') item(t('elapsed'), trace.elapsedMs.toFixed(1) + ' ms');
    details.appendChild(dl);

    var candidates = Array.isArray(trace.candidates) ? trace.candidates : [];
    if (!candidates.length) {
      details.appendChild(el('p', null, t('noCandidates')));
      return details;
    }
    var table = el('table', 'candidates');
    var head = el('tr');
    ['colQuestion', 'colMatched', 'colScore', 'colConfidence', 'colFeatures'].forEach(function (k) { head.appendChild(el('th', null, t(k))); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el('tbody');
    candidates.forEach(function (c) {
      var tr = el('tr');
      var q = el('td', null, c.question);
      q.title = c.entryId;
      tr.appendChild(q);
      tr.appendChild(el('td', null, c.matchedQuestion));
      tr.appendChild(el('td', 'num', fixed(c.score)));
      tr.appendChild(el('td', 'num', percent(c.confidence)));
      tr.appendChild(el('td', 'features', featureText(c.features)));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    details.appendChild(table);
    return details;
  }

  function renderDecision(bubble, decision) {
    bubble.textContent = '';
    bubble.appendChild(renderMeta(decision));
    bubble.appendChild(renderBlocks(decision.content, decision.reply));
    if (Array.isArray(decision.suggestions) && decision.suggestions.length) bubble.appendChild(renderSuggestions(decision.suggestions));
    if (decision.trace) bubble.appendChild(renderTrace(decision.trace));
    scrollDown();
  }

  function renderError(bubble, message, code) {
    bubble.textContent = '';
    bubble.classList.add('error');
    bubble.appendChild(el('p', 'block-text', t('error') + (code ? ' (' + code + ')' : '') + '：' + message));
  }

  function ask(text) {
    text = String(text || '').trim();
    if (!text) return;
    addRow('user', el('div', 'bubble', text));
    var bubble = el('div', 'bubble', t('thinking'));
    addRow('bot', bubble);
    sendButton.disabled = true;
    fetch(CHAT_URL + (lang === 'en' ? '?lang=en' : ''), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: text, sessionId: sessionId }),
    })
      .then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      })
      .then(function (r) {
        if (r.ok) renderDecision(bubble, r.body);
        else renderError(bubble, (r.body && r.body.error && r.body.error.message) || '', r.body && r.body.error && r.body.error.code);
      })
      .catch(function () { renderError(bubble, t('network')); })
      .then(function () { sendButton.disabled = false; input.focus(); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = '';
    ask(text);
  });

  toggle.addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    try { localStorage.setItem('wendu.lang', lang); } catch (e) { /* private mode */ }
    applyLanguage();
  });

  var samples = document.getElementById('samples');
  SAMPLE_QUESTIONS.forEach(function (q) {
    var chip = el('button', 'chip', q);
    chip.type = 'button';
    chip.addEventListener('click', function () { ask(q); });
    samples.appendChild(chip);
  });

  applyLanguage();
  input.focus();
})();
