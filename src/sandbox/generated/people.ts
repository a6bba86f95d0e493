// The generated sandbox people (SANDBOX_CUSTOMERS=N): N more per vendor after the hand-written seed
// people, stored by each vendor exactly as it stores those (its data.ts). Deterministic: a person is
// made from its own key by a seeded generator, so the same N gives the same people on every run, and
// the first N people of a larger N are the same people.
//
// 3 in 10 of each vendor's generated people are shared: the same person, with the same mailbox, in
// two, three or all four vendors (every set of two or more vendors in turn), so that sameAs finds them
// in several sources. The rest are the vendor's own.
//
// The variety is the hand-written seed's: names in many scripts, with accents, of several words or with
// apostrophes; 6 % without an email, 15 % without a phone; phones typed nationally or internationally;
// 5 % internationalised mailboxes (RFC 6531), 3 % typed with capitals; companies (15 %), notes (12 %),
// birthdays (60 %, 1 % of them on 29 February), gender and locale mostly set.
import type { SeedPerson } from '../seed.ts';
import { COMPANIES, CULTURES, type Culture, INTERNATIONAL_MAIL_DOMAINS, MAIL_DOMAINS, NEUTRAL_NAMES, NOTES } from './cultures.ts';
import { SeededRandom } from './random.ts';

export const SANDBOX_VENDORS = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const;
export type SandboxVendorName = (typeof SANDBOX_VENDORS)[number];

/** Of every ten generated people of a vendor, this many are shared with other vendors. */
export const SHARED_PER_TEN = 3;

/** Every set of two or more vendors; shared person n is in the vendors of pattern n % 11. */
const SHARED_PATTERNS: ReadonlyArray<readonly SandboxVendorName[]> = (() => {
  const sets: SandboxVendorName[][] = [];
  for (let mask = 1; mask < 1 << SANDBOX_VENDORS.length; mask++) {
    const set = SANDBOX_VENDORS.filter((_vendor, bit) => (mask & (1 << bit)) !== 0);
    if (set.length >= 2) sets.push(set);
  }
  return sets;
})();

/** Each vendor's patterns, by their place in SHARED_PATTERNS (seven each). */
const PATTERNS_HOLDING = new Map(
  SANDBOX_VENDORS.map((vendor) => [vendor, SHARED_PATTERNS.flatMap((set, place) => (set.includes(vendor) ? [place] : []))]),
);

/**
 * The vendor's generated people, `count` of them, in the order it stores them; made one by one as they
 * are taken, so that each is stored (data.ts) before the next is made and 100,000 are never all held.
 */
export function* generatedPeople(vendor: SandboxVendorName, count: number): Generator<SeedPerson, void, undefined> {
  for (let position = 0; position < count; position++) yield personAt(vendor, position);
}

/** The vendors that hold shared person `shared`. */
export function vendorsSharing(shared: number): readonly SandboxVendorName[] {
  return SHARED_PATTERNS[shared % SHARED_PATTERNS.length] ?? [];
}

function personAt(vendor: SandboxVendorName, position: number): SeedPerson {
  const tens = Math.floor(position / 10);
  const unit = position % 10;
  if (unit < SHARED_PER_TEN) {
    // The vendor's k-th shared person is the k-th one whose pattern holds the vendor.
    const k = tens * SHARED_PER_TEN + unit;
    const holding = PATTERNS_HOLDING.get(vendor) ?? [];
    const shared = Math.floor(k / holding.length) * SHARED_PATTERNS.length + (holding[k % holding.length] ?? 0);
    return generatedPerson(`shared:${shared}`, shared * 5);
  }
  const own = tens * (10 - SHARED_PER_TEN) + unit - SHARED_PER_TEN;
  return generatedPerson(`${vendor}:${own}`, own * 5 + 1 + SANDBOX_VENDORS.indexOf(vendor));
}

interface Name {
  /** As written. */
  name: string;
  /** Lower-case ASCII, for the mailbox. */
  latin: string;
}

interface PreparedCulture extends Omit<Culture, 'female' | 'male' | 'last'> {
  female: readonly Name[];
  male: readonly Name[];
  last: readonly Name[];
}

const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ı: 'i',
};

/** `Ó Briain` → `obriain`, `Łukasz` → `lukasz`. */
function asciiFold(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøæœßþðđı]/g, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

function nameOf(entry: string): Name {
  const [name = entry, latin] = entry.split('|');
  return { name, latin: latin ?? asciiFold(name) };
}

// Folded once here rather than once a person: 400,000 people are made in about a second.
const PREPARED: readonly PreparedCulture[] = CULTURES.map((culture) => ({
  ...culture,
  female: culture.female.map(nameOf),
  male: culture.male.map(nameOf),
  last: culture.last.map(nameOf),
}));
const NEUTRAL: readonly Name[] = NEUTRAL_NAMES.map(nameOf);

/** One person from its key; `number` (unique among generated people) keeps the mailbox unique. */
export function generatedPerson(key: string, number: number): SeedPerson {
  const random = new SeededRandom(key);
  const culture = random.pick(PREPARED);
  const roll = random.next();
  const gender = roll < 0.45 ? 'female' : roll < 0.9 ? 'male' : roll < 0.93 ? 'other' : undefined;
  const given = gender === 'female' ? culture.female : gender === 'male' ? culture.male : random.chance(0.5) ? NEUTRAL : culture.female;
  const first = random.pick(given);
  const last = random.pick(culture.last);
  const person: SeedPerson = { key, firstName: first.name, lastName: last.name, country: culture.country };
  if (random.chance(0.94)) person.email = mailbox(random, first, last, number);
  if (random.chance(0.85)) person.phone = typedDigits(random, random.pick(culture.phones));
  if (random.chance(0.6)) person.birthday = birthday(random);
  if (gender) person.gender = gender;
  if (random.chance(0.85)) person.locale = culture.locale;
  if (random.chance(0.15)) person.company = random.pick(COMPANIES);
  if (random.chance(0.12)) person.note = random.pick(NOTES);
  return person;
}

function mailbox(random: SeededRandom, first: Name, last: Name, number: number): string {
  const international = random.chance(0.05);
  const typed = (name: string) => name.toLowerCase().replace(/[\s’'-]/g, '');
  const local = international ? `${typed(first.name)}.${typed(last.name)}` : `${first.latin}.${last.latin}`;
  const domain = random.pick(international ? INTERNATIONAL_MAIL_DOMAINS : MAIL_DOMAINS);
  const address = `${local}.${number}@${domain}`;
  // Typed with capitals: matching must still find it.
  return random.chance(0.03)
    ? address.replace(/(^|[.@])(\p{Ll})/gu, (_match, lead: string, letter: string) => lead + letter.toUpperCase())
    : address;
}

/** `#` any digit, `%` a digit from 2 to 9. */
function typedDigits(random: SeededRandom, pattern: string): string {
  let typed = '';
  for (const character of pattern) {
    typed += character === '#' ? random.between(0, 9) : character === '%' ? random.between(2, 9) : character;
  }
  return typed;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

function birthday(random: SeededRandom): string {
  if (random.chance(0.01)) return `${1944 + 4 * random.between(0, 15)}-02-29`;
  const year = random.between(1940, 2006);
  const month = random.between(1, 12);
  // 29 February only by the line above, in a leap year.
  const day = random.between(1, DAYS_IN_MONTH[month - 1] ?? 28);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}
