// The people the four sandbox vendors are seeded with. Each vendor takes its own slice of this list
// (overlapping, so the same email shows up in several sources) and stores them its own way, followed
// by the generated people SANDBOX_CUSTOMERS asks for (generated/people.ts).

export interface SeedPerson {
  /** Generated people only (generated/people.ts): unique among them. The hand-written ones are told apart by name and email. */
  key?: string;
  firstName: string;
  lastName: string;
  email?: string;
  /** As a person would type it, national or international. */
  phone?: string;
  /** ISO 3166-1 alpha-2 of the phone / home. */
  country?: string;
  birthday?: string;
  gender?: 'female' | 'male' | 'other';
  /** BCP 47 tag. */
  locale?: string;
  company?: string;
  note?: string;
}

// biome-ignore format: a table, one person a line
export const SEED_PEOPLE: readonly SeedPerson[] = [
  { firstName: 'Jordan', lastName: 'Reed', email: 'jordan.reed@example.test', phone: '+381601234567', country: 'RS', birthday: '1990-05-17', gender: 'female', locale: 'en-GB', company: 'Reed & Co', note: 'Prefers morning appointments.' },
  { firstName: 'Casey', lastName: 'Nguyen', email: 'casey.nguyen@example.test', phone: '(415) 555-2671', country: 'US', birthday: '1985-11-02', gender: 'male', locale: 'en-US' },
  { firstName: 'Taylor', lastName: 'Brooks', email: 'taylor.brooks@example.test', country: 'US', gender: 'female', locale: 'en-US', note: 'Allergic to latex.' },
  { firstName: 'Zoë', lastName: 'Ångström', email: 'zoe.angstrom@example.test', phone: '+46 70 123 45 67', country: 'SE', birthday: '1992-02-29', gender: 'female', locale: 'sv-SE' },
  { firstName: 'José', lastName: 'Müller', email: 'jose.muller@example.test', phone: '0170 1234567', country: 'DE', birthday: '1978-07-04', gender: 'male', locale: 'de-DE', company: 'Müller Bau GmbH' },
  { firstName: 'Łukasz', lastName: 'Żółć', email: 'lukasz.zolc@example.test', phone: '+48 512 345 678', country: 'PL', gender: 'male', locale: 'pl-PL' },
  { firstName: 'Siobhán', lastName: 'Ó Briain', email: 'siobhan.obriain@example.test', phone: '+353 85 123 4567', country: 'IE', birthday: '1988-03-17', gender: 'female', locale: 'ga-IE' },
  { firstName: 'Þórunn', lastName: 'Sigurðardóttir', email: 'thorunn@example.test', country: 'IS', gender: 'female', locale: 'is-IS' },
  { firstName: '娜', lastName: '李', email: 'li.na@example.test', phone: '+86 138 0013 8000', country: 'CN', birthday: '1995-08-08', gender: 'female', locale: 'zh-CN' },
  { firstName: 'Ngọc', lastName: 'Trần', email: 'ngoc.tran@example.test', phone: '+84 91 234 56 78', country: 'VN', gender: 'female', locale: 'vi-VN' },
  { firstName: 'Renée', lastName: 'Dubois', email: 'renee.dubois@example.test', phone: '06 12 34 56 78', country: 'FR', birthday: '1983-12-24', gender: 'female', locale: 'fr-FR', company: 'Atelier Dubois' },
  { firstName: 'Jordan', lastName: 'Baptiste', email: 'jordan.baptiste@example.test', phone: '+1 514 555 0142', country: 'CA', gender: 'male', locale: 'fr-CA', note: 'Jordan prefers evenings.' },
  { firstName: 'Amara', lastName: 'Okafor', email: 'amara.okafor@example.test', phone: '+234 803 123 4567', country: 'NG', birthday: '1991-01-30', gender: 'female', locale: 'en-NG' },
  { firstName: 'Mateo', lastName: 'García', email: 'mateo.garcía@exämple.test', phone: '+34 612 34 56 78', country: 'ES', gender: 'male', locale: 'es-ES' },
  { firstName: 'Yuki', lastName: 'Tanaka', email: 'yuki.tanaka@example.test', phone: '090-1234-5678', country: 'JP', birthday: '1999-04-01', locale: 'ja-JP' },
  { firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@example.test', phone: '+91 98765 43210', country: 'IN', gender: 'female', locale: 'en-IN', company: 'Raman Analytics' },
  { firstName: 'Olusegun', lastName: 'Adeyemi', country: 'NG', gender: 'male' },
  { firstName: 'Søren', lastName: 'Kierkegård', email: 'soren.k@example.test', phone: '+45 20 12 34 56', country: 'DK', birthday: '1980-05-05', gender: 'male', locale: 'da-DK' },
  { firstName: 'Fatima', lastName: 'Al-Sayed', email: 'fatima.alsayed@example.test', phone: '+971 50 123 4567', country: 'AE', gender: 'female', locale: 'ar-AE' },
  { firstName: 'Chloé', lastName: 'Lefèvre', email: 'chloé.lefèvre@example.test', country: 'FR', birthday: '2001-09-09', gender: 'female', locale: 'fr-FR' },
  { firstName: 'Noah', lastName: 'Schmidt', email: 'noah.schmidt@example.test', phone: '+49 151 23456789', country: 'DE', gender: 'male', locale: 'de-AT' },
  { firstName: 'Alex', lastName: 'Morgan', email: 'alex.morgan@example.test', phone: '+44 7700 900123', country: 'GB', gender: 'other', locale: 'en-GB', note: 'Uses they/them.' },
  { firstName: 'Ingrid', lastName: 'Bergström', email: 'ingrid.bergstrom@example.test', phone: '+47 412 34 567', country: 'NO', birthday: '1975-10-10', gender: 'female', locale: 'nb-NO' },
  { firstName: 'Dmitri', lastName: 'Volkov', email: 'dmitri.volkov@example.test', phone: '+7 912 345-67-89', country: 'RU', gender: 'male', locale: 'ru-RU' },
  { firstName: 'Aylin', lastName: 'Yılmaz', email: 'aylin.yilmaz@example.test', phone: '+90 532 123 45 67', country: 'TR', birthday: '1993-06-21', gender: 'female', locale: 'tr-TR' },
  { firstName: 'Kwame', lastName: 'Mensah', email: 'kwame.mensah@example.test', country: 'GH', gender: 'male' },
  { firstName: 'Hana', lastName: 'Novák', email: 'hana.novak@example.test', phone: '+420 601 123 456', country: 'CZ', gender: 'female', locale: 'cs-CZ', company: 'Novák s.r.o.' },
  { firstName: 'Lucas', lastName: 'Oliveira', email: 'lucas.oliveira@example.test', phone: '+55 11 91234-5678', country: 'BR', birthday: '1987-02-14', gender: 'male', locale: 'pt-BR' },
  { firstName: 'Mia', lastName: 'Rossi', email: 'mia.rossi@example.test', phone: '+39 312 345 6789', country: 'IT', gender: 'female', locale: 'it-IT' },
  { firstName: 'Jordan', lastName: 'Kim', email: 'jordan.kim@example.test', phone: '+82 10-1234-5678', country: 'KR', gender: 'male', locale: 'ko-KR' },
  { firstName: 'Elif', lastName: 'Demir', email: 'elif.demir@example.test', country: 'TR', gender: 'female' },
  { firstName: 'Oscar', lastName: 'Wilde', email: 'oscar.wilde@example.test', phone: '+353 1 234 5678', country: 'IE', birthday: '1954-10-16', gender: 'male', locale: 'en-IE', note: 'VIP.' },
  { firstName: 'Astrid', lastName: 'Lindqvist', email: 'astrid.lindqvist@example.test', phone: '+46 8 123 456 78', country: 'SE', gender: 'female', locale: 'sv-SE' },
  { firstName: 'Rahul', lastName: 'Mehta', email: 'rahul.mehta@example.test', phone: '+91 99876 54321', country: 'IN', gender: 'male', locale: 'hi-IN' },
  { firstName: 'Grace', lastName: 'O’Connor', email: 'grace.oconnor@example.test', phone: '+61 412 345 678', country: 'AU', birthday: '1997-12-01', gender: 'female', locale: 'en-AU' },
  { firstName: 'Émile', lastName: 'Zola', email: 'emile.zola@example.test', country: 'FR', gender: 'male', locale: 'fr-FR' },
  { firstName: 'Sakura', lastName: 'Watanabe', email: 'sakura.watanabe@example.test', phone: '+81 80-9876-5432', country: 'JP', gender: 'female', locale: 'ja-JP' },
  { firstName: 'Björn', lastName: 'Ólafsson', email: 'bjorn.olafsson@example.test', country: 'IS', birthday: '1969-07-20', gender: 'male' },
  { firstName: 'Nadia', lastName: 'Haddad', email: 'nadia.haddad@example.test', phone: '+961 3 123 456', country: 'LB', gender: 'female', locale: 'ar-LB' },
  { firstName: 'Sam', lastName: 'Taylor', phone: '+1 212 555 0143', country: 'US' },
];

/**
 * Which seed people each vendor holds: overlapping windows, so that most people are in two or more
 * sources and people 12–29 are in all four (same email, for `sameAs`).
 */
export const SEED_SLICES = {
  AMELIA: SEED_PEOPLE.slice(0, 30),
  KB_SUPPORT: SEED_PEOPLE.slice(8, 40),
  PLATFORM: SEED_PEOPLE.slice(4, 34),
  CRM: SEED_PEOPLE.slice(12, 40),
} as const;
