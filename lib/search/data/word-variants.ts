// Spellings of one name, and a few plain synonyms, that no rule can connect: each line is one
// group, first the spelling the index keeps. A word in a group is indexed and queried as that
// first spelling, so ترمب finds ترامب exactly instead of through trigram similarity. Editors add
// more as aliases on a tag (see lib/tags); these are the ones a newsroom meets every day.
export const wordVariants = `
ترامب ترمب
بوتين بوتن
أردوغان إردوغان اردغان
نتنياهو نتانياهو نتنیاهو
ماكرون ماكرن
زيلينسكي زيلنسكي زيلينسكى
غوغل جوجل قوقل
مايكروسوفت ميكروسوفت مايكروسفت
سامسونغ سامسونج
آبل أبل
هواوي هواوى
أمازون امازون
فيسبوك فيس
تيك تيكتوك
غوتيريش غوتيريس جوتيريش جوتيريس غوتيرس
بلينكن بلنكن
بنزيما بنزيمة
أمريكا أميركا
شولتس شولتز
سوريا سورية
إسطنبول اسطنبول استانبول
مستشفى مشفى
زلزال هزة
انتخاب اقتراع
بنك مصرف
هاتف جوال محمول
معلم مدرس
`;
