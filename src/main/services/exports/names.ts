/**
 * "First Name" / "Last Name" from the one full name a customer has, decided by the name's script,
 * because the order of family and given names differs:
 *  - Han characters (陳美玲): family name first and unspaced. The family name is the first
 *    character, or the first two for the compound surnames still in use (歐陽, 司馬…).
 *  - Vietnamese (Nguyễn Thị Ánh): family name first, then middle and given names. A name is read
 *    as Vietnamese when it carries letters only Vietnamese uses (đ ơ ư ă and the stacked tone
 *    marks), or when its first word is a common Vietnamese family name typed without accents
 *    ("Tran Van Minh"), since many customers are entered from phones without a Vietnamese keyboard.
 *  - Otherwise (English and other Latin-script names): given names first, the last word is the
 *    family name ("Emily Carter").
 * A single word is a first name with no last name: Mailchimp greets by "First Name".
 */

const HAN = /\p{Script=Han}/u;
const COMPOUND_SURNAMES = new Set([
  '歐陽',
  '欧阳',
  '司馬',
  '司马',
  '諸葛',
  '诸葛',
  '上官',
  '司徒',
  '皇甫',
  '令狐',
  '慕容',
  '東方',
  '东方',
  '夏侯',
  '尉遲',
  '尉迟',
  '公孫',
  '公孙',
  '長孫',
  '长孙',
  '宇文',
  '軒轅',
  '轩辕',
  '澹臺',
  '澹台',
  '端木',
  '西門',
  '西门',
  '南宮',
  '南宫',
  '獨孤',
  '独孤',
  '范姜',
  '張簡',
  '张简',
]);

/** Letters Vietnamese has and English, French, Spanish or Pinyin typed on a phone do not. */
const VIETNAMESE_LETTERS =
  /[đĐơƠưƯăĂ]|[ảẢãÃạẠẻẺẽẼẹẸỉỈĩĨịỊỏỎọỌủỦũŨụỤỷỶỹỸỵỴ]|[ấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ]/u;

/** The most common Vietnamese family names, folded (no marks, lower case): together well over 90% of people. */
const VIETNAMESE_SURNAMES = new Set([
  'nguyen',
  'tran',
  'le',
  'pham',
  'hoang',
  'huynh',
  'phan',
  'vu',
  'vo',
  'dang',
  'bui',
  'do',
  'ho',
  'ngo',
  'duong',
  'ly',
  'truong',
  'dinh',
  'doan',
  'lam',
  'mai',
  'trinh',
  'luong',
  'cao',
  'ta',
  'quach',
  'luu',
  'thai',
  'chau',
  'la',
  'ton',
  'kieu',
]);

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();

export interface NameParts {
  first: string;
  last: string;
}

export function splitName(fullName: string): NameParts {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (name === '') return { first: '', last: '' };
  const words = name.split(' ');
  if (HAN.test(name) && words.length === 1) {
    if (name.length <= 1) return { first: name, last: '' };
    const family = COMPOUND_SURNAMES.has(name.slice(0, 2)) && name.length > 2 ? 2 : 1;
    return { last: name.slice(0, family), first: name.slice(family) };
  }
  if (words.length === 1) return { first: name, last: '' };
  // Plain ASCII names (most English ones) skip the normalising.
  const ascii = /^[\x20-\x7e]*$/.test(name);
  const vietnamese = ascii
    ? VIETNAMESE_SURNAMES.has(words[0]!.toLowerCase())
    : VIETNAMESE_LETTERS.test(name.normalize('NFC')) || VIETNAMESE_SURNAMES.has(fold(words[0]!));
  if (vietnamese || HAN.test(words[0]!)) return { last: words[0]!, first: words.slice(1).join(' ') };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1]! };
}
