// Made-up people and companies for the demo: Chinese names, resident ID numbers with a valid GB 11643 check
// digit, unified social credit codes (GB 32100) for companies, mobile and home phone numbers.
import type { Random } from './random.js';

// Common surnames, roughly by frequency (the first ones weigh more), and a few two-character ones.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
  ...'姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊',
  ...'兰殷施陶洪翟安颜倪严牛温季俞章鲁葛伍申尤毕聂柴焦向柳',
  '欧阳',
  '司马',
  '上官',
  '诸葛',
];
const SURNAME_WEIGHTS = SURNAMES.map((s, i) => (s.length > 1 ? 0.2 : 60 / (i + 8)));

const MALE = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋志国建文东海峰锋亮成晨阳博宏'];
const FEMALE = [...'芳娜敏静丽艳娟霞秀玲燕萍红婷雪琳晶倩颖慧莹琴云洁梅欣悦璐瑶佳嘉丹蕾薇彤怡婉妍茜雯'];
const MIDDLE = [...'子文志建海晓小嘉俊思雨欣家永德明立振国春秋紫梓一若诗佳雅'];

export interface PersonIdentity {
  name: string;
  male: boolean;
}

export function personName(rng: Random): PersonIdentity {
  const male = rng.chance(0.52);
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const pool = male ? MALE : FEMALE;
  const given = rng.chance(0.3) ? rng.pick(pool) : rng.pick(MIDDLE) + rng.pick(pool);
  return { name: surname + given, male };
}

const COMPANY_CITIES = ['深圳市', '深圳市', '深圳市', '东莞市', '惠州市', '广州市'];
const COMPANY_WORDS = [
  ...['鑫达', '恒通', '宏发', '联创', '华盛', '金源', '永兴', '瑞丰', '嘉禾', '天合', '利华', '鸿运'],
  ...['中泰', '佳信', '海纳', '新锐', '汇丰源', '百川', '启明', '诚信', '万众', '东方红', '富邦', '盛世'],
];
const COMPANY_TRADES = [
  '贸易',
  '科技',
  '实业',
  '投资',
  '电子',
  '物流',
  '餐饮管理',
  '文化传播',
  '建材',
  '医疗器械',
];

export function companyName(rng: Random): string {
  return `${rng.pick(COMPANY_CITIES)}${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_TRADES)}有限公司`;
}

/** Administrative division codes (GB/T 2260) of places buyers in Shenzhen often come from. */
const AREA_CODES = [
  ...['440304', '440303', '440305', '440306', '440307', '440309', '440308', '441302', '441900', '440106'],
  ...['440111', '445102', '441502', '440513', '441702', '430102', '430611', '360102', '420106', '450103'],
  ...['510107', '350203', '110105', '310115', '320106', '330106', '410105', '370102', '500103', '610113'],
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return residentIdCheck(id.slice(0, 17)) === id[17];
}

/** A resident ID for someone born between 1950 and 2002; the sequence's parity follows the sex. */
export function residentId(rng: Random, male: boolean): string {
  const area = rng.pick(AREA_CODES);
  const year = rng.int(1950, 2002);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
  const first17 =
    area +
    String(year) +
    String(month).padStart(2, '0') +
    String(day).padStart(2, '0') +
    String(seq).padStart(3, '0');
  return first17 + residentIdCheck(first17);
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A unified social credit code (统一社会信用代码, GB 32100) with valid organisation-code and final checks. */
export function socialCreditCode(rng: Random): string {
  let org = '';
  for (let i = 0; i < 8; i++) org += String(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(org[i]) * (ORG_WEIGHTS[i] as number);
  const c9 = 11 - (sum % 11);
  org += c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
  const body = '91' + rng.pick(AREA_CODES.slice(0, 10)) + org;
  let total = 0;
  for (let i = 0; i < 17; i++) total += USCC_CHARS.indexOf(body[i] as string) * (USCC_WEIGHTS[i] as number);
  return body + USCC_CHARS[(31 - (total % 31)) % 31];
}

const MOBILE_PREFIXES = [
  ...['130', '131', '132', '133', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153'],
  ...['155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '180', '181', '182', '183'],
  ...['185', '186', '187', '188', '189', '191', '198', '199'],
];

export function mobileNumber(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** A Shenzhen landline, e.g. 0755-83261234. */
export function homePhone(rng: Random): string {
  return `0755-${rng.int(2, 8)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}
