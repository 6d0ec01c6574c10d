// Names and places that are never stemmed: بوتين is not ب + وتين, لبنان is not لبن + ان. A word
// whose prefix-stripped reading is listed here is indexed and queried as that name only, and a
// suffix strip that would turn another word into one of these (المالية → مالي, الرياضة → رياض)
// is dropped. Written as an editor types them; the article ال is optional (both readings are tried).

/** People, companies and organisations. Only the exact name (after clitics) is this name. */
export const protectedNames = `
ترامب بوتين أردوغان نتنياهو ماكرون زيلينسكي بايدن هاريس أوباما شولتس ميرتس ستارمر سوناك ميلوني
غوتيريش بلينكن روبيو لافروف مودي بنزيما ميسي رونالدو صلاح معلول عباس السيسي تبون
خامنئي بزشكيان الأسد الشرع حفتر الدبيبة البرهان حميدتي عون سلام ميقاتي
غوغل جوجل مايكروسوفت آبل أبل سامسونغ هواوي شاومي أمازون ميتا فيسبوك تويتر إنستغرام يوتيوب
تيك نتفليكس تسلا إنفيديا أرامكو أوبك الناتو حماس حزب
الرياض
`;

/**
 * Countries and cities. Their nisba adjective counts as the place (اللبنانية, السوداني, المصرية),
 * so a ي-suffix strip may reach them. الرياض is a name above: رياضي means "sporty", not "of Riyadh".
 */
export const protectedPlaces = `
لبنان سوريا سورية السودان مصر الأردن العراق اليمن تونس الجزائر المغرب ليبيا موريتانيا قطر الكويت
البحرين عمان السعودية الإمارات فلسطين إسرائيل إيران تركيا روسيا الصين فرنسا ألمانيا بريطانيا إيطاليا
إسبانيا أوكرانيا أمريكا أميركا اليابان الهند باكستان أفغانستان البرازيل كندا مالي النيجر تشاد الصومال
إثيوبيا كينيا نيجيريا السنغال أفريقيا أوروبا آسيا
بيروت دمشق بغداد القاهرة غزة القدس الخليل نابلس جنين طهران أنقرة إسطنبول إزمير موسكو كييف
بكين واشنطن نيويورك لندن باريس برلين روما بروكسل جنيف الدوحة مسقط المنامة أبوظبي دبي الشارقة جدة
مكة الخرطوم طرابلس بنغازي الرباط فاس طنجة مراكش الإسكندرية الأقصر أسوان
حلب حمص الموصل البصرة أربيل عدن صنعاء الحديدة
`;
