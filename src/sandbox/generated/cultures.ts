// What the generated sandbox people are made of: names by country and script (accents, non-Latin
// scripts, names of several words, apostrophes), phone numbers as people type them there (national and
// international forms), companies and notes. Names outside the Latin script are `native|latin`: the
// Latin form makes the mailbox, as people with such names mostly have one.
//
// Each phone pattern is a valid number block of one kind (mobile or landline) with its last five or
// six digits random: the PLATFORM sandbox reads one number per block and not each (platform/phone-forms.ts).

export interface Culture {
  country: string;
  locale: string;
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
  /** As people there type them: `#` any digit, `%` a digit from 2 to 9; at most six of them, at the end. */
  phones: readonly string[];
}

// biome-ignore format: a table, one culture a block
export const CULTURES: readonly Culture[] = [
  { country: 'US', locale: 'en-US', female: ['Emma', 'Olivia', 'Madison', 'Harper', 'Taylor'], male: ['Liam', 'Noah', 'Ethan', 'Jordan', 'Logan'],
    last: ['Smith', 'Johnson', 'Brooks', 'Carter', 'Reed', 'Morgan', 'Nguyen'], phones: ['(415) 2##-####', '+1 212 5##-####', '646.3##.####'] },
  { country: 'GB', locale: 'en-GB', female: ['Amelia', 'Isla', 'Grace', 'Freya'], male: ['Oliver', 'George', 'Alfie', 'Oscar'],
    last: ['Wilson', 'Davies', 'Evans', 'Hughes', 'O’Connor', 'Clarke'], phones: ['+44 7400 ######', '07911 2#####', '+44 20 79## ####'] },
  { country: 'IE', locale: 'ga-IE', female: ['Siobhán', 'Aoife', 'Niamh', 'Róisín'], male: ['Seán', 'Oisín', 'Pádraig', 'Eoin'],
    last: ['Ó Briain', 'Ní Mhurchú', 'O’Sullivan', 'Mac Cárthaigh', 'Byrne'], phones: ['+353 85 1## ####', '087 2## ####', '+353 1 4## ####'] },
  { country: 'FR', locale: 'fr-FR', female: ['Renée', 'Chloé', 'Léa', 'Inès', 'Hélène'], male: ['Émile', 'Jérôme', 'Théo', 'François', 'Loïc'],
    last: ['Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Bénard', 'de La Tour'], phones: ['06 12 ## ## ##', '+33 6 23 ## ## ##', '+33 1 45 ## ## ##'] },
  { country: 'DE', locale: 'de-DE', female: ['Lena', 'Käthe', 'Jana', 'Sophie'], male: ['Lukas', 'Jörg', 'Maximilian', 'Felix'],
    last: ['Müller', 'Schäfer', 'Weiß', 'Köhler', 'Schmidt', 'von Bülow'], phones: ['0170 3######', '+49 151 23######', '+49 30 12######'] },
  { country: 'ES', locale: 'es-ES', female: ['Lucía', 'María José', 'Begoña'], male: ['Mateo', 'José Luis', 'Íñigo', 'Álvaro'],
    last: ['García', 'Muñoz', 'Peña', 'Ibáñez', 'Fernández Ortega'], phones: ['+34 612 ## ## ##', '655 ### ###'] },
  { country: 'BR', locale: 'pt-BR', female: ['Ana Clara', 'Beatriz', 'Conceição'], male: ['João', 'Lucas', 'Thiago'],
    last: ['Oliveira', 'Gonçalves', 'Araújo', 'da Silva'], phones: ['+55 11 912##-####', '(21) 987##-####'] },
  { country: 'PL', locale: 'pl-PL', female: ['Zofia', 'Małgorzata', 'Agnieszka'], male: ['Łukasz', 'Paweł', 'Wojciech'],
    last: ['Żółć', 'Wiśniewski', 'Wójcik', 'Dąbrowski'], phones: ['+48 512 ### ###', '601 ### ###'] },
  { country: 'CZ', locale: 'cs-CZ', female: ['Hana', 'Tereza', 'Zuzana'], male: ['Jiří', 'Tomáš', 'Ondřej'],
    last: ['Novák', 'Dvořák', 'Černý', 'Procházka'], phones: ['+420 601 ### ###', '777 ### ###'] },
  { country: 'SE', locale: 'sv-SE', female: ['Astrid', 'Åsa', 'Linnéa', 'Zoë'], male: ['Björn', 'Måns', 'Örjan'],
    last: ['Ångström', 'Lindqvist', 'Bergström', 'Öberg'], phones: ['+46 70 1## ## ##', '073-2## ## ##', '+46 8 12# ### ##'] },
  { country: 'NO', locale: 'nb-NO', female: ['Ingrid', 'Sigrid'], male: ['Håkon', 'Ørjan'],
    last: ['Haugen', 'Sæther', 'Løvås'], phones: ['+47 41# ## ###', '92# ## ###'] },
  { country: 'DK', locale: 'da-DK', female: ['Mette', 'Søs'], male: ['Søren', 'Jørgen'],
    last: ['Kierkegård', 'Jørgensen', 'Møller'], phones: ['+45 20 1# ## ##', '+45 31 2# ## ##'] },
  { country: 'IS', locale: 'is-IS', female: ['Þórunn', 'Guðrún'], male: ['Björn', 'Ólafur'],
    last: ['Sigurðardóttir', 'Ólafsson', 'Þórsson'], phones: ['+354 69# ####', '+354 86# ####'] },
  { country: 'TR', locale: 'tr-TR', female: ['Aylin', 'Elif', 'Şule', 'Gül'], male: ['Çağrı', 'Oğuz', 'İlker'],
    last: ['Yılmaz', 'Demir', 'Şahin', 'Çelik', 'Öztürk'], phones: ['+90 532 4## ## ##', '0 (542) 3## ## ##'] },
  { country: 'VN', locale: 'vi-VN', female: ['Ngọc', 'Thảo', 'Hương'], male: ['Minh', 'Đức', 'Quốc Anh'],
    last: ['Trần', 'Nguyễn', 'Lê', 'Phạm', 'Đặng'], phones: ['+84 91 2## ## ##', '090 3## ## ##'] },
  { country: 'CN', locale: 'zh-CN', female: ['娜|na', '静|jing', '秀英|xiuying'], male: ['伟|wei', '强|qiang', '磊|lei'],
    last: ['李|li', '王|wang', '张|zhang', '刘|liu', '陈|chen'], phones: ['+86 138 00## ####', '139 12## ####'] },
  { country: 'JP', locale: 'ja-JP', female: ['さくら|sakura', '陽子|yoko', 'Yuki'], male: ['翔|sho', '健太|kenta', 'Daisuke'],
    last: ['田中|tanaka', '渡辺|watanabe', '佐藤|sato', 'Suzuki'], phones: ['090-12##-####', '+81 80-98##-####', '03-34##-####'] },
  { country: 'KR', locale: 'ko-KR', female: ['서연|seoyeon', '지우|jiwoo'], male: ['민준|minjun', '도윤|doyun'],
    last: ['김|kim', '이|lee', '박|park'], phones: ['+82 10-23##-####', '010-56##-####'] },
  { country: 'RU', locale: 'ru-RU', female: ['Анна|anna', 'Ольга|olga', 'Наталья|natalya'], male: ['Дмитрий|dmitri', 'Сергей|sergei', 'Иван|ivan'],
    last: ['Волков|volkov', 'Иванов|ivanov', 'Смирнов|smirnov', 'Кузнецов|kuznetsov'], phones: ['+7 912 3##-##-##', '8 (916) 5##-##-##'] },
  { country: 'UA', locale: 'uk-UA', female: ['Оксана|oksana', 'Олена|olena'], male: ['Андрій|andrii', 'Тарас|taras'],
    last: ['Шевченко|shevchenko', 'Коваленко|kovalenko'], phones: ['+380 67 2## ## ##'] },
  { country: 'GR', locale: 'el-GR', female: ['Ελένη|eleni', 'Μαρία|maria'], male: ['Γιώργος|giorgos', 'Νίκος|nikos'],
    last: ['Παπαδόπουλος|papadopoulos', 'Οικονόμου|oikonomou'], phones: ['+30 694 1## ####'] },
  { country: 'AE', locale: 'ar-AE', female: ['فاطمة|fatima', 'ليلى|layla'], male: ['محمد|mohammed', 'عمر|omar'],
    last: ['الحداد|alhaddad', 'السيد|alsayed', 'المنصوري|almansoori'], phones: ['+971 50 1## ####', '055 2## ####'] },
  { country: 'LB', locale: 'ar-LB', female: ['Nadia', 'Rania'], male: ['Karim', 'Ziad'],
    last: ['Haddad', 'Khoury', 'Al-Nasser'], phones: ['+961 3 ### ###', '+961 71 ### ###'] },
  { country: 'IL', locale: 'he-IL', female: ['נועה|noa', 'תמר|tamar'], male: ['יוסף|yosef', 'דוד|david'],
    last: ['כהן|cohen', 'לוי|levi'], phones: ['+972 52-3##-####', '054-7##-####'] },
  { country: 'IN', locale: 'en-IN', female: ['Priya', 'Ananya', 'Lakshmi'], male: ['Rahul', 'Arjun', 'Vikram'],
    last: ['Raman', 'Mehta', 'Iyer', 'Gupta'], phones: ['+91 9876# #####', '+91 7012# #####'] },
  { country: 'IN', locale: 'hi-IN', female: ['प्रिया|priya', 'अनीता|anita'], male: ['राहुल|rahul', 'अमित|amit'],
    last: ['शर्मा|sharma', 'वर्मा|verma'], phones: ['+91 9987# #####'] },
  { country: 'NG', locale: 'en-NG', female: ['Amara', 'Chiamaka', 'Ngozi'], male: ['Olusegun', 'Chinedu', 'Emeka'],
    last: ['Okafor', 'Adeyemi', 'Eze', 'Balogun'], phones: ['+234 803 1## ####', '0806 2## ####'] },
  { country: 'GH', locale: 'en-GH', female: ['Ama', 'Akosua'], male: ['Kwame', 'Kofi'],
    last: ['Mensah', 'Owusu', 'Asante'], phones: ['+233 24 1## ####'] },
  { country: 'CA', locale: 'fr-CA', female: ['Geneviève', 'Mélanie'], male: ['Jean-François', 'Étienne'],
    last: ['Baptiste', 'Tremblay', 'Côté', 'Gagnon'], phones: ['+1 514 5##-####', '(438) 2##-####'] },
  { country: 'AU', locale: 'en-AU', female: ['Grace', 'Matilda'], male: ['Jack', 'Lachlan'],
    last: ['O’Connor', 'Walsh', 'Nguyen'], phones: ['+61 412 ### ###', '0413 ### ###'] },
  { country: 'IT', locale: 'it-IT', female: ['Mia', 'Giulia', 'Chiara'], male: ['Niccolò', 'Luca', 'Matteo'],
    last: ['Rossi', 'D’Angelo', 'Bianchi', 'Esposito'], phones: ['+39 312 3## ####', '+39 06 68## ####'] },
  { country: 'RS', locale: 'sr-RS', female: ['Jelena', 'Milica'], male: ['Nikola', 'Đorđe'],
    last: ['Jovanović', 'Petrović', 'Đukić'], phones: ['+381601######', '064 1######'] },
];

/** Names anyone may have, whatever the country (for people who gave neither gender). */
export const NEUTRAL_NAMES: readonly string[] = ['Alex', 'Sam', 'Robin', 'Kim', 'Noor', 'Ariel', 'Sascha'];

export const COMPANIES: readonly string[] = [
  'Nordlicht GmbH',
  'Café Olé S.L.',
  'Łódź Design Sp. z o.o.',
  'Atelier Lumière',
  '株式会社さくら',
  'ООО «Вектор»',
  'O’Brien & Sons',
  'Fjord Fitness AS',
  'Studio Bellezza',
  'Saffron Yoga LLP',
  'Harbour & Hill Ltd',
  'Mensah Logistics',
];

export const NOTES: readonly string[] = [
  'Prefers morning appointments.',
  'Prefers evenings.',
  'Allergic to latex.',
  'VIP.',
  'Uses they/them.',
  'Paid in advance.',
  'Call before 10:00, not after.',
  'Bitte nur per E-Mail kontaktieren.',
  'Préfère le mardi.',
  'Gift voucher: €50 — redeemed.',
  '需要发票。',
  'Не звонить по выходным.',
  'يفضل التواصل عبر الرسائل.',
  'Brings her own mat 🧘.',
  'Wrote "urgent" & <b>bold</b> in the form.',
  'Line one.\nLine two.',
];

export const MAIL_DOMAINS: readonly string[] = ['example.test', 'example.org', 'example.com', 'mail.example.net'];

/** For internationalised mailboxes (RFC 6531): an internationalised domain name. */
export const INTERNATIONAL_MAIL_DOMAINS: readonly string[] = ['exämple.test', '例え.test'];
