/**
 * How customers ask for a person (see handoff-request.ts). Every pattern has a name that is
 * reported as the `cue` in the decision trace. Patterns run on text that is simplified,
 * half-width and lower-case, after the NOT_A_REQUEST compounds below have been masked out.
 */

export interface HandoffPattern {
  /** Stable name, reported as `cue` (e.g. `transfer_to_human`). */
  name: string;
  pattern: RegExp;
  /** Example phrasings, kept here so the list documents itself. */
  examples: readonly string[];
}

/**
 * Compounds that contain 人工 / 真人 / 机器人 / 客服 but are products, prices or processes —
 * asking about them is not asking for a person. Masked before the patterns run.
 */
export const NOT_A_REQUEST: readonly string[] = [
  '人工智能', '人工智慧', '人工费', '人工草', '人工湖', '人工成本', '人工降雨', '人工合成',
  '人工种植', '人工养殖', '人工繁殖', '人工授精', '人工呼吸', '人工关节', '人工晶体',
  '人工甜味', '人工色素', '人工审核', '人工吹制', '人工打磨', '人工缝制', '人工安装',
  '人工钻石', '人工培育', '人工皮革', '人工岛', '人工河',
  '真人秀', '真人版', '真人实拍', '真人照', '真人图', '真人尺寸', '真人大小', '真人手办',
  '真人娃娃', '真人cs', '真人模特', '真人试穿', '真人发',
  '扫地机器人', '机器人扫地', '拖地机器人', '擦窗机器人', '机器人吸尘', '机器人玩具',
  '机器人模型', '教育机器人', '编程机器人', '炒菜机器人', '割草机器人', '陪伴机器人',
  'human hair', 'user agent', 'travel agent',
  // Questions about the human service, not requests for it (answered from the knowledge base).
  '人工客服几点', '人工客服的工作时间', '人工客服工作时间', '人工客服什么时候', '人工客服上班', '人工客服下班',
  '人工服务时间', '人工几点上班', '人工几点下班',
];

/**
 * 人工 as a pinyin input method mistypes it (ren gong, the wrong character picked): read as 人工
 * before the patterns run. Not every ren-gong pair: 人公 (个人公积金, 主人公) and 人共 (两人共用)
 * are everyday text.
 */
export const HUMAN_TYPOS: readonly string[] = ['人攻', '仁工', '人功', '人宫', '认工', '忍工'];

/** Bot, in the ways customers name it. */
const BOT = '(?:机器人|机器|ai|智能客服|自动回复|人工智障|智障客服)';
/** Someone in charge. */
const BOSS = '(?:(?:营业厅|大堂|值班|门店|店铺|客户|部门|区域|售后)?经理|领导|主管|负责人|老板|店长|上级|管事的)';
/** A human at the shop. */
const STAFF = '(?:客服|接线员|话务员|坐席|座席|工作人员|服务人员|在线客服|人工客服|真人客服)';
/**
 * Any person a customer may ask for, by role or by how they address them (值班的, 客服小姐姐,
 * 懂行的人). Longest first inside each group, so 人工客服 wins over 人工.
 */
const PERSON = `(?:${STAFF}(?:小姐姐|小哥哥|妹妹|妹子|小哥|姐姐|美女)?|人工|真人|活人|人类|售后(?:人员|专员)?|专员|值班(?:的|人员)(?:人|同事|客服)?|${BOSS}|小姐姐|小哥哥|客服妹子|同事|懂(?:的|行的|业务的)人|懂行的|负责的人|能做主的人?)`;
/**
 * Asking for someone: 叫 / 找 / 换 / 要 / 转 / 接 / 喊 / 呼叫 / 派 / 安排 / 来个, then at most a few
 * fillers (一下, 个, 你们的). Not 主要 / 重要 / 只要 / 不要 / 需要 (不要机器人 is no_bot), not 直接 / 连接,
 * not 来 without a classifier (原来客服说… reports what someone said).
 */
const ASK = '(?:(?<![主重只不需])要|叫|找|换|转|(?<![直连迎承交])接|喊|呼叫|派|安排|来(?=一?[个位]))';
const FILLER = '(?:一下|下|一个|个|一位|位|你们的|你们|你家的|你家|你的|我的|贵店的?|店里的|那边的|真正的|真的|活的|(?:银行|公司|酒店|营业厅|商家|平台|官方)的)';
/**
 * After the person: a number, an address, hours or a judgement make it a question about them
 * (客服电话多少 is a contact question, 客服态度太差 a complaint), not a request for them.
 */
const ABOUT_THE_PERSON = '(?:电话|热线|号码|微信|qq|邮箱|联系方式|工作时间|上班|下班|几点|态度|名字|叫什么)';
/** Also past a trailing 客服 / 服务, so 人工 cannot match alone before 客服电话 (找人工客服电话). */
const NOT_A_REQUEST_AFTER = `(?!(?:客服|服务)?的?${ABOUT_THE_PERSON})`;
/**
 * A bare 人工 followed, anywhere in its clause, by its price, hours or number asks about the
 * service (人工服务费多少钱, 人工客服周末上班吗, 10086人工服务是免费的吗, 人工导览要加钱吗), not for it.
 */
const SERVICE_QUESTION = '(?:服务费|费用|多少钱|要钱|加钱|收钱|收费|免费|价格|上班|下班|几点|工作时间|营业时间|(?:电话|热线|号码)是?(?:多少|几))';
/** Punctuation and spaces (after NFKC, so full-width marks are ASCII). Not \W, which is every Han character too. */
const MARKS = '\\s,.;:!?，。；：！？~…、';
const MARK = `[${MARKS}]`;
/** A space ends a clause here too: 我要人工 你们乱扣费 asks, and then complains. */
const NOT_ASKING_ABOUT_IT = `(?![^${MARKS}]*${SERVICE_QUESTION})`;
/** Where a short call ends: the message, a clause, or a particle (找个人吧, 快来人啊). */
const CALL_END = `(?=$|${MARK}|吧|啊|呀|呢|哇)`;
/** Said between a verb and its object or after a person, changing nothing (跟客服直接沟通, 别tm自动回复). */
const ADVERB = '(?:直接|当面|单独|亲自|好好)';
/** Between 别 / 不要 and the bot: swearing and 再 / 老是 (别tm自动回复了, 不要再自动回复了). */
const INSERTED = '(?:tm|他妈的?|特么|老是|总是|一直|再)';

export const HANDOFF_PATTERNS: readonly HandoffPattern[] = [
  { name: 'transfer_to_human', pattern: /转(?:接|一下|个)?(?:人工|真人|活人|客服)/,
    examples: ['转人工', '轉人工', '帮我转一下人工', '转客服'] },
  // 人工 asks for a person — unless a number or an address of the people follows (人工热线号码多少)
  // …nor its price or hours, anywhere in the clause (人工客服周末上班吗)
  { name: 'human_agent', pattern: new RegExp(`人工${NOT_A_REQUEST_AFTER}${NOT_ASKING_ABOUT_IT}`),
    examples: ['人工', '人工！！！', '人工客服', '我要人工服务', '有人工吗', '转人攻'] },
  { name: 'real_person', pattern: /真人|活人|真的人|人类客服/,
    examples: ['真人', '找真人', '有活人吗', '我要真人'] },
  // 跟人说 / 和你们的人谈; 找个人 as the whole call (给我找个人, 我要找人), not 找人帮忙代收 (an errand)
  { name: 'talk_to_person', pattern: new RegExp(`(?:跟|和|同|找)(?:一个|个|你们的?|你们那边的?)?(?:人|人类)${ADVERB}?(?:说|聊|沟通|对话|谈|讲)|找(?:一个|个)人(?:帮|问)|找(?:一个|个)?人(?:来|过来|出来|跟我|和我|处理)|找(?:一个|个)?人${CALL_END}`),
    examples: ['我要跟人说话', '能不能和人聊', '找个人来处理', '我想和你们的人谈谈', '给我找个人', '我要找人'] },
  { name: 'no_bot', pattern: new RegExp(`(?:不要|别|不想|不用|别再|不跟|不和)${INSERTED}?(?:跟|和|让|用|是|再让)?${BOT}`),
    examples: ['不要机器人', '别让机器人回答', '不想跟机器人聊', '别用自动回复糊弄我', '不要再自动回复了', '别tm自动回复了'] },
  { name: 'bot_not_understanding', pattern: new RegExp(`${BOT}(?:听不懂|看不懂|不懂|答非所问|没用|太笨|好笨|真笨|回答不了|解决不了|说的不对|别回|说不通|讲不通|沟通不了|没法沟通|滚|闭嘴|一边去)|听不懂人话|答非所问|(?:能|会)说人话的`),
    examples: ['机器人听不懂', 'ai解决不了', '你听不懂人话吗', '又答非所问', '跟机器人说不通', '机器人滚', '有没有能说人话的'] },
  // 跟 / 向 a person + a verb of talking; not in the past (我跟客服说过了 reports, it does not ask)
  { name: 'talk_to_staff', pattern: new RegExp(`(?:跟|和|同|找|向)(?:你们的?)?${PERSON}${ADVERB}?(?:说|聊|沟通|对话|谈|讲|反映|投诉)(?![过了])`),
    examples: ['我要和工作人员沟通', '我想跟你们客服说', '我要向你们店长反映', '我要和客服直接沟通'] },
  // 换人 / 换个人: not 换人收货 or 换个人签收 (someone else receives the parcel), nor 换人了吗 / 为什么换人 (asks about a change)
  { name: 'change_person', pattern: new RegExp(`(?<!为什么|为啥|怎么|咋)换(?:个|一个|一位)?(?:人|客服|人工)(?:来|回答|处理|跟我说|${CALL_END})`),
    examples: ['能不能换个人来回答', '跟你说不明白 换个人', '你解决不了就换人'] },
  { name: 'ask_for_manager', pattern: new RegExp(`(?:叫|找|让|喊|请|要见|给我找|给我叫)(?:你们|你们的|你的|你家)?${BOSS}`),
    examples: ['叫你们经理来', '找你们领导', '让你们负责人跟我说'] },
  { name: 'ask_for_staff', pattern: new RegExp(`(?:接|转|找|要|联系|叫|呼叫)(?:个|一个|你们|你们的)?${STAFF}${NOT_A_REQUEST_AFTER}`),
    examples: ['给我接客服', '联系在线客服', '找工作人员'] },
  // the class: a request verb, a few fillers, a person — 喊个值班的, 叫下你们主管, 换个懂行的人
  { name: 'ask_for_person', pattern: new RegExp(`${ASK}${FILLER}{0,3}${PERSON}${NOT_A_REQUEST_AFTER}`),
    examples: ['喊个值班的', '叫下你们主管', '换个懂行的人来', '安排一位售后专员', '来个真人'] },
  // someone made to come — 让 / 叫 / 喊 point at a third person: 让客服小哥哥来处理, 叫你们店长出来.
  // Not 请 / 麻烦 + 客服: 麻烦客服跟我说下地址 addresses the bot itself.
  { name: 'someone_to_come', pattern: new RegExp(`(?:让|叫|喊)${FILLER}{0,3}${PERSON}(?:来|出来|过来|跟我|和我|联系我|回我|给我回|接一下|处理)`),
    examples: ['让客服小哥哥来处理', '叫你们店长出来', '让值班的同事联系我'] },
  // 把经理叫出来, 派个人来, 有没有值班的客服: a person fetched, sent, or asked after
  // …also 来个人吧, 快来人, 给我人, 能不能有个人来 (not 有个人来过: a report)
  { name: 'bring_someone', pattern: new RegExp(`把${FILLER}{0,3}${PERSON}(?:喊|叫|找|请)?(?:来|过来|出来)|(?:(?:能不能|可不可以|能否|就不能)有|让|叫|喊|找|派)(?:个|一个)?人(?:来|过来|出来)|有没有${FILLER}{0,2}${PERSON}(?=在|啊|吗|呀|呢|[?？]|$)|来(?:个|一个|一位)?人${CALL_END}|给我(?:个|一个)?(?:人|真人|活人)${CALL_END}`),
    examples: ['把你们经理叫出来', '派个人来', '有没有值班的客服', '有没有负责的人在', '来个人吧', '快来人', '叫个人出来'] },
  // 有没有人 on its own is impatience, not a greeting (有人吗 / 有人在吗 stay small talk's presence)
  { name: 'where_is_staff', pattern: new RegExp(`客服(?:在哪|在不在|人呢|呢|去哪|哪去了|在吗)|(?:^|${MARK}|你们|客服|售后)人呢|有没有人(?:管|理|回|处理|在|能|可以|来|${CALL_END})|接线员|话务员|^${MARK}*(?:客服${MARK}*){2,}$`),
    examples: ['客服在哪', '人呢？？', '有没有人管管', '接线员', '有没有人啊', '你们售后人呢', '客服客服客服'] },
  // call me: 打电话给我, 给我回个电话 — asked of the shop, not told of someone else (快递员打电话给我说…)
  // nor asked when (要等多久才能给我打电话)
  { name: 'call_me', pattern: /(?:^|[\s,.;:!?，。；：！？~]|请|麻烦|能不能|可不可以|可以|(?<!才)能|直接|赶紧|快)(?:打(?:个|一个)?电话给我|给我(?:打|回|来)(?:个|一个)?电话|回(?:个|一个)?电话给我)(?![的了过])/,
    examples: ['打电话给我', '给我回个电话', '能不能打电话给我'] },
  // who to complain to is who to talk to (投诉找谁); 怎么投诉 / 我要投诉 are answered from the knowledge base
  { name: 'complaint_to_whom', pattern: /投诉(?:要|该|应该|得)?找谁|找谁投诉|(?:向|跟)谁投诉/,
    examples: ['投诉找谁', '找谁投诉', '投诉该找谁啊'] },
  { name: 'pinyin', pattern: /(?<![a-z])(?:(?:zhuan|zhao|yao|jiao|han)\s*)?(?:ren\s*gong|zhen\s*ren|huo\s*ren)(?![a-z])|(?<![a-z])(?:zhuan|zhao|yao|jiao|han|jie)\s*ke\s*fu(?![a-z])/,
    examples: ['rengong', 'ren gong', 'zhuanrengong', 'zhenren', 'wo yao zhen ren', 'huoren', 'zhao kefu'] },
  // RG (人工) is only read as a request when it is the whole message: "rg" inside a word
  // or a model number (RG-45) means nothing.
  { name: 'pinyin_initials', pattern: new RegExp(`^${MARK}*(?:z?rg${MARK}*)+$`),
    examples: ['RG', 'rg！！', 'zrg', 'rg rg'] },
  { name: 'english_human',
    pattern: /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+)?(?:real\s+|live\s+)?(?:human|person|agent|someone|representative|people)\b|\breal\s+(?:person|human|agent|people)\b|\blive\s+(?:agent|person)\b|\b(?:need|want|get\s+me|give\s+me)\s+(?:a\s+|an\s+)?(?:human|agent|person|representative|operator)\b|^\W*(?:human|agent|operator|representative)(?:\s+(?:please|pls|plz))?\W*$/,
    examples: ['human', 'agent please', 'I want to talk to a real person', 'get me a human'] },
];
