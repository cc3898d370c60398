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
    ['你是真人吗？？', 'real_person'],
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
  ])('%s is not a request for a person', (message) => {
    expect(detectHandoffRequest(message)).toEqual({ requested: false, cue: null });
  });

  it('every pattern fires on its own documented examples', () => {
    for (const p of HANDOFF_PATTERNS) {
      for (const example of p.examples) expect(detectHandoffRequest(example).requested, `${p.name}: ${example}`).toBe(true);
    }
  });
});
