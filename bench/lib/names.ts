/** Word lists for the synthetic shop: Vietnamese, Traditional Chinese and English customers of a shop in Ho Chi Minh City. */
import type { Rng } from './prng';

const VI_FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Trương',
  'Lương',
  'Mai',
];
// Family names are far from uniform: Nguyễn alone is about 38% of Vietnamese.
const VI_FAMILY_WEIGHT = [38, 11, 9.5, 7, 5, 5, 4.5, 4, 3, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 0.8, 0.7, 0.6, 0.5];
const VI_MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ', 'Bảo', 'Phương', 'Diệu', 'Hồng'];
const VI_MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Gia', 'Hoàng', 'Tuấn'];
const VI_GIVEN_F = [
  'An',
  'Anh',
  'Ánh',
  'Châu',
  'Chi',
  'Diễm',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hương',
  'Huyền',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Ngân',
  'Nga',
  'Nhung',
  'Oanh',
  'Phượng',
  'Quyên',
  'Quỳnh',
  'Tâm',
  'Thảo',
  'Thủy',
  'Thư',
  'Trang',
  'Trinh',
  'Tuyết',
  'Uyên',
  'Vân',
  'Vy',
  'Xuân',
  'Yến',
];
const VI_GIVEN_M = [
  'An',
  'Bảo',
  'Bình',
  'Cường',
  'Dũng',
  'Duy',
  'Đạt',
  'Đông',
  'Hải',
  'Hiếu',
  'Hòa',
  'Hùng',
  'Huy',
  'Khánh',
  'Khoa',
  'Kiên',
  'Lâm',
  'Lộc',
  'Long',
  'Luân',
  'Minh',
  'Nam',
  'Nghĩa',
  'Nhật',
  'Phong',
  'Phúc',
  'Quân',
  'Quang',
  'Sơn',
  'Tài',
  'Thắng',
  'Thành',
  'Thịnh',
  'Tiến',
  'Toàn',
  'Trí',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
];

const ZH_FAMILY = [
  '陳',
  '林',
  '黃',
  '張',
  '李',
  '王',
  '吳',
  '劉',
  '蔡',
  '楊',
  '許',
  '鄭',
  '謝',
  '郭',
  '洪',
  '曾',
  '邱',
  '廖',
  '賴',
  '周',
  '葉',
  '蘇',
  '莊',
  '呂',
  '江',
];
const ZH_GIVEN = [
  '志明',
  '淑芬',
  '美玲',
  '家豪',
  '俊傑',
  '雅婷',
  '怡君',
  '宗翰',
  '建宏',
  '冠宇',
  '欣怡',
  '佳穎',
  '文華',
  '麗華',
  '國強',
  '淑惠',
  '婉婷',
  '承恩',
  '柏翰',
  '詩涵',
  '芳',
  '偉',
  '靜',
  '強',
  '敏',
  '娟',
  '軍',
  '華',
  '玲',
  '傑',
];

const EN_FIRST_F = [
  'Mary',
  'Emma',
  'Olivia',
  'Sophie',
  'Chloé',
  'Zoë',
  'Renée',
  'Hannah',
  'Grace',
  'Lucy',
  'Amélie',
  'Charlotte',
  'Isabel',
  'Noémie',
  'Claire',
];
const EN_FIRST_M = [
  'James',
  'John',
  'Oliver',
  'Jack',
  'Noël',
  'José',
  'André',
  'Thomas',
  'Daniel',
  'Liam',
  'Björn',
  'Michael',
  'Peter',
  'David',
  'François',
];
const EN_LAST = [
  'Smith',
  'Brown',
  'Wilson',
  'Taylor',
  "O'Neill",
  'García',
  'Müller',
  'Martin',
  'Clarke',
  'Walker',
  'Brontë',
  'Dvořák',
  'Johnson',
  'Evans',
  'Nguyen',
  'Lefèvre',
  'Núñez',
  'Hughes',
  'Young',
  'King',
];

export const AREAS = [
  'Quận 1',
  'Quận 3',
  'Quận 4',
  'Quận 5',
  'Quận 7',
  'Quận 10',
  'Quận 11',
  'Bình Thạnh',
  'Phú Nhuận',
  'Gò Vấp',
  'Tân Bình',
  'Tân Phú',
  'Bình Tân',
  'Thủ Đức',
  'Nhà Bè',
  'Hóc Môn',
];
// The shop's own district and its neighbours bring most customers.
export const AREA_WEIGHT = [6, 18, 4, 9, 7, 8, 4, 12, 10, 7, 6, 3, 2, 2, 1, 1];
const STREETS = [
  'Lê Lợi',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Võ Văn Tần',
  'Nguyễn Đình Chiểu',
  'Điện Biên Phủ',
  'Cách Mạng Tháng Tám',
  'Trần Hưng Đạo',
  'Phan Xích Long',
  'Lý Tự Trọng',
  'Pasteur',
  'Nam Kỳ Khởi Nghĩa',
];
export const TAGS = ['vip', 'wholesale', 'student', 'staff', 'neighbour', 'online', 'khách quen', 'giao hàng', '常客', 'birthday-club'];

export type Culture = 'vi' | 'zh' | 'en';
export type Gender = 'female' | 'male' | 'other' | null;

export interface Person {
  fullName: string;
  /** ASCII letters for the e-mail's local part. */
  emailName: string;
  culture: Culture;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

const ZH_ROMAN: Record<string, string> = {
  陳: 'chen',
  林: 'lin',
  黃: 'huang',
  張: 'zhang',
  李: 'li',
  王: 'wang',
  吳: 'wu',
  劉: 'liu',
  蔡: 'tsai',
  楊: 'yang',
  許: 'hsu',
  鄭: 'cheng',
  謝: 'hsieh',
  郭: 'kuo',
  洪: 'hung',
  曾: 'tseng',
  邱: 'chiu',
  廖: 'liao',
  賴: 'lai',
  周: 'chou',
  葉: 'yeh',
  蘇: 'su',
  莊: 'chuang',
  呂: 'lu',
  江: 'chiang',
};

function weightedPick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let total = 0;
  for (const w of weights) total += w;
  let x = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

export function pickArea(rng: Rng): string {
  return weightedPick(rng, AREAS, AREA_WEIGHT);
}

export function makePerson(rng: Rng, gender: Gender): Person {
  const female = gender === 'female' || (gender !== 'male' && rng.chance(0.5));
  const r = rng.next();
  if (r < 0.7) {
    const family = weightedPick(rng, VI_FAMILY, VI_FAMILY_WEIGHT);
    const middle = rng.pick(female ? VI_MIDDLE_F : VI_MIDDLE_M);
    const given = rng.pick(female ? VI_GIVEN_F : VI_GIVEN_M);
    // Some people go by a two-part name (no middle name).
    const fullName = rng.chance(0.15) ? `${family} ${given}` : `${family} ${middle} ${given}`;
    return { fullName, emailName: ascii(given) + ascii(family), culture: 'vi' };
  }
  if (r < 0.85) {
    const family = rng.pick(ZH_FAMILY);
    const given = rng.pick(ZH_GIVEN);
    return { fullName: family + given, emailName: ZH_ROMAN[family] ?? 'chen', culture: 'zh' };
  }
  const first = rng.pick(female ? EN_FIRST_F : EN_FIRST_M);
  const last = rng.pick(EN_LAST);
  return { fullName: `${first} ${last}`, emailName: ascii(first) + '.' + ascii(last), culture: 'en' };
}

const VN_MOBILE = [
  '90',
  '91',
  '93',
  '94',
  '96',
  '97',
  '98',
  '70',
  '76',
  '77',
  '78',
  '79',
  '81',
  '83',
  '84',
  '85',
  '86',
  '88',
  '89',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
];

/** A phone as people write it: 0901 234 567, 0901234567, +84 901 234 567, or a Taiwanese mobile for some. */
export function makePhone(rng: Rng, culture: Culture): string {
  const seven = String(rng.int(0, 9_999_999)).padStart(7, '0');
  if (culture === 'zh' && rng.chance(0.2)) return `+886 9${rng.int(10, 99)} ${seven.slice(0, 3)} ${seven.slice(3)}`;
  const prefix = rng.pick(VN_MOBILE);
  const style = rng.next();
  if (style < 0.5) return `0${prefix}${seven.slice(0, 1)} ${seven.slice(1, 4)} ${seven.slice(4)}`;
  if (style < 0.85) return `0${prefix}${seven}`;
  return `+84 ${prefix}${seven.slice(0, 1)} ${seven.slice(1, 4)} ${seven.slice(4)}`;
}

export function makeEmail(rng: Rng, person: Person, n: number): string {
  const domain = rng.pick(['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com.vn', 'outlook.com', 'hotmail.com', 'icloud.com']);
  return `${person.emailName}${n}@${domain}`;
}

export function makeAddress(rng: Rng): string {
  return `${rng.int(1, 350)} ${rng.pick(STREETS)}`;
}
