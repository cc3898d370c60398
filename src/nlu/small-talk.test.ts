/**
 * The small-talk detector on what customers really type: colloquial, traditional characters,
 * pinyin, typos and emoji — and the near-misses that carry a business question and must go to
 * the matcher untouched.
 */
import { describe, expect, it } from 'vitest';
import { detectSmallTalk, isSmallTalkClause, type SmallTalkIntent } from './small-talk.js';
import { splitQuestions } from './split-questions.js';

describe('small talk the bot answers from its persona', () => {
  it.each([
    ['你是机器人吗', 'askIsBot'],
    // Closings after an answer (issue 9, seventh context pass): not a question to match.
    ['好的我试试 谢啦', 'thanks'],
    ['我去看看👌', 'acknowledgement'],
    ['嗯嗯 我再试试', 'acknowledgement'],
    // Eighth context pass: a closing in chat shorthand.
    ['ok 懂了 3q', 'thanks'],
    ['了解了', 'acknowledgement'],
    ['哦哦 懂啦', 'acknowledgement'],
    ['你是不是机器人？？', 'askIsBot'],
    ['機器人？', 'askIsBot'],
    ['你是AI吧', 'askIsBot'],
    ['ni shi jiqiren ma', 'askIsBot'],
    ['亲，你是人还是机器人😂', 'askIsBot'],
    ['是自动回复吗', 'askIsBot'],
    ['Are you a bot?', 'askIsBot'],
    ['你是真人吗', 'askIsBot'],
    ['是人工吗？', 'askIsBot'],
    ['你是機器人吧', 'askIsBot'],
    ['你到底是不是活人', 'askIsBot'],
    ['现在是真人在回复吗', 'askIsBot'],
    ['你是机器人还是真人', 'askIsBot'],
    ['您是人工还是AI呀', 'askIsBot'],
    ['ni shi zhenren ma', 'askIsBot'],
    ['你叫什么', 'askName'],
    ['ni jiao shenme mingzi', 'askName'],
    ["What's your name?", 'askName'],
    ['你叫啥名字呀', 'askName'],
    ['怎麼稱呼您', 'askName'],
    ['你好，请问你是谁', 'askName'],
    ['在吗', 'presence'],
    ['在不在～', 'presence'],
    ['有人吗？？', 'presence'],
    ['zaima', 'presence'],
    ['你们地址在哪', 'askAddress'],
    ['公司在哪', 'askAddress'],
    ['你們公司的地址是什麼', 'askAddress'],
    ['怎么联系你们', 'askContact'],
    ['客服电话多少', 'askContact'],
    ['客服電話是多少？', 'askContact'],
    ['你们的联系方式', 'askContact'],
    ['几点上班', 'askHours'],
    ['人工客服几点上班啊', 'askHours'],
    ['客服什么时候在', 'askHours'],
    ['周末有客服吗', 'askHours'],
    ['谢谢', 'thanks'],
    ['謝謝啦～', 'thanks'],
    ['好的', 'acknowledgement'],
    ['嗯嗯', 'acknowledgement'],
    ['haode', 'acknowledgement'],
    ['👌', 'acknowledgement'],
    ['收到👍', 'acknowledgement'],
    ['OK', 'acknowledgement'],
    ['你好', 'greeting'],
    ['hello', 'greeting'],
    ['帮我写作业', 'offTopic'],
    ['能不能帮我写个作文', 'offTopic'],
    ['给我讲个笑话吧', 'offTopic'],
    ['今天天气怎么样', 'offTopic'],
    ['明天会下雨吗', 'offTopic'],
    ['陪我聊聊天', 'offTopic'],
  ] as const)('%s → %s', (text, intent: SmallTalkIntent) => {
    expect(detectSmallTalk(text)?.intent).toBe(intent);
  });

  it('says in the trace what the message came down to', () => {
    expect(detectSmallTalk('你好，请问你叫什么名字？')).toEqual({ intent: 'askName', cue: '你叫什么名字' });
  });
});

describe('never small talk: a business question, even one with a small-talk word in it', () => {
  it.each([
    '机器人吸尘器怎么退',
    '我看看订单到哪了',
    '我试试换个尺码行吗',
    '我想了解一下会员',
    '懂了 那运费谁出',
    '扫地机器人怎么用',
    '你们的会员叫什么等级',
    '会员等级叫什么',
    '在吗我要退货',
    '你是机器人吗 我要退货',
    '收货地址怎么改',
    '退货寄到哪个地址',
    '仓库在哪',
    '实体店在哪里',
    '地址',
    '手机号怎么换',
    '电话',
    '客服几点能处理我的退款',
    '你们公司在招客服吗',
    '下雨天会延迟发货吗',
    '发票怎么开',
    '😊',
    '',
  ])('%s', (text) => {
    expect(detectSmallTalk(text)).toBeNull();
  });
});

describe('small talk beside a business question is set apart, the business question kept whole', () => {
  it.each([
    ['你是机器人吗 我要退货', ['你是机器人吗', '我要退货']],
    ['我要退货 你是机器人吗', ['我要退货', '你是机器人吗']],
    ['你叫什么，怎么退货', ['你叫什么', '怎么退货']],
    ['客服电话多少 我的快递到哪了', ['客服电话多少', '我的快递到哪了']],
  ])('%s → %j', (text, parts) => {
    expect(splitQuestions(text)).toEqual(parts);
  });

  it.each([
    // Bare words are small talk only as a whole message: here they are the product or the topic.
    ['机器人 怎么退', ['机器人 怎么退']],
    ['下雨 会延迟发货吗', ['下雨 会延迟发货吗']],
    ['机器人吸尘器怎么退', ['机器人吸尘器怎么退']],
  ])('%s stays one question', (text, parts) => {
    expect(splitQuestions(text)).toEqual(parts);
  });

  it('counts only clauses addressed to the bot, not courtesies or bare words', () => {
    expect(isSmallTalkClause('你是机器人吗')).toBe(true);
    expect(isSmallTalkClause('機器人')).toBe(false);
    expect(isSmallTalkClause('你好')).toBe(false);
    expect(isSmallTalkClause('我要退货')).toBe(false);
  });
});
