/**
 * The customer-service lexicon shipped with Wendu (docs/matching.md, "Shipped lexicon"): groups of
 * everyday words customers use for the shop's terms, and a gazetteer of Chinese places (city →
 * province → region). Every group has a stable id so an operator can switch it off for a bot;
 * nothing here is specific to one shop.
 */

export interface LexiconLabel {
  zh: string;
  en: string;
}

/** Words for one thing, the shop's usual word first (the matcher maps the others to it). */
export interface WordGroup {
  id: string;
  label: LexiconLabel;
  terms: readonly string[];
}

/** A province-level division: its names and its prefecture-level cities (and a few well-known districts and towns). */
export interface Province {
  name: string;
  aliases: readonly string[];
  cities: readonly string[];
}

/**
 * A region customers and shops name instead of a province (华东, 江浙沪, 偏远地区). A region group
 * switched off stops its provinces and cities from reaching it and from reaching their province.
 */
export interface RegionGroup {
  id: string;
  label: LexiconLabel;
  /** The region's names, the usual one first. */
  names: readonly string[];
  /** Provinces whose cities this group owns (a province belongs to one main region). */
  provinces: readonly Province[];
  /** Provinces owned by another group that also lie in this region (江浙沪 ⊂ 华东; 偏远地区). */
  alsoProvinces?: readonly string[];
}

const list = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const province = (name: string, aliases: string, cities: string): Province => ({ name, aliases: list(aliases), cities: list(cities) });

export const SHIPPED_WORD_GROUPS: readonly WordGroup[] = [
  { id: 'how', label: { zh: '怎么（咋、如何）', en: 'how (colloquial)' }, terms: ['怎么', '咋', '怎样', '如何', '咋个'] },
  { id: 'cancel', label: { zh: '取消（撤回、撤销）', en: 'cancel' }, terms: ['取消', '撤回', '撤销', '撤单', '作废'] },
  { id: 'refund', label: { zh: '退款（退钱、拿回来）', en: 'refund' }, terms: ['退款', '退钱', '返款', '退费', '拿回来', '钱退回'] },
  { id: 'send-back', label: { zh: '寄回（退回）', en: 'send back' }, terms: ['寄回', '退回', '寄回去', '退回去', '邮回', '寄还'] },
  { id: 'return-goods', label: { zh: '退货', en: 'return goods' }, terms: ['退货', '退东西', '退掉'] },
  { id: 'exchange', label: { zh: '换货', en: 'exchange' }, terms: ['换货', '调换', '换新货'] },
  { id: 'parcel', label: { zh: '快递（物流、包裹）', en: 'parcel, delivery' }, terms: ['快递', '物流', '包裹', '快件', '邮包'] },
  { id: 'tracking-number', label: { zh: '快递单号', en: 'tracking number' }, terms: ['快递单号', '运单号', '物流单号'] },
  { id: 'ship', label: { zh: '发货（寄出）', en: 'ship' }, terms: ['发货', '寄出', '发出', '出库', '寄出去'] },
  { id: 'arrive', label: { zh: '到货（送到）', en: 'arrive' }, terms: ['到货', '送到', '送达', '寄到'] },
  { id: 'receive', label: { zh: '收货（签收）', en: 'receive' }, terms: ['收货', '签收', '收到货'] },
  { id: 'shipping-fee', label: { zh: '运费（邮费）', en: 'shipping fee' }, terms: ['运费', '邮费', '快递费', '运输费'] },
  { id: 'free-shipping', label: { zh: '包邮（免邮）', en: 'free shipping' }, terms: ['包邮', '免邮', '免运费'] },
  { id: 'cash-on-delivery', label: { zh: '货到付款（到付）', en: 'cash on delivery' }, terms: ['货到付款', '到付'] },
  { id: 'pay', label: { zh: '付款（支付、付钱）', en: 'pay' }, terms: ['付款', '支付', '付钱', '买单', '结账', '给钱'] },
  { id: 'huabei', label: { zh: '花呗', en: 'Huabei' }, terms: ['花呗', '蚂蚁花呗'] },
  { id: 'instalment', label: { zh: '分期', en: 'instalments' }, terms: ['分期', '分期付款', '分几期'] },
  { id: 'invoice', label: { zh: '发票', en: 'invoice' }, terms: ['发票', '票据', '票子'] },
  { id: 'coupon', label: { zh: '优惠券（红包）', en: 'coupon' }, terms: ['优惠券', '优惠卷', '红包', '折扣券', '券'] },
  { id: 'store', label: { zh: '门店（线下店）', en: 'shop, store' }, terms: ['门店', '线下店', '实体店', '线下门店', '专卖店'] },
  { id: 'order', label: { zh: '订单', en: 'order' }, terms: ['订单', '单子'] },
  { id: 'modify', label: { zh: '修改（更改）', en: 'change' }, terms: ['修改', '更改', '改一下'] },
  { id: 'price', label: { zh: '价格（价钱）', en: 'price' }, terms: ['价格', '价钱', '售价'] },
];

const EAST = [
  province('上海', '上海市', '浦东 徐汇 静安 黄浦 长宁 普陀 虹口 杨浦 闵行 宝山 嘉定 松江 青浦 奉贤 金山 崇明'),
  province('江苏', '江苏省', '南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 常熟'),
  province('浙江', '浙江省', '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌'),
  province('安徽', '安徽省', '合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城'),
  province('福建', '福建省', '福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 晋江'),
  province('江西', '江西省', '南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶'),
  province('山东', '山东省', '济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽'),
];
const SOUTH = [
  province('广东', '广东省', '广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮'),
  province('广西', '广西壮族自治区 广西省', '南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左'),
  province('海南', '海南省', '海口 三亚 三沙 儋州 琼海 万宁'),
];
const NORTH = [
  province('北京', '北京市', '海淀 东城 西城 丰台 石景山 昌平 通州 顺义 大兴 房山 门头沟 怀柔 平谷 密云 延庆'),
  province('天津', '天津市', '滨海新区 和平区 南开 河西 河东 红桥 西青 津南 东丽 北辰 武清 宝坻 静海 蓟州'),
  province('河北', '河北省', '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 雄安'),
  province('山西', '山西省', '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁'),
  province('内蒙古', '内蒙古自治区 内蒙', '呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒 阿拉善'),
];
const CENTRAL = [
  province('河南', '河南省', '郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源'),
  province('湖北', '湖北省', '武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 神农架'),
  province('湖南', '湖南省', '长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西'),
];
const SOUTHWEST = [
  province('重庆', '重庆市', '渝中 江北 南岸 沙坪坝 九龙坡 渝北 巴南 北碚 万州 涪陵 永川 合川 江津'),
  province('四川', '四川省', '成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山'),
  province('贵州', '贵州省', '贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南'),
  province('云南', '云南省', '昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆'),
  province('西藏', '西藏自治区', '拉萨 日喀则 昌都 林芝 山南 那曲'),
];
const NORTHWEST = [
  province('陕西', '陕西省', '西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛'),
  province('甘肃', '甘肃省', '兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南'),
  province('青海', '青海省', '西宁 海东 海北 黄南 果洛 玉树 海西'),
  province('宁夏', '宁夏回族自治区', '银川 石嘴山 吴忠 固原 中卫'),
  province('新疆', '新疆维吾尔自治区', '乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子'),
];
const NORTHEAST = [
  province('辽宁', '辽宁省', '沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 葫芦岛'),
  province('吉林', '吉林省', '长春 四平 辽源 通化 白山 松原 白城 延边 延吉'),
  province('黑龙江', '黑龙江省', '哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭'),
];
const HK_MACAU_TAIWAN = [
  province('香港', '香港特别行政区 香港特区', '九龙 新界 港岛'),
  province('澳门', '澳门特别行政区 澳门特区', ''),
  province('台湾', '台湾省', '台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义'),
];

// 朝阳 (辽宁 city and 北京 district), 阿里 (西藏 prefecture, and the company) and 海南 (青海
// prefecture, and the province) are left out: a customer naming them is more often not the place.
export const SHIPPED_REGION_GROUPS: readonly RegionGroup[] = [
  { id: 'region-east', label: { zh: '华东（含江浙沪）', en: 'East China' }, names: ['华东', '华东地区'], provinces: EAST },
  { id: 'region-jiangzhehu', label: { zh: '江浙沪', en: 'Jiangsu, Zhejiang, Shanghai' }, names: ['江浙沪', '江浙沪皖'], provinces: [], alsoProvinces: ['江苏', '浙江', '上海'] },
  { id: 'region-south', label: { zh: '华南', en: 'South China' }, names: ['华南', '华南地区'], provinces: SOUTH },
  { id: 'region-north', label: { zh: '华北', en: 'North China' }, names: ['华北', '华北地区'], provinces: NORTH },
  { id: 'region-central', label: { zh: '华中', en: 'Central China' }, names: ['华中', '华中地区'], provinces: CENTRAL },
  { id: 'region-southwest', label: { zh: '西南', en: 'Southwest China' }, names: ['西南', '西南地区'], provinces: SOUTHWEST },
  { id: 'region-northwest', label: { zh: '西北', en: 'Northwest China' }, names: ['西北', '西北地区'], provinces: NORTHWEST },
  { id: 'region-northeast', label: { zh: '东北', en: 'Northeast China' }, names: ['东北', '东三省', '东北地区'], provinces: NORTHEAST },
  { id: 'region-hk-macau-taiwan', label: { zh: '港澳台', en: 'Hong Kong, Macau, Taiwan' }, names: ['港澳台', '港澳台地区'], provinces: HK_MACAU_TAIWAN },
  {
    id: 'region-remote',
    label: { zh: '偏远地区（新疆、西藏等）', en: 'remote areas (Xinjiang, Tibet…)' },
    names: ['偏远地区', '偏远'],
    provinces: [],
    alsoProvinces: ['新疆', '西藏', '青海', '内蒙古', '宁夏', '甘肃'],
  },
];
