import type { BodyBlockSpec } from "@/lib/articles/body-text";
import { tagIdentity } from "@/lib/tags/resolve";

// Phrase banks and a seeded PRNG for scripts/db-generate.ts. The text is grammatical enough to read,
// and deliberately full of what Arabic search must cope with: prefixed forms (والأمريكي، لبوتين،
// بالكرملين), hamza variants, digits and Latin names inside Arabic sentences.
const list = (text: string) => text.split("|").map((item) => item.trim());

// ------------------------------------------------------------ word and phrase banks
export const DEMO_SECTIONS = list("سياسة|اقتصاد|عربي-ودولي|رياضة|ثقافة|تكنولوجيا");
export const FIRST_NAMES = list("سلمى|كريم|نور|يوسف|رنا|خالد|ليلى|عمر|هدى|سامر|مريم|طارق|دينا|فادي|ريم|ماجد|هالة|وليد|جنى|باسل|لمى|زياد|سارة|أنس|رشا|حسام|منى|إياد|نادين|مازن");
export const LAST_NAMES = list("حداد|منصور|الخطيب|عامر|صالح|العلي|النجار|الحسيني|قاسم|البزاز|الشامي|عيسى|الزين|درويش|الأحمد|يونس|سعادة|الرفاعي|حمدان|العمر");
const ENTITY_TAGS = list(
  "غزة|روسيا|أوكرانيا|فلاديمير بوتين|دونالد ترامب|الكرملين|الولايات المتحدة|الاتحاد الأوروبي|إيران|إسرائيل|لبنان|سوريا|مصر|السعودية|" +
    "الإمارات|قطر|العراق|الأردن|المغرب|الجزائر|تونس|ليبيا|السودان|اليمن|الصين|تركيا|فرنسا|ألمانيا|بريطانيا|حلف الناتو|الأمم المتحدة|" +
    "مجلس الأمن|النفط|التضخم|أسعار الفائدة|الذهب|البورصة|الذكاء الاصطناعي|كرة القدم|كأس العالم|دوري أبطال أوروبا|ريال مدريد|برشلونة|" +
    "محمد صلاح|الانتخابات|التغير المناخي|الهجرة|الأمن الغذائي|Apple|OpenAI|Nvidia|Google|Tesla|Elon Musk|Microsoft|Meta|TikTok|ChatGPT|" +
    "منظمة الصحة العالمية|صندوق النقد الدولي|البنك الدولي|أوبك+|جو بايدن|شي جين بينغ|إيمانويل ماكرون|رجب طيب أردوغان|الجامعة العربية|" +
    "الدوري الإنجليزي|الهلال|الأهلي|الوداد|الترجي|الأولمبياد|السينما|معرض الكتاب|الأمن السيبراني|العملات الرقمية|بيتكوين|الطاقة المتجددة",
);
const TOPICS = list(
  "انتخابات|اقتصاد|سياحة|تعليم|صحة|طاقة|مياه|زراعة|نقل|إسكان|بطالة|ميزانية|ديون|استثمار|تجارة|أمن|قضاء|برلمان|حكومة|جيش|" +
    "دوري|منتخب|سينما|مسرح|أدب|موسيقى|جامعات|اتصالات|شركات ناشئة|فيضانات|زلزال|جفاف|حرائق|مهرجان|احتجاجات|حقوق الإنسان|لاجئون|عملة|موانئ|طيران",
);
const PLACES = list(
  "مصر|الأردن|لبنان|سوريا|العراق|السعودية|الإمارات|قطر|الكويت|البحرين|عُمان|اليمن|المغرب|الجزائر|تونس|ليبيا|السودان|موريتانيا|فلسطين|" +
    "تركيا|إيران|روسيا|أوكرانيا|الصين|الهند|باكستان|اليابان|فرنسا|ألمانيا|بريطانيا|إيطاليا|إسبانيا|أمريكا|كندا|البرازيل|الأرجنتين|" +
    "الصومال|جيبوتي|إندونيسيا|نيجيريا|إثيوبيا|كينيا|جنوب أفريقيا|القاهرة|بيروت|دمشق|بغداد|الرياض|دبي|الدوحة|عمّان|الرباط|تونس العاصمة|الخرطوم|موسكو|كييف|واشنطن|باريس|لندن|برلين|بكين",
);
const SUBJECTS = list(
  "الرئيس الأمريكي|وزير الخارجية الروسي|الكرملين|البيت الأبيض|الاتحاد الأوروبي|البنك المركزي|صندوق النقد الدولي|الأمين العام للأمم المتحدة|" +
    "رئيس الوزراء|المتحدث باسم الحكومة|مصادر دبلوماسية|المنتخب الوطني|شركة OpenAI|مجلس الأمن|وزير الاقتصاد|الجامعة العربية|" +
    "محللون اقتصاديون|منظمة الصحة العالمية|مدرب ريال مدريد|البرلمان|وزارة الدفاع|المفوضية الأوروبية|رئيس شركة Nvidia|المعارضة|وزير الطاقة|اتحاد الكرة|المبعوثان الروسي والأمريكي",
);
const VERBS = list("يحذر من|يعلن عن|يبحث|يرفض|يدعو إلى|يكشف عن|يناقش|يتوقع|ينفي|يؤكد|يطالب بـ|يدرس|يعلّق على|يحسم|يراهن على|يتعهد بـ");
const OBJECTS = list(
  "تصعيد عسكري جديد|خطة لخفض التضخم|استئناف محادثات السلام|العقوبات الغربية على موسكو|تقلبات أسعار النفط|اتفاق تجاري طويل الأمد|" +
    "حزمة إصلاحات اقتصادية|نتائج الانتخابات المبكرة|مشروع قانون مثير للجدل|صفقة تبادل الأسرى|نموذج ذكاء اصطناعي جديد|استضافة كأس العالم|" +
    "رفع أسعار الفائدة|أزمة الطاقة في أوروبا|خطة إعادة الإعمار|موجة الحر غير المسبوقة|قيود جديدة على الهجرة|تمويل مشاريع الطاقة الشمسية|" +
    "عقوداً جديدة للاعبين|ميزانية العام المقبل|تحقيق في تسريب بيانات|إطلاق قمر صناعي|انتخاب رئيس جديد للاتحاد|مستقبل الشراكة مع واشنطن",
);
const QUALIFIERS = list(
  "وسط مخاوف من ركود عالمي|في ظل توترات إقليمية متصاعدة|قبيل قمة مجموعة العشرين|بعد أيام من لقائه بوتين|رداً على تصريحات لبوتين|" +
    "بحسب مسؤول في الكرملين|وفق ما نقلت وكالة Reuters|خلال مؤتمر صحفي في واشنطن|بالتزامن مع جولة للمبعوث الأوروبي في المنطقة|" +
    "على هامش منتدى دافوس|بعد اجتماع طارئ للحكومة|وللمرة الأولى منذ عقد|في تقرير نشرته Bloomberg|بحسب بيانات رسمية|إثر ضغوط شعبية واسعة",
);
const CONNECTORS = list(
  "وأضاف أن|وأشار المصدر إلى أن|ومن جهته، أكد أن|وفي سياق متصل، ذكرت التقارير أن|ويرى مراقبون أن|وبحسب بيان رسمي، فإن|" +
    "وكانت وسائل إعلام قد أفادت بأن|ولفت إلى أن|وفي المقابل، رأى خبراء أن|وتأتي هذه الخطوة بعد أن أعلن|وبالأمس، قال مسؤولون إن|فيما أكدت مصادر مطلعة أن",
);
const CLAUSES = list(
  "المفاوضات ما زالت في مراحلها الأولى|الأسواق تفاعلت سريعاً مع الإعلان|الحكومة ستعرض الخطة على البرلمان الأسبوع المقبل|" +
    "الأمريكيين يراقبون التطورات عن كثب|لبوتين حسابات مختلفة في هذا الملف|بالكرملين نقاشات مطوّلة حول الرد|الاستثمارات الأجنبية تراجعت بنسبة 12 في المئة|" +
    "للاقتصاد المحلي نصيب كبير من التداعيات|الجماهير احتشدت في الشوارع احتفالاً بالفوز|الشركة تخطط لطرح أسهمها في البورصة|" +
    "المعارضة تتهم الحكومة بالتقصير|الخبراء يتوقعون ارتفاع الأسعار خلال الربع المقبل|القرار يدخل حيز التنفيذ مطلع الشهر|" +
    "فريق Microsoft و Google يتنافسان على العقد|الأرقام الأخيرة فاقت توقعات المحللين|العلاقات الثنائية تشهد تحسناً ملحوظاً|" +
    "بالمنطقة أزمة إنسانية تتفاقم يوماً بعد يوم|وزارة الصحة سجلت 340 إصابة جديدة|الفنانين شاركوا بأعمال من 20 دولة",
);
const QUOTES = list("لن نقبل بأي حلول مؤقتة|الأيام المقبلة ستكون حاسمة|نحن أمام فرصة تاريخية|الحوار هو الطريق الوحيد|الأرقام تتحدث عن نفسها");
export const OUTLETS = list("رويترز|وكالة الأنباء الفرنسية|أسوشيتد برس|بي بي سي عربي|سكاي نيوز عربية|الأناضول|د ب أ");

// ------------------------------------------------------------ deterministic randomness
export function createRandom(seed: number) {
  let state = seed >>> 0;
  // mulberry32: tiny, fast, and the same sequence for the same --seed on every machine.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Early items come up far more often: a few prolific authors, busy sections.
  const pickSkewed = <T>(items: readonly T[]): T => items[Math.floor(items.length * next() ** 1.6)]!;
  return { next, int, pick, pickSkewed, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof createRandom>;

/** Zipf–Mandelbrot weights 1/(rank+10)^1.5: a few tags on thousands of stories, most on a handful. */
export function createZipfSampler(size: number, random: Random) {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank++) cumulative[rank] = total += 1 / (rank + 11) ** 1.5;
  return () => {
    const target = random.next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** Real-world names rank first (they become the busiest tags), then topic × place and people. */
export function tagVocabulary(random: Random, count: number): string[] {
  const composed = [
    ...TOPICS.flatMap((topic) => PLACES.map((place) => `${topic} ${place}`)),
    ...FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`)),
  ];
  for (let i = composed.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [composed[i], composed[j]] = [composed[j]!, composed[i]!];
  }
  const byIdentity = new Map<string, string>();
  for (const name of [...ENTITY_TAGS, ...composed]) {
    if (!byIdentity.has(tagIdentity(name))) byIdentity.set(tagIdentity(name), name);
  }
  return [...byIdentity.values()].slice(0, count);
}

// Made-up names built from syllables give the long tail of rare words a real archive has
// (officials, villages, firms); without them every indexed word would sit in thousands of stories.
const SYLLABLES = list("با|تو|را|مي|سو|كا|لي|نو|دا|زي|فا|هو|جو|شا|ري|طا|غو|قا|وي|يا|بر|تن|سل|مر|كر|لف|ند|رز|حم|عب");
const NAME_ENDINGS = list("|ي|ان|ون|ية|ستان|اوي");
const ROLES = list("المتحدث باسم الوزارة|الخبير الاقتصادي|المسؤول المحلي|الباحث|المحلل السياسي|مدير الشركة");

function rareName(random: Random): string {
  const syllables = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join("");
  return syllables + random.pick(NAME_ENDINGS);
}

/** "يطالب بـ" + "اتفاق" is written "يطالب باتفاق": the preposition joins the next word. */
function verbPhrase(random: Random): string {
  const verb = random.pick(VERBS);
  const object = random.pick(OBJECTS);
  return verb.endsWith("بـ") ? `${verb.slice(0, -1)}${object}` : `${verb} ${object}`;
}

function sentence(random: Random): string {
  const quote = random.chance(0.2) ? ` وقال ${random.pick(ROLES)} ${rareName(random)}: «${random.pick(QUOTES)}».` : ".";
  return `${random.pick(CONNECTORS)} ${random.pick(SUBJECTS)} ${verbPhrase(random)} ${random.pick(QUALIFIERS)}، و${random.pick(CLAUSES)}${quote}`;
}

export function composeBody(random: Random, leadTag: string): BodyBlockSpec[] {
  const texts = Array.from({ length: random.int(4, 6) }, () =>
    Array.from({ length: random.int(2, 4) }, () => sentence(random)).join(" "),
  );
  // A dateline, and the main tag in the running text, as a reporter would write them.
  texts[0] = `${random.pick(PLACES)} — ${texts[0]} ويأتي ذلك في إطار متابعة ملف ${leadTag}.`;
  texts[1] = `وفي منطقة ${rareName(random)}، ${texts[1]}`;
  const paragraphs: BodyBlockSpec[] = texts;
  if (random.chance(0.2)) paragraphs.splice(2, 0, { h2: random.pick(OBJECTS) });
  if (random.chance(0.15)) paragraphs.splice(-1, 0, { quote: `«${random.pick(QUOTES)}»، ${random.pick(SUBJECTS)}.` });
  return paragraphs;
}

export function composeTitle(random: Random, leadTag: string): string {
  const headline = `${random.pick(SUBJECTS)} ${verbPhrase(random)}`;
  if (random.chance(0.5)) return `${leadTag}: ${headline}`;
  return random.chance(0.2) ? `${headline} في ${rareName(random)}` : `${headline} ${random.pick(QUALIFIERS)}`;
}

export function composeDek(random: Random): string {
  return `${random.pick(SUBJECTS)} ${verbPhrase(random)} ${random.pick(QUALIFIERS)}، و${random.pick(CLAUSES)}.`;
}
