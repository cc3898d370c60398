/**
 * Anger cue detectors (docs/emotion.md, "Cue detectors"): hostility a fixed word cannot catch,
 * because the words vary or are innocent elsewhere. One detector list per KIND of cue —
 * accusation, sarcasm, rhetorical question, insult, threat, feeling, shouting, complaint — each
 * detector a named pattern over the normalised message (simplified, half-width, lower-case,
 * emoji out, neutral compounds masked). A detector fires at most once per message, adds its
 * weight (a named weight in EmotionOptions.weights) to the angry sum — or, for `negative`, to
 * the negative sum — and is reported as the cue `rule:<name>`. emotion.ts combines them with the
 * lexicon into the label and score. Pure: text in, hits out.
 */

/** The named weight a detector adds (EmotionOptions.weights). `negative` counts as negative, every other as angry. */
export type CueWeight = 'accusation' | 'sarcasm' | 'rhetorical' | 'insult' | 'threat' | 'anger' | 'churn' | 'shouting' | 'negative';

export type CueKind = 'accusation' | 'sarcasm' | 'rhetorical' | 'insult' | 'threat' | 'feeling' | 'shouting' | 'complaint';

export interface CueDetector {
  /** Reported as `rule:<name>`; several detectors may share a name (then it counts once). */
  name: string;
  weight: CueWeight;
  /** A pattern over the normalised message, or a test a pattern cannot express. */
  pattern: RegExp | ((scan: string) => boolean);
  /**
   * A fact, not a feeling (丢了, 还没到): counts only when nothing else in the message shows how
   * the customer feels, like the lexicon's failure words — 快递丢了😡 is exactly as angry as 😡.
   */
  factOnly?: boolean;
}

/** A clause of a message: detectors that look inside one clause stop at these. */
const C = '[^,.;:!?，。；：！？]';

/** Accusations of cheating, lying or bad faith (你们就是在骗, 收钱快退钱拖, 上次也这么说). */
const ACCUSATION: readonly CueDetector[] = [
  // being made a fool of: 拿我当傻子, 把顾客当猴耍, 当我不识字
  { name: 'made_a_fool', weight: 'accusation', pattern: /(?:当|是)(?:傻子|冤大头|白痴|提款机)|当(?:猴子?|韭菜|瞎子)|当我(?:是)?(?:不识字|傻|瞎|好骗|三岁)|把.{1,4}当.{0,3}耍|把我(?:的[\u4e00-\u9fff]{1,3})?当(?:什么|空气)|当我(?:是)?空气|好欺负|觉得(?:我|我们|消费者|顾客|客户|买家)(?:都)?(?:很|好)?(?:好说话|好欺负|好骗|好糊弄|傻|不懂)|装(?:聋|哑|傻|瞎)|锅.{0,4}(?:我背|让我背)|背锅/ },
  { name: 'no_good_faith', weight: 'accusation', pattern: /一点(?:诚意|诚信|责任心|良心|效率)都?没有|没(?:有)?诚意/ },
  { name: 'bad_faith', weight: 'accusation', pattern: /良心(?:呢|何在|在哪|去哪)/ },
  // the shop's conscience or integrity questioned (not 良心商家, 诚信经营, 人性化): 良心值多少钱, 底线呢
  { name: 'bad_faith', weight: 'accusation', pattern: /(?:良心|诚信|底线|节操|职业道德)(?:呢|在哪|何在|去哪|值|被|都|还|多少|不(?:会|痛|疼|安))/ },
  // the customer treated as a thing: 把顾客当提线木偶, 把我当冤大头了
  { name: 'made_a_fool', weight: 'accusation', pattern: /把(?:我|顾客|我们|消费者|客户|买家|老客户)当(?:成)?\p{Script=Han}{1,5}(?:吗|呢|耍|了|$)/u },
  // harm done by the shop, said in the passive: 老客户就是这么被你们赶走的, 被你们坑惨了
  { name: 'blame', weight: 'accusation', pattern: /被你们(?!的?(?:服务|态度|热情|专业|用心)?(?:感动|打动|圈粉))/ },
  // toyed with: 玩我呢, 逗我吧, 忽悠人是吧 — the verb aimed at the customer, ending the clause
  { name: 'made_a_fool', weight: 'accusation', pattern: /(?:玩|耍|逗|溜|涮|坑|忽悠|糊弄|戏弄)(?:我|人|顾客|消费者|我们)(?:呢|吧|吗|啊|是吧|玩)/ },
  // what was hidden when the customer paid: 付款的时候怎么不说要等半个月; the two faces of one shop,
  // before and after: 买的时候叫亲，退的时候就不理人
  { name: 'two_faces', weight: 'accusation', pattern: new RegExp(`(?:的时候|之前|前)(?:怎么|为什么|为啥|咋)?(?:不|没)(?:说|讲|提|告诉|写|标)|的时候${C}{1,10}[,，]\\s*${C}{0,4}的时候(?:就|却|又|便)`) },
  // a demand for accountability: 给个说法, 给句痛快话
  { name: 'demand', weight: 'accusation', pattern: /给(?:个|句|我个?)(?:说法|痛快话|准话|交代)|讨个说法/ },
  // what the shop does, named as cheating: 你们这就是在骗, 分明是在拖, 根本没打算退
  { name: 'bad_faith_claim', weight: 'accusation', pattern: new RegExp(`(?:就是|根本|分明|明明|摆明了?|压根|纯粹)(?:就)?(?:是)?(?:在)?(?:想)?(?:骗|坑|忽悠|糊弄|敷衍|拖|耍|宰|欺负|赖|坑|套路)|根本(?:就)?(?:没|不)(?:打算|想|准备)`) },
  // two faces: fast to take the money, slow to give it back; 付款前…付完款就变脸
  { name: 'two_faces', weight: 'accusation', pattern: new RegExp(`(?:收钱|付款|付钱|下单|买)(?:前|之前|的时候|时)${C}{0,12}[,，]?${C}{0,4}(?:退钱|退款|付完|收完|买完|付了钱|付了款|收了钱|售后|出(?:了)?问题)${C}{0,6}(?:就|又|却|开始)|变脸|翻脸`) },
  // the same excuse again, or a promise with nothing after it: 上次也是这么说的，结果呢
  { name: 'same_excuse', weight: 'accusation', pattern: /(?:上次|之前|上回|每次|刚才|昨天)(?:也|都)?(?:是)?这么说|结果呢/ },
  // blame put where it belongs: 是你们的锅, 拿规则压我 (not 不是你们的问题, which forgives)
  { name: 'blame', weight: 'accusation', pattern: /(?<!不|不是|并不)(?:是|明显是|分明是|就是)你们(?:的|自己的)(?:锅|错|问题|责任)|(?:拿|用)[^,，。]{1,8}(?:压我|吓我|唬我|搪塞我)|套路(?:玩|真|太|挺|也太)/ },
  // the agent as arrogant: 客服比顾客还横
  { name: 'arrogance', weight: 'accusation', pattern: /比(?:顾客|我|买家|客户)还(?:横|凶|拽|大牌|牛)/ },
  // what was said against what happened: 说是顺丰结果发的邮政, 明明写着包退现在又说不退
  { name: 'said_but', weight: 'accusation', pattern: new RegExp(`(?:说是|说好|明明说|不是说|明明写着?|写着|标着|答应(?:了|过)?)${C}{1,14}[,，]?\\s*(?:结果|却|现在又|又说|转头就|到头来)`) },
  // you-statements that pass judgement on the shop: 你们就是不想退, 你们这是偷梁换柱, 你们怎么能这样
  { name: 'you_statement', weight: 'rhetorical', pattern: new RegExp(`你们?(?:就是|根本|这是|倒是|还想|别想)(?!${C}*[吗么嘛]$)|怎么(?:能|可以|好意思)(?:这样|这么|如此)|有完没完`) },
  // 你们就这么对待老顾客, 你们是怎么做生意的: the way the shop treats people, questioned
  { name: 'treats_people', weight: 'rhetorical', pattern: /(?:这么|这样)对待|你们?就(?:这么|这样)(?:做|干|办|处理|打发|敷衍)|你们?(?:是)?怎么(?:做生意|当客服|干活|办事|想)的|(?:踢|推|转)来(?:踢|推|转)去/ },
  // evidence kept against the shop: 我已经截图了，别想抵赖
  { name: 'evidence', weight: 'accusation', pattern: /(?:截图|录音|录屏|留了?证据|存证)(?:了|为证)|别想(?:抵赖|赖账|耍赖|不认|跑)|抵赖|赖账|耍猴/ },
  // a demand, not a request: 我要求你们必须…, 给我解释清楚, 叫你们经理站出来
  { name: 'demand', weight: 'accusation', pattern: /我要求你们?|我要求(?:赔偿|道歉|解释|今天|马上|立刻)|必须给我|最好给我|给我一个(?:合理的?)?(?:解释|交代|说法)|给我(?:解释|答复|说清楚|讲清楚)|站出来|我要的是|只要结果|不想听(?:解释|借口|道歉|废话)|给个准信|上当了?/ },
  { name: 'excuse_rejected', weight: 'accusation', pattern: /别(?:再)?(?:跟我|给我|和我|对我)(?:说|讲|扯|来)|少(?:跟我|给我)(?:说|讲|找)/ },
];

/** Sarcasm: praise or thanks that means the opposite (谢谢你们让我等一周, 好一个七天无理由). */
const SARCASM: readonly CueDetector[] = [
  // 服了 but not 衣服了 / 制服了 / 说服了; 好一个… but not 等了好一个月
  { name: 'sarcasm', weight: 'sarcasm', pattern: /(?<![衣西制校礼军和睡泳雨工征克说])服了/ },
  { name: 'sarcasm', weight: 'sarcasm', pattern: /好一个(?!多?(?:月|星期|礼拜|小时|钟头|周|人|个))/ },
  { name: 'sarcasm', weight: 'sarcasm', pattern: /厉害了我的|我(?:真的?)?会谢/ },
  { name: 'sarcasm', weight: 'sarcasm', pattern: /(?:真是|可真是|真)个?人才|长见识了|涨知识了|信了你们?的邪|亏你们?还|真够可以|(?<!不)服气|^呵[\s,.，。!]/ },
  // thanks for a harm: 谢谢你们让我等了一个礼拜, 谢谢啊，又发错了
  { name: 'thanks_for_harm', weight: 'sarcasm', pattern: new RegExp(`(?:谢谢|感谢|多谢)${C}{0,6}[,，]?\\s*(?:让我|害我|叫我|逼我)${C}{0,8}(?:等|跑|白|自己|多花|损失)|(?:谢谢|感谢|多谢)${C}{0,4}[,，]?\\s*又`) },
  // praise in quotes: 这售后做得可真“好”
  { name: 'scare_quotes', weight: 'sarcasm', pattern: /["“「『‘'](?:好|棒|优秀|贴心|专业|周到|快|靠谱|良心|及时|高效|负责)["”」』’']/ },
  // skill praised for a vice: 你们可真会做生意, 真会甩锅, 长本事了
  { name: 'ironic_skill', weight: 'sarcasm', pattern: /(?:可?真|真是|太|挺)会(?:做生意|说话|玩|忽悠|推|甩锅|找借口|敷衍|踢皮球|打太极)|长(?:本事|能耐)了/ },
  // slower than a snail, and the snail laughs
  { name: 'ironic_admiration', weight: 'sarcasm', pattern: /(?:蜗牛|乌龟)都|(?:让人|令人)(?:佩服|感动|大开眼界|叹为观止)(?!.*(?:谢谢|感谢))/ },
  // giving in with a sneer: 你们牛, 我惹不起, 你们说了算; thanks for the lesson: 给我上了一课
  { name: 'sneer', weight: 'sarcasm', pattern: /惹不起|你们?(?:真|太|可真)?牛(?![奶肉排仔])|你们说了算|(?:给我|让我)上了一课|(?:火星|月球|绕地球)/ },
  { name: 'sneer', weight: 'sarcasm', pattern: /了个寂寞|开眼了|开了眼/ },
  // praise or congratulation opening a message whose next clause reports something wrong:
  // 恭喜，你们把我气笑了 / 真有你们的，一双鞋两只不一样 / 6到飞起，又是缺货 (not 可以啊，没问题)
  { name: 'ironic_opener', weight: 'sarcasm', pattern: /^(?:恭喜|真有你们?的|\S{1,3}到飞起|好样的|可以啊|真可以|绝了|牛啊|优秀|佩服|厉害|真棒|太棒了?|漂亮)[^,，!！]{0,4}[,，!！]\s*(?!.*(?:没问题|不错|没事|不客气|不用|谢谢))(?=.*(?:[不没又错坏丢漏少缺差破]|把我))/ },
  // 比机器人还机器人, 你们都对就我错, 这服务我真的谢, 操作666我服
  { name: 'sneer', weight: 'sarcasm', pattern: /比(\p{Script=Han}{1,4})还\1|你们都对|就我(?:错|不对)|都是我的错|我(?:真的?|是真的)(?:会)?谢(?:了)?(?:[,.!，。！]|$)|操作[6六]{2,}|我(?:真)?服(?:[,.!，。！]|$)/u },
];

/** Questions that assert: 有你们这么做生意的吗, 凭什么, 还要我等多久, 这也叫新品. */
const RHETORICAL: readonly CueDetector[] = [
  // questions that are not questions, aimed at the shop: 这是人干的事吗, 再…试试, 这什么服务
  { name: 'rhetorical_contempt', weight: 'insult', pattern: /是人(?:干|做|说)的(?:事|话)?吗|再[^,，。]{1,8}试试|这(?:是)?什么(?:质量|服务|态度|效率)|是人(?:能)?(?:用|吃|穿)的|(?:有脸|好意思)(?:说|卖|要|收)|只会(?:说|复制|发|推)/ },
  { name: 'rhetorical_complaint', weight: 'negative', pattern: /凭什么|不(?:检查|核对|看看?)(?:一下)?的?吗|你们?自己[^,.;:!?，。；：！？]{0,4}(?:看看|量|试试|用用|穿穿|数数|想想|说说|查|翻|听)|发的(?:是)?什么(?:东西|玩意)|(?:钱|这事)?找谁(?:要|说理|负责)|凭啥|(?:不要|不是|别光)(?:道歉|抱歉)/ },
  // is there anyone who does business like this: 有你们这么做生意的吗, 哪有这样的道理
  { name: 'how_can_you', weight: 'rhetorical', pattern: new RegExp(`有(?:你们?|这样|这么)(?:这么|这样)?${C}{0,8}的[吗么嘛]|哪有${C}{1,12}(?:的道理|这样的|这么)|还有没有(?:天理|王法|人管)|(?:眼里|心里)(?:还)?(?:有没有|没有)(?:顾客|消费者|客户|我们)`) },
  // 有这么难吗, 退个款而已, 你们也敢卖, 还敢叫旗舰店, 叫我怎么相信你们
  { name: 'how_can_you', weight: 'rhetorical', pattern: new RegExp(`有(?:这么|那么)${C}{0,2}(?:难|复杂|麻烦|困难)[吗么嘛]|而已[,，]${C}{0,10}(?:[吗么嘛]|\\?)|(?:也|还)敢|(?:叫|让)我怎么(?:相信|信|放心|接受)`) },
  // making ME wait / repeat: 还要我等多久, 要我说几遍, 让我等到什么时候
  { name: 'how_long_still', weight: 'rhetorical', pattern: new RegExp(`(?:还要|要|得)我${C}{0,4}(?:多久|多长时间|几天|几次|几遍|几趟|到什么时候|到啥时候)|让我等到(?:什么时候|啥时候|猴年马月)|(?:几|多少)(?:遍|次|趟)(?:你们?)?才`) },
  { name: 'not_easy', weight: 'rhetorical', pattern: new RegExp(`我${C}{0,10}容易[吗么嘛]`) },
  // the customer's purpose, asked back: 我买东西是为了给自己添堵的吗, 我是来受气的吗
  { name: 'not_easy', weight: 'rhetorical', pattern: new RegExp(`我${C}{0,10}是(?:为了|来)${C}{1,10}的[吗么嘛]`) },
  // the shop asked to judge its own conduct: 你自己信吗, 你们能接受吗, 换位思考一下, 如果你是顾客
  { name: 'would_you', weight: 'rhetorical', pattern: /你们?(?:自己)?(?:能|会|敢)?(?:信|相信|接受|满意|忍|受得了|乐意|同意)[吗么嘛]|换位思考|将心比心|设身处地|(?:如果|要是|假如)你(?:们)?是(?:顾客|买家|消费者|客户|我)/ },
  // A-not-A asked with 还 and 了: 还让不让人好好过日子了, 还讲不讲理了 (not 还能不能用)
  { name: 'would_you', weight: 'rhetorical', pattern: new RegExp(`还(?![能可有用要])(\\p{Script=Han})不\\1${C}{0,10}(?<!得)了(?=[,.;:!?，。；：！？]|$)`, 'u') },
  // a suspicion about the shop's intent: 你们该不会是打算拖到我忘了吧, 是不是故意不发
  { name: 'suspicion', weight: 'rhetorical', pattern: new RegExp(`(?:该不会|不会是|莫非|是不是|难不成)${C}{0,4}(?:故意|打算|存心|成心|想拖|想赖|不想|没打算|要我|没长)`) },
  // 你们到底…: the question asked of the shop once too often — impatient, not yet hostile
  // (你们到底是哪里发货的呀 is a real question)
  { name: 'at_last', weight: 'negative', pattern: /你们?(?:到底|究竟)/ },
  { name: 'surely_not', weight: 'rhetorical', pattern: new RegExp(`难道${C}{1,16}(?:[吗嘛么]|\\?|$)`) },
  // 这也叫新品, 这也配叫旗舰店
  { name: 'call_this', weight: 'rhetorical', pattern: /这也(?:叫|算|配叫|能叫|好意思叫)/ },
  { name: 'are_you_kidding', weight: 'rhetorical', pattern: /有没有搞错|搞错没有|开什么玩笑|你们?(?:是)?在?开玩笑/ },
  // 这是你们该说的话吗, 你觉得这合理吗, 你们就不能负点责吗
  { name: 'should_you', weight: 'rhetorical', pattern: new RegExp(`是你们?(?:该|应该)(?:说|做|干)的(?:话|事)?[吗么嘛]|(?:你觉得|你说)?这(?:样)?(?:合理|公平|正常|说得过去|像话)[吗么嘛]|你们?就不能${C}{1,10}(?:[吗么嘛]|\\?)`) },
  { name: 'what_are_you_for', weight: 'rhetorical', pattern: /干(?:什么|啥|嘛)吃的|你们?(?:到底)?是干(?:嘛|什么|啥)的/ },
  // who would do this, what do you mean by…: 谁家售后这么干, 这规定谁定的, 什么叫你们也没办法
  { name: 'who_would', weight: 'rhetorical', pattern: new RegExp(`(?:谁家|哪家)${C}{0,8}(?:这么|这样)|谁(?:定|规定|想出来|批准)的|什么叫${C}{0,4}(?:你们|我|不|没)|能不能有点|(?:有点|一点)(?:职业素养|素养|责任心|常识|担当)(?:好吗|行吗|吧)?`) },
  { name: 'who_would', weight: 'rhetorical', pattern: /除了.{1,6}(?:还|就)会|还会(?:干|做)(?:什么|啥)|算不算(?:话|数)|大风刮来|天上掉下来的|这么(?:简单|小|点)的?.{0,6}都|谁给(?:你们|你)的(?:胆子|权力|勇气|底气|自信)|(?:话|说的|承诺|保证)(?:还)?能信[吗么嘛]|谁还(?:敢|会|愿意)/ },
];

/** Insults and contempt beyond the swear words (脑子有问题, 一群废柴, 跟你说话真费劲, 破店). */
const INSULT: readonly CueDetector[] = [
  // contempt for the service: 客服是摆设, 人都死了吗, 也配叫客服
  { name: 'contempt', weight: 'insult', pattern: /是(?:个)?摆设|摆着看|(?:就是|真是|简直是?)个?笑话|还(?:有脸|好意思)|有意思(?:吗|么)|就这(?:种|样的?)?(?:服务|态度|质量|效率|速度|水平|水准|素质|品质|售后|东西)|就这[?？]|^就这\s*$|别(?:跟我)?扯|少(?:跟我)?(?:来|扯)这套|[别少]废话|瞎(?:吗|了眼|啊)|眼瞎|死了吗|都死了|死哪(?:去|儿)了|(?:也|还)配(?:开|叫|当|做|称)|(?:道歉|抱歉|对不起)有(?:什么|啥)用|来搞笑的|搞笑(?:吧|呢)/ },
  { name: 'contempt', weight: 'insult', pattern: /(?:蜗牛|乌龟).{0,4}(?:都比|比你们)/ },
  { name: 'curse', weight: 'insult', pattern: /(?:早晚|迟早|赶紧)(?:要|会)?(?:被.{0,4})?(?:倒闭|完|完蛋|关门|封)/ },
  { name: 'brainless', weight: 'insult', pattern: /脑子(?:是不是)?(?:有问题|坏了|不好使|不够用|呢|被.{0,2}踢|进水)|长点?脑子|没长脑子|带(?:点)?脑子|没长眼|眼睛(?:呢|瞎|长在|是)|(?:长|带)(?:点)?眼睛/ },
  // staff idling while the customer waits: 客服是轮班睡觉吗, 都在摸鱼吧, 混日子的客服
  { name: 'idle', weight: 'insult', pattern: /(?:客服|你们|人)[^,，。]{0,6}(?:睡觉|睡着|摸鱼|划水|放假|休假|度假)[^,，。]{0,3}(?:吗|呢|了吧|吧|去了)|混日子|吃闲饭|光拿工资/ },
  // 一群废柴, 一帮饭桶 (not 一群人)
  { name: 'gang', weight: 'insult', pattern: /一(?:群|帮|伙|堆)(?:废|饭桶|骗|蠢|笨|傻|垃圾|白痴|土匪|强盗|奸|无赖|混|庸|吃干饭)/ },
  { name: 'tiresome', weight: 'insult', pattern: /跟你们?(?:说话|沟通|聊天?|讲话|交流|讲道理|讲理)(?:真|太|好|很|也太|就是)?(?:费劲|累|难|费事|白费|没用)/ },
  // a stupid machine: 傻乎乎的机器人, 笨得要命的客服
  { name: 'stupid', weight: 'insult', pattern: /(?:傻|笨|蠢)[^,.;:!?，。；：！？]{0,4}(?:机器人|客服|ai|系统)/ },
  { name: 'stupid', weight: 'insult', pattern: /(?:笨|蠢|傻)(?:死|透|到家)/ },
  // the shop or the service as shabby: 破店, 破机器人 (not 破损, 突破)
  { name: 'shabby', weight: 'insult', pattern: /(?<!突|打|冲|识|看|点)破(?:店|公司|平台|客服|机器人|服务|快递|网站|app|软件|系统|售后)/ },
  // worthless, shameful, not worth my time: 一文不值, 送人都嫌丢人, 陪你们耗
  { name: 'scorn', weight: 'negative', pattern: /一文不值|都嫌|还不如|都比.{1,4}(?:强|好|快|靠谱)|一点用(?:都|也)?没有|屁用没有|负(?:分|[一二三四五六七八九十百千万\d]+分?)|零分|丢人|丢脸|(?:陪|跟)你们耗|不算数|靠不住/ },
];

/** Threats to go outside the conversation or to fight on (让你们关店, 发微博挂你们, 这事没完). */
const THREAT: readonly CueDetector[] = [
  // shaming in public: 去小红书发帖挂你们, 发微博让大家看看
  { name: 'public_shaming', weight: 'threat', pattern: /(?:聊天记录|截图|录音|视频)[^,，。]{0,4}(?:发出去|公开|发到网上|曝)|(?:小红书|微博|抖音|快手|朋友圈|知乎|贴吧|网上|论坛|群里).{0,6}(?:发|挂|曝|写|说)|发(?:到|去)?(?:小红书|微博|抖音|快手|朋友圈|知乎|贴吧|网上|论坛)|挂你们|挂出来/ },
  // warning everyone they know, keeping score: 让身边的人都别来, 这笔账我记下了
  { name: 'warn_others', weight: 'threat', pattern: new RegExp(`(?:让|叫|告诉)(?:身边的?|所有|大家|朋友|亲戚|同事)${C}{0,8}(?:别|不要|避雷|小心)|(?:账|这事|你们)${C}{0,4}记(?:下|住|着)`) },
  // 让你们关店 / 早晚倒闭 / 信不信我…, 找你们老板 / 找平台: a threat whatever follows
  { name: 'threat', weight: 'threat', pattern: /让你们.{0,2}(?:关门|关店|倒闭|开不下去)|信不信我|(?:天天|每天)(?:来|去)闹|这事没完|(?:跟|和)你们没完|(?:找|要)你们?的?(?:老板|领导|负责人|平台|上级|总部)|走着瞧|(?:评价|评论)里.{0,4}(?:写|说)/ },
  // an ultimatum: 不给我处理好我就不走了 (not 不行的话我就去门店自提)
  { name: 'ultimatum', weight: 'threat', pattern: /(?:再不|不给我?|不处理|不退|不解决|不赔)[^,，。]{0,8}我就(?:不走|去|投|告|找|曝|天天|一直)|不[^,，。]{1,10}我就不(?:睡|走|下线|罢休|停)/ },
  // leaving for good, however worded: 再也不会在你们家买了, 再也不想来了
  { name: 'churn', weight: 'churn', pattern: /再也不(?:会|想|要)?.{0,8}(?:买|来|用|光顾|回购)|看透你们|看清你们|失去(?:了)?(?:一个|一位)?老?(?:客户|顾客)/ },
  // done with the shop, however said: 再也不想看到你们家的东西, 拉进黑名单, 我算是长记性了
  { name: 'churn', weight: 'churn', pattern: new RegExp(`再也不${C}{0,10}(?:你们|你家|这家|这个?店|这个?牌子)|拉(?:进|入)?黑(?:名单)?|我(?:算是|总算|终于|这回|这次)?(?:长记性|看透|看清|领教)了?`) },
  // going to law, the bank or every platform: 法庭上见, 向银行申请拒付, 每个平台都写上评价
  { name: 'threat', weight: 'threat', pattern: /法庭|法院见|(?:申请|要)拒付|(?:每个|所有|各个|各大)平台|全网/ },
];

/** The customer says how they feel (要疯了, 被你们逼疯, 忍很久了, 别再让我等). */
const FEELING: readonly CueDetector[] = [
  { name: 'losing_it', weight: 'anger', pattern: new RegExp(`(?:要|快|快要|都要|被${C}{0,4})(?:疯|崩溃|气死|逼疯|逼死|气疯)|逼(?:疯|死)我|心态(?:崩|炸)`) },
  { name: 'patience_gone', weight: 'anger', pattern: /忍(?:了)?(?:你们?)?(?:很久|好久|太久|够)|忍不(?:了|下去|住了)|受不了(?:你们?|了)|(?:耐心|脾气|火气)(?:已经)?(?:用完|没了|上来|耗尽|到头|磨没)/ },
  // anger as a thing one holds: 一肚子火, 冒火, 花钱买气受
  { name: 'anger_held', weight: 'anger', pattern: /(?:一肚子|满肚子|一身)(?:火|气)|冒火|火冒|(?:气|罪)受|(?<![天空运客香力脾勇名福煤暖冷热语口生])气(?:得|到|成|笑|哭|死|炸|晕)|把我(?:气|逼|急|整|折腾)/ },
  { name: 'stop_making_me', weight: 'negative', pattern: /别(?:再)?(?:让|叫|逼)我(?:等|跑|催|说)/ },
  // enough of it: 别再复制粘贴了, 不想再听到“理解一下”
  { name: 'stop_making_me', weight: 'negative', pattern: new RegExp(`别再${C}{1,8}了|不想再(?:听|看|等|收到|跟你)`) },
  // exasperation: 鬼知道你们什么时候发货
  { name: 'exasperated', weight: 'negative', pattern: /鬼知道|天知道|谁知道你们/ },
  // a customer repeating themselves to a bot: 说了八百遍了
  { name: 'repeating_myself', weight: 'negative', pattern: /说了(?:八百|一百|几|多少|好几|无数|三|N|n)[遍次]/ },
];

/** Courtesies a customer may repeat three times without shouting (好的好的好的, 谢谢谢谢谢谢). */
const CALM_REPEATS = /^(?:好的|是的|对的|可以|好滴|收到|明白|知道|谢谢|哈哈|嗯嗯|ok)$/;

/**
 * 退款退款退款: the same two to four characters three times in a row, not a courtesy
 * (CALM_REPEATS) and not one character (哈哈哈哈哈哈, 嗯嗯嗯).
 */
function repeatedDemand(scan: string): boolean {
  const repeat = /(\p{Script=Han}{2,4})\1\1/gu;
  for (const m of scan.matchAll(repeat)) {
    const unit = m[1];
    if (new Set(unit).size > 1 && !CALM_REPEATS.test(unit)) return true;
  }
  return false;
}

/** Shouting in writing: a demand said three times, or every character its own exclamation. */
const SHOUTING: readonly CueDetector[] = [
  { name: 'shouting', weight: 'shouting', pattern: /(?<!\p{Script=Han})(?:\p{Script=Han}[!?]\s*){3,}/u },
  // a whole message of two characters, each shouted: 还！钱！
  { name: 'shouting', weight: 'shouting', pattern: /^(?:\p{Script=Han}[!?]\s*){2,}$/u },
  { name: 'shouting', weight: 'shouting', pattern: repeatedDemand },
  // urgency said twice: 马上，立刻 / 赶紧…现在就
  { name: 'urgency', weight: 'negative', pattern: /(?:马上|立刻|立即|赶紧|赶快|快点|现在就).{0,6}(?:马上|立刻|立即|赶紧|赶快|快点|现在就)/ },
];

/** Complaints without hostility: read negative, never angry on their own. */
const COMPLAINT: readonly CueDetector[] = [
  // a promise not kept, a rule changed at will: 说好的24小时发货呢, 说没就没
  { name: 'broken_promise', weight: 'negative', pattern: /(?:说好|承诺|答应|保证|讲好|约好)的[^,.，。!?！？]{0,12}呢|说(\p{Script=Han})就\1/u },
  // a verdict on the service: 服务差到极点, 态度太差 (not 差不多)
  { name: 'bad_verdict', weight: 'negative', pattern: /(?:说话|说的话|承诺的?|保证的?)不算(?:话|数)|最(?:差|烂|垃圾|坑|慢|糟|恶心|失望|离谱)(?!不)|(?:服务|态度|质量|体验|效率)(?:太|真|好|很|极|也太)?差(?!不多|不差|价|额|评|点|一点)|(?:差|烂|慢|坑|贵)(?:到|得)(?:极点|家|离谱|要命|没朋友|爆|不行)|比.{1,4}还难/ },
  // a failure that happened again and again: 丢三次, 问了五次, 跑三趟
  { name: 'again_and_again', weight: 'negative', pattern: /(?:丢|错|坏|问|跑|打|催|找|联系|说|换)了?(?:[\d两三四五六七八九十几]|好几)+(?:次|遍|趟|回)|(?:转|推|踢)了?(?:[\d两三四五六七八九十几]|好几)+个?(?:部门|人|客服|地方)|又是这(?:句|套|样)|三番五次|一而再|三天两头|第几(?:次|回|遍)了/ },
  // 你们这效率, 你们这服务: the shop's service pointed at with contempt
  { name: 'this_service_of_yours', weight: 'negative', pattern: /你们?家?这(?:个)?(?:效率|速度|服务|态度|售后|质量|物流|水平)|你们这种/ },
  // polite, mild complaints: 有点慢, 偏小, 有些色差 (有点失望 is the lexicon word 失望 already)
  { name: 'mild_complaint', weight: 'negative', pattern: /(?:有点儿?|有些|稍微|略微?|偏)(?:慢|久|贵|小|大|紧|松|硬|薄|厚|深|浅|差|暗|旧|重|吵|难用|起球|色差|瑕疵|掉色|褪色|短|少|脏|臭)/ },
  // a refusal reported: 不给退, 拒绝赔
  { name: 'refusal', weight: 'negative', pattern: /(?:不给|不肯|不让|拒绝|不予)(?:我)?(?:退|换|赔|修|补|开|处理|解决)/ },
  // not even one: 连个影子都没看到, 连句回复都没有
  { name: 'not_even', weight: 'negative', pattern: new RegExp(`连(?:个|一个|句|一句|条|一条|一点|个人)?${C}{1,4}都(?:没|不)`) },
  // the shop does not care, the customer does not accept: 有没有人管, 我不接受这个处理结果
  { name: 'nobody_cares', weight: 'negative', pattern: /(?:有没有|没有?|没一个)人(?:管|理|负责|处理|回|应)|半天没人|管不管|理不理|赔不赔|负不负责|不(?:接受|认可|同意)(?:这个|你们的?)?(?:处理|结果|方案|解释|说法)/ },
  // not what was shown: 跟直播间看到的根本不是一个东西, 两码事
  { name: 'not_as_shown', weight: 'negative', pattern: /(?:根本|完全)不是一(?:个|回|样)|两码事|不是一回事|差(?:了)?(?:十万八千里|太多|太远|好多)|p(?:图|得|过头)/ },
  // where is my …: 我的东西呢, 我的退款呢
  { name: 'where_is_mine', weight: 'negative', pattern: new RegExp(`我的${C}{1,4}呢`) },
  // broke at once: 用了一次就散架了
  { name: 'broke_at_once', weight: 'negative', pattern: /(?:用|穿|戴|洗|装)了?(?:[\d一二两三四五六七八九十几半]+)(?:次|天|回|下|个月)就/ },
  // 都付款了还不发, 都确认收货了怎么还扣钱: it has come to that, and still (a wait, 都三天了还没, is
  // the waiting-time rule's, counted once)
  { name: 'already_yet', weight: 'negative', pattern: new RegExp(`都(?![\\d一二两三四五六七八九十几半好这])${C}{1,10}了[,，]?\\s*(?:还|也|怎么|居然|竟然|你们)`) },
  // persistently, inexplicably: 一直说在核实, 老是推, 莫名其妙被取消, 居然不给
  { name: 'persistent', weight: 'negative', pattern: new RegExp(`(?:一直|总是|老是|每次都|每回都|天天|从来)(?:说|在|让|叫|拖|推|敷衍|不|没)|(?:莫名其妙|无缘无故|平白无故|居然|竟然)${C}{0,6}(?:被|没|不|又|要|让|扣|取消)`) },
  // the shop acts only when forced: 是不是要我亲自上门你们才处理
  { name: 'only_when_forced', weight: 'negative', pattern: new RegExp(`(?:要|得|非要|非得)我${C}{1,10}(?:你们|才)${C}{0,2}才(?:肯|处理|管|理|回|给|会|赔|解决)`) },
  // effort against the answer: 我讲了半天，你回我一个表情
  { name: 'effort_ignored', weight: 'negative', pattern: /我[^,，。]{1,6}(?:半天|这么久|这么多|那么多|好几遍)[,，]\s*(?:你|你们|客服)/ },
  // a small errand made long: 发个货跟挤牙膏一样, 退个款都要三天, 问个问题都没人回
  { name: 'small_errand', weight: 'negative', pattern: /[买发退换回问查修开寄补打办]个\p{Script=Han}{1,2}(?:都|跟|像|比|搞得|弄得|整得|还要|还得)/u },
  // nobody tells or answers: 也没人通知我, 爱答不理
  { name: 'nobody_cares', weight: 'negative', pattern: /没(?:有)?人(?:通知|告诉|说一声|联系|提醒)|不理人|不搭理|爱答不理|爱理不理/ },
  // made to wait again: 又让我等, 等到什么时候
  { name: 'again_me', weight: 'negative', pattern: /又(?:让|要|叫)我|等到(?:什么时候|啥时候|几时|哪天)/ },
  // a failure reported as a fact — lost, late, wet, stuck, nobody handling it: read negative (the
  // reply opens with an apology), never angry on its own
  { name: 'problem_report', weight: 'negative', factOnly: true, pattern: /又(?:丢|延迟|延误|坏|错|漏|少|出问题|没|不认|不管|不理|不回)|丢了|丢件|湿了|延迟|延误|出问题|搞不定|还(?:不|没)(?:到|发|退|回|处理|给|来)|(?:磨|折腾|耗)了/ },
];

/** Every detector, grouped by kind (the kind is for the docs and the tests; the weight decides). */
export const CUE_DETECTORS: Readonly<Record<CueKind, readonly CueDetector[]>> = {
  accusation: ACCUSATION, sarcasm: SARCASM, rhetorical: RHETORICAL, insult: INSULT, threat: THREAT,
  feeling: FEELING, shouting: SHOUTING, complaint: COMPLAINT,
};

const ALL_DETECTORS = Object.values(CUE_DETECTORS).flat();

export interface CueHit { name: string; weight: CueWeight; factOnly: boolean }

/**
 * The detectors whose pattern is a plain regex (no flags, no back-reference), and all of them as one
 * alternation: it matches exactly when one of them does, so a message none of them fires on — most
 * messages — is scanned once instead of once per detector. The others are always tested one by one.
 */
const PLAIN_DETECTORS = new Set(ALL_DETECTORS.filter((d) => d.pattern instanceof RegExp && d.pattern.flags === '' && !/\\\d/.test(d.pattern.source)));
const ANY_PLAIN_PATTERN = new RegExp([...PLAIN_DETECTORS].map((d) => `(?:${(d.pattern as RegExp).source})`).join('|'));

/** Every cue that fires on the normalised message, each name once. */
export function detectCues(scan: string): CueHit[] {
  const hits: CueHit[] = [];
  const seen = new Set<string>();
  const anyPlain = ANY_PLAIN_PATTERN.test(scan);
  for (const detector of ALL_DETECTORS) {
    const { name, weight, pattern, factOnly = false } = detector;
    if (seen.has(name) || (!anyPlain && PLAIN_DETECTORS.has(detector))) continue;
    if (!(typeof pattern === 'function' ? pattern(scan) : pattern.test(scan))) continue;
    seen.add(name);
    hits.push({ name, weight, factOnly });
  }
  return hits;
}
