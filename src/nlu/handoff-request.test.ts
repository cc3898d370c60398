import { describe, expect, it } from 'vitest';
import { detectHandoffRequest } from './handoff-request.js';
import { HANDOFF_PATTERNS } from './lexicons/handoff.js';

describe('detectHandoffRequest', () => {
  it.each<[string, string]>([
    ['转人工', 'transfer_to_human'],
    ['轉人工', 'transfer_to_human'],
    ['帮我转一下人工客服，谢谢', 'transfer_to_human'],
    ['转客服！', 'transfer_to_human'],
    ['人工', 'human_agent'],
    ['人工！！！', 'human_agent'],
    ['人工客服', 'human_agent'],
    ['我要人工服务😤', 'human_agent'],
    ['ｒｅｎｇｏｎｇ', 'pinyin'],
    ['有人工吗？', 'human_agent'],
    ['人工人工人工', 'human_agent'],
    ['真人', 'real_person'],
    ['找真人', 'real_person'],
    ['有活人吗', 'real_person'],
    ['我要真人！', 'real_person'],
    ['我要跟人说话', 'talk_to_person'],
    ['能不能找个人来处理下', 'talk_to_person'],
    ['别让机器人回答', 'no_bot'],
    ['不要机器人！', 'no_bot'],
    ['不想跟機器人聊', 'no_bot'],
    ['机器人听不懂', 'bot_not_understanding'],
    ['你听不懂人话吗', 'bot_not_understanding'],
    ['又答非所问了🙄', 'bot_not_understanding'],
    ['叫你们经理来', 'ask_for_manager'],
    ['找你们领导', 'ask_for_manager'],
    ['讓你們負責人跟我說', 'ask_for_manager'],
    ['给我接客服', 'ask_for_staff'],
    ['怎么联系在线客服', 'ask_for_staff'],
    ['客服在哪', 'where_is_staff'],
    ['人呢？？', 'where_is_staff'],
    ['有没有人管管啊', 'where_is_staff'],
    ['接线员', 'where_is_staff'],
    ['rengong', 'pinyin'],
    ['ren gong', 'pinyin'],
    ['zhuanrengong', 'pinyin'],
    ['RG', 'pinyin_initials'],
    ['human', 'english_human'],
    ['Agent please', 'english_human'],
    ['I want to talk to a real person', 'english_human'],
    ['get me a human!', 'english_human'],
  ])('%s → %s', (message, cue) => {
    expect(detectHandoffRequest(message)).toEqual({ requested: true, cue });
  });

  // The class: a request verb, a few fillers, then any person a customer asks for — written for
  // this test, none of them a lexicon entry.
  it.each<string>([
    '喊个值班的过来',
    '叫下你们主管',
    '麻烦帮我找一下你们店长',
    '換個懂行的人來',
    '给我安排一位售后专员',
    '来个真人好吗',
    '我要找能做主的',
    '让客服小哥哥来处理下',
    '叫你们值班的同事回我电话',
    '让人工跟我说',
    '能不能喊个客服妹子来',
    '接一下你们经理😤',
    '找個活人聊聊',
    '转售后',
    'zhenren',
    'wo yao zhen ren',
    'zhao kefu',
    'huoren you mei you',
    '你是真人吗？我要真人',
    '你是机器人吧，听不懂人话',
    '把你们经理叫出来',
    '我要向你们店长反映',
    '有没有值班的客服',
    '派个人来看看',
    '叫個懂行的過來',
    // a space ends the clause a price question would veto: asks, then complains
    '我要人工 你们乱扣费',
    '我要人工，电话打不通',
    '我要人工退费',
    '人工客服给我回个电话',
  ])('%s is a request for a person', (message) => {
    expect(detectHandoffRequest(message).requested).toBe(true);
  });

  // What the bot is, asked: answered by the persona (small-talk askIsBot), not handed over.
  it.each<string>([
    '你是真人吗？？',
    '是人工吗',
    '你是机器人吧',
    '你到底是不是真人啊',
    '對面是真人嗎',
    '你是真人还是机器人😂',
    '亲，你是人工吗',
    'ni shi zhenren ma',
  ])('%s asks what the bot is, not for a person', (message) => {
    expect(detectHandoffRequest(message)).toEqual({ requested: false, cue: null });
  });

  it.each<string>([
    '人工智能是什么',
    '人工費多少钱',
    '机器人扫地机怎么用',
    '人工草坪怎么铺',
    '扫地机器人听不懂语音指令怎么办',
    '这个娃娃是真人尺寸吗',
    '退款人工审核要多久',
    '人工钻石保值吗💎',
    '可以转个人账户吗',
    '机器人玩具还有货吗',
    '收件人呢，填谁的名字',
    '有human hair的假发吗',
    'RG-45网线有吗',
    '你好，在吗',
    '谢谢客服小姐姐',
    '怎么退货？',
    // a contact question, a complaint, a report, the bot addressed as 客服 — not requests
    '客服电话多少',
    '客服小姐姐叫什么名字',
    '你们客服态度太差了',
    '原来客服说可以退的',
    '你们经理说可以给我优惠',
    '快递小哥说放门口了',
    '麻烦客服跟我说下退货地址',
    '主要是客服回复太慢',
    '找不到订单在哪',
    '要不要交人工费',
    '人工热线号码多少',
    '人工服务的微信是哪个',
    '我跟客服说过了，还是没解决',
    '和店长聊了，她说可以换',
    '这个结果让人很失望',
    '有没有售后保障',
    // ren-gong pairs that are everyday text, not mistyped 人工; 人 in errands, reports and words
    '个人公积金怎么查',
    '两人共用一个账号可以吗',
    '昨天有个人来过我家',
    '换人了吗',
    '后来人没来',
    '快来人民公园',
    '给我打电话的是你们吗',
    '打电话给我的人是谁',
    '网线rg口',
    '有人在吗',
    '要等多久才能给我打电话呢',
    '为什么换人',
  ])('%s is not a request for a person', (message) => {
    expect(detectHandoffRequest(message)).toEqual({ requested: false, cue: null });
  });

  it('every pattern fires on its own documented examples', () => {
    for (const p of HANDOFF_PATTERNS) {
      for (const example of p.examples) expect(detectHandoffRequest(example).requested, `${p.name}: ${example}`).toBe(true);
    }
  });
});
