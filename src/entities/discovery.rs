//! Discovery of names that neither the registry nor the gazetteer knows, from cue patterns:
//! person names after titles and roles, around speech verbs and in `name، role` appositions,
//! organizations from head nouns with a bounded genitive complement, and Latin acronyms.
//!
//! Rules work on the words of normalized text. Arabic has no capitals, so a word is taken as
//! part of a name only when nothing marks it as an ordinary word: not a particle, verb, role,
//! head noun, time word, known place, or nationality adjective derived from a known place.

use std::collections::HashMap;

use rustc_hash::FxHashSet as HashSet;

use super::matcher::{key, original_range, spellings, Hit, QUOTES};
use super::Catalog;
use crate::arabic::tokens::{
    has_clitic_article, readings, strip_article, tokens, Token, PROCLITICS,
};
use crate::arabic::{clean_display, fold, Normalized};
use crate::model::EntityType;

/// A name found by discovery in one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: EntityType,
    /// Matching key of the name.
    pub key: String,
    /// Normalized byte range in the block.
    pub start: usize,
    pub end: usize,
    /// The name as written (diacritics and tatweel dropped).
    pub surface: String,
    /// The known entity (catalog index) this name is another form of: a head noun and a
    /// known organization's whole name (مجلس + «الاحتياطي الفيدرالي الأمريكي»).
    pub same_as: Option<usize>,
}

fn words(list: &str) -> HashSet<String> {
    list.split_whitespace().map(fold).collect()
}

/// Particles, pronouns, frequent verbs and nouns that never start or continue a name.
const STOP: &str = "عقب أحد إحدى تجاه حيال إزاء في من إلى الى على عن مع رفقة برفقة بمعية فيما فقط فضلا فور فورا مرة المرة للمرة لمرة أن إن أنه إنه أنها بأن لأن كان كانت يكون تكون قد لقد لم لن لا ما ماذا هل ثم أو أم بل لكن لكنه غير سوى حتى منذ مذ عند عندما حين حيث بين بينما خلال ضمن نحو لدى لدي أمام وراء فوق تحت قبل بعد دون ضد عبر إثر اثر أي أيضا كما كل بعض جميع عدة عدد هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين اللواتي هو هي هم هن نحن أنا أنت أنتم له لها لهم به بها بهم منه منها منهم فيه فيها فيهم عليه عليها إليه إليها وهو وهي ذات نفسه نفسها ذاته ذاتها سواء إذ إذا إذن لو لولا كي كيف متى أين أينما مثل وفق وفقا حسب بحسب تبعا نظرا بسبب جراء رغم وسط قرب لدى عام سنة شهر يوم أمس اليوم غدا الأسبوع الماضي الماضية المقبل المقبلة الحالي الحالية الجاري الجارية الأخير الأخيرة الأول الأولى الثاني الثانية يناير فبراير مارس أبريل أبريل مايو ماي يونيو يونيه يوليو يوليوز أغسطس غشت سبتمبر شتنبر أكتوبر نوفمبر نونبر ديسمبر دجنبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء مصدر مصادر تقارير تقرير أوساط جهات جهة خبراء خبير مراقبون محللون وسائل مسؤول مسؤولون مسؤولين بيان بلاغ تقرير تصريح تصريحات حوار مقابلة رسالة كلمة خطاب وفد وفدا عملية العملية برنامج برامج البرنامج منصة المنصة مشروع المشروع مبادرة المبادرة خطة الخطة مخطط استراتيجية إستراتيجية مجال إطار اطار مستوى أجل اجل شأن بشأن جانب الجانب الطرفان الطرفين الجانبان البلدين البلدان البلاد الدول الدولة دول دولة المملكة العاصمة المدينة الحكومة الشرطة الأمن قوات القوات مختلف مجموعة جملة عشرات مئات آلاف ملايين مليون مليار ألف مئة مائة نسبة المئة بالمئة بالمائة مرارا أيضا سابقا حاليا مؤخرا كثيرا جدا لاحقا مجددا رسميا شخصيا قسم ثانية ثالثة جديدة أخرى واحدة عازلة أخبار بدوره بدورها بدورهم مطلع مستهل منتصف أواسط أواخر أوائل نهاية بداية الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر أما أكثر أقل رقم آنذاك حينذاك وقتذاك حينها وقتها";

/// Verbs of saying and reporting that introduce a speaker.
const SPEECH: &str = "قال قالت يقول تقول أكد أكدت يؤكد تؤكد أوضح أوضحت يوضح توضح أضاف أضافت يضيف تضيف شدد شددت يشدد تشدد لفت لفتت أبرز أبرزت يبرز اعتبر اعتبرت يعتبر تعتبر أشار أشارت يشير تشير صرح صرحت يصرح ذكر ذكرت يذكر كشف كشفت يكشف رأى رأت يرى ترى أفاد أفادت يفيد تابع تابعت ختم ختمت خلص خلصت نبه نبهت دعا دعت يدعو أعلن أعلنت يعلن أوضح زاد زادت استطرد أردف أردفت حذر حذرت يحذر طالب طالبت قرأ قرأت شرح شرحت";

/// Titles and roles that stand before a person's name.
const TITLES: &str = "السلطان حاكم المايسترو الناقد الناقدة المدعي المدعية المخرج المخرجة الملحن المغني المغنية الموسيقار الرسام الرسامة المهندس المهندسة الطبيب الطبيبة البروفيسور البروفيسورة المؤرخ المؤرخة الأديب الأديبة القاص القاصة المنتجة المصورة اللاعبة المدربة الداعية المطرب المطربة الحكم الحارس المدافع المهاجم الممثل الممثلة الملازم النقيب الراحل الراحلة الفقيد الفقيدة المرحوم المرحومة الأستاذ الأستاذة الباحث الباحثة الخبير الخبيرة الدكتور الدكتورة السيد السيدة الشيخ الوزير الوزيرة السفير السفيرة الرئيس الرئيسة الملك الملكة الأمير الأميرة الجنرال العقيد اللواء العميد الفريق القاضي القاضية المحامي المحامية النائب النائبة البرلماني البرلمانية الصحفي الصحفية الصحافي الصحافية الكاتب الكاتبة المحلل المحللة الناشط الناشطة الفنان الفنانة المدرب اللاعب الروائي الروائية الشاعر الشاعرة المستشار المستشارة المدير المديرة المفوض المفوضة المبعوث المبعوثة الحاج الإمام البابا المتحدث الناطق المفكر الأكاديمي الأكاديمية الدبلوماسي المعارض المعارضة الزعيم القيادي العاهل المنسق المنسقة الأمين المندوب المندوبة الوالي العامل المراسل المراسلة رئيس رئيسة وزير وزيرة مدير مديرة سفير سفيرة نائب نائبة مستشار مستشارة مندوب قائد زعيم مفوض نظيره نظيرته نظيريه";

/// Roles that follow a name after a comma (`هشام معتضد، باحث …`).
const ROLES: &str = "أستاذ أستاذة باحث باحثة خبير خبيرة رئيس رئيسة وزير وزيرة مدير مديرة عضو عضوة سفير سفيرة نائب نائبة مستشار مستشارة محلل محللة كاتب كاتبة صحفي صحفية صحافي صحافية ناشط ناشطة مسؤول مسؤولة قائد مؤسس مؤسسة المدير المديرة الرئيس الرئيسة الأمين الناطق المتحدث المستشار الوزير السفير الباحث الخبير الأستاذ منسق منسقة محام محامية المحامي القاضي قاض الكاتب الصحفي المحلل مراسل مراسلة زعيم الزعيم رئيس المدرب مدرب لاعب اللاعب حاكم الحاكم محافظ المحافظ والي الوالي";

/// Organization heads that name a body with one complement (وزارة الداخلية).
const STRONG_HEADS: &str = "وزارة مديرية المديرية منظمة المنظمة وكالة الوكالة جامعة الجامعة معهد المعهد الرابطة رابطة حزب الحزب متحف المتحف مكتبة المكتبة نادي النادي مصرف المصرف كتلة الكتلة تكتل التكتل اتحاد الاتحاد تحالف التحالف منتدى المنتدى جمعية الجمعية نقابة النقابة مرصد المرصد أكاديمية الأكاديمية كلية الكلية مندوبية المندوبية صندوق الصندوق بنك البنك محكمة المحكمة الكونفدرالية كونفدرالية الفيدرالية فيدرالية ديوان";

/// Weak heads: need a longer complement, a prepositional complement or a known name.
const WEAK_HEADS: &str = "مؤسسة المؤسسة دائرة الدائرة قسم مكتب المكتب جهاز الجهاز مجلس المجلس لجنة اللجنة هيئة الهيئة مركز المركز مجموعة المجموعة حكومة شركة الشركة حركة الحركة جبهة الجبهة مفوضية المفوضية بعثة البعثة غرفة الغرفة بورصة البورصة ائتلاف الائتلاف سلطة السلطة";

/// Adjectives that end the names of public bodies (الوطنية, العليا, الرئاسي): after a weak
/// head and another complement they make a name (مجلس الأمن الوطني, هيئة الرقابة العليا),
/// as a nationality adjective does; other adjectives describe (مجلس الإدارة الجديد).
const INSTITUTIONAL: &str = "الوطني الوطنيه العام العامه العليا الاعلي المستقل المستقله الرئاسي الرئاسيه الدولي الدوليه الاتحادي الاتحاديه الاقليمي الاقليميه الاداري الاداريه العقاري العقاريه الزراعي الزراعيه الصناعي الصناعيه المالي الماليه الاقتصادي الاقتصاديه التجاري التجاريه الصحي الصحيه العسكري العسكريه القضائي القضائيه العلمي العلميه الاجتماعي الاجتماعيه الثقافي الثقافيه";

/// The fields of a ministry or a committee, added to a known body's name with و to name
/// another (وزارة الثقافة → وزارة الثقافة والإعلام, وزارة الصحة العامة والسكان, وزارة التعليم
/// العالي والبحث العلمي): the body of those fields, not the one of the first alone.
const PORTFOLIOS: &str = "الصحة السكان الإسكان التعمير العمران البيئة التنمية الشباب الرياضة الثقافة الفنون الآثار السياحة الإعلام الاتصال الاتصالات التواصل البحث التعليم التربية التكوين الصناعة الصناعات التجارة الاستثمار الزراعة الصيد المياه الماء الري الطاقة المعادن المناجم النقل اللوجستيك الاقتصاد المالية التخطيط العدل الحريات الأوقاف الشؤون البلديات الخارجية التعاون الهجرة المغتربين المهجرين الحماية العمل التشغيل الإدماج الرقمنة التكنولوجيا الابتكار الأسرة المرأة الطفولة التضامن الإصلاح الوظيفة الدفاع العقار التهيئة التجهيز الأشغال الموارد الثروة الثروات الغابات الحرف التراث الإنتاج النفط الغاز البترول الكهرباء التموين البريد المواصلات الطرق الموانئ الطيران الملاحة الإدارة العلوم المعرفة الدراسات الإحصاء التوظيف الضمان الرعاية الأراضي المواطنة الحوار المصالحة اللاجئين";

/// Words that may continue an organization's complement after a definite noun.
const LINKS: &str = "ضد حول";

/// Given names: a word from this list followed by a name-like word is a person. Arabic,
/// Amazigh and the transliterated foreign names frequent in the Arabic press.
const FIRST_NAMES: &str = "محمد أحمد محمود مصطفى علي عمر عثمان حسن حسين إبراهيم إسماعيل يوسف يونس موسى عيسى داود سليمان طاهر خالد خليل سعيد سعد سعود فهد فيصل سلمان عبدالله عبد أبو عبدالرحمن طارق هشام هاشم كريم رشيد رشيدة عزيز عزيزة نبيل نبيلة جمال كمال جلال بلال هلال عادل عدنان ياسين ياسر ياسمين أمين أمينة أنس إدريس ادريس إلياس نورة فاطمة خديجة عائشة مريم زينب حليمة سعاد ليلى سلمى سلوى هند حنان نادية نادية سميرة سمير منير منيرة نجيب نجيبة حميد حميدة رضا رضوان مراد مروان ماجد مجيد وليد وائل زهير زكريا زكية صلاح فؤاد فريد فريدة لطيفة لحسن الحسن الحسين العربي المهدي مهدي توفيق حكيم حكيمة شكيب عزيز عبداللطيف إحسان احسان سفيان أيوب أنور منصور ناصر نصر نزار نجاة نعيمة أميمة إلهام سناء عفاف بشرى بشير البشير الطيب المصطفى الحبيب حبيب ربيع شريف الشريف صالح صابر صبري سامي سامية سليم سليمة رياض جواد مهدي محسن حسني حمزة عمار عماد غسان مازن منذر نجم هاني هيثم وسام ماهر باسم بسام جورج ميشال ميشيل إيمانويل ايمانويل جو جوزيف جون جيمس ويليام وليام روبرت ريتشارد توماس تشارلز دونالد كريستوفر أنطونيو أنتوني أنتوني بيدرو فرناندو خوسيه خوان كارلوس مانويل لويس ميغيل بيدرو إيمانويل فرانسوا جان بيير نيكولا نيكولاس ماري مارين كاترين أنغيلا أنجيلا أولاف منى سلطان منصف مامادو ماركوس إيزابيل إيزابيلا كاترين كاترينا هانز كلاوس يورغن توماس أندرياس ستيفاني صوفي صوفيا ماريا مارتن ماتياس غابرييل رافاييل كريستيان كريستين آنا آنا إيفا لوكاس دانيال إميل إيما إيلينا لورا سارة نيلسون إدوارد ألبرت أرنولد والتر هيلموت فولفغانغ جيرار برنار ميشيل دومينيك ستيفان فيليب جاكلين إيفان إيغور سيرغي ميخائيل أليكسي يوري ناتاليا أولغا تاتيانا شينزو فوميو ناريندرا رام أمادو موسى عمرو سيدي محمدن الشيخ محمد ولد فلاديمير سيرغي سيرجي ديمتري أليكسي رجب أردوغان بنيامين إيهود أفريل كامالا هيلاري جو بوريس ريشي كير مارك ماركو أوليفر فرانك هنري بول بيتر بيل ستيفن ستيفان كيم شي لي جاك جوزيب ماريو جورجيا ماتيو سانشيز بيدرو أنطونيو غوتيريش أورسولا شارل تشارلز إليزابيث فيكتور إريك آلان ألان دافيد ديفيد دانيال دانيل صامويل أندريه أندرو مايكل ميشيل جوليا جوليان لوران أوليفييه برونو تيري تيريزا سالم سامر فواز خميس مقتدى حيدر عباس جعفر قاسم كاظم مهند أسامة حسام عصام وسيم رامي رامز شادي فادي ناجي راشد زايد حمد حمدان نايف مشعل يحيى زياد أيمن إياد نضال طلال معاذ ثامر جاسم حارث بشار صهيب مؤيد مجدي وضاح يزن يعقوب أكرم أشرف إسحاق حاتم خلدون طه فراس قيس لؤي معتز نعمان الطاهر الهادي الصادق امحمد رابح بوعلام الجيلالي عبدالقادر عبدالمجيد عبدالكريم عبدالرحيم عبدالعزيز عبدالحميد عبدالسلام عبدالإله عبدالمنعم عبدالفتاح عبدالوهاب عبدالرزاق عبدالهادي عبدالناصر عبدالحكيم عبدالغني عبدالستار عبدالجليل أنيس بكر تامر حمدي رأفت زكي سعدون شوقي عاطف عبود عدلي عزت علوان فتحي فوزي قصي لطفي مأمون محمدي مدحت مرتضى مشاري مصعب ممدوح نبيه نوري همام يسري سرى رنا ريم لينا دينا رانيا رولا ديما لمى نجلاء هبة سهام سوسن شيماء عبير غادة فدوى لبنى مها منال ميسون نسرين نوال هالة هيفاء وداد بثينة خلود رحاب علياء كوثر لمياء ميساء دلال رغد سجى غدير لارا ماجدة نرمين هيام جوفاني جيوفاني كينجي تيم فاسكو ستيفانو لورنزو أليساندرو يوهان أندريا كارلو باولو ريكاردو روبرتو سيرجيو خافيير ألبرتو هيروشي يوكو تاكيشي أكيرا وانغ عبدولاي إبراهيما ماكي ستيف جاستن أنالينا توني كيفن براين سكوت غاري ستيوارت نيك كاثرين كارين سوزان ليندا باربرا إيلين جينيفر لوسي كلير جوناثان بنجامين كيرستن فولكر ألكسندر أليكسندر سيباستيان فريدريش ماريانو إنريكي أنخيل رافائيل حامد عدي يامن ريان معاوية زيد ليث نجدت نهاد دلشاد بابكر عبدالرؤوف عبدالباسط عبدالمطلب عبدالخالق عبدالحليم عبدالعظيم عبدالمحسن عبدالملك عبدالواحد عبدالصمد عبدالجبار عبدالغفار عبدالرحمان عبدالباقي معتصم مثنى أويس حسان حمود حمادة رمزي سهيل شاهر شفيق صفوان عبيدة عزام فهمي محيي نائل نزيه نشأت وصفي وجدي آمنة نفيسة رقية صفية حفصة سمية تسنيم رهف ميار ريهام رزان سهير عبلة فايزة مروة ناهد نهلة خولة أسيل جيهان نيفين بتول شيرين روان نورا هدى إيمان دعاء أسماء جميلة كريمة سحر رحمة شهد صفاء فاتن فرح منار نسمة هناء وفاء زهرة ثريا نادر بدر سيف جمعة مختار مالك وحيد رائد فارس سلام أمل نور خليفة جاد مجد مؤمن رفيق فرج فضل عامر راضي حازم ضياء صادق شاكر هادي نعيم عاصم غازي فايز شهاب علاء عوض زاهر سامح نهى سهى نجوى رشا بهاء تميم أمجد أسعد أدهم وفيق ضحى آلاء يزيد وئام إنصاف غيث أيهم";

/// Given names that are also common words of the press (نصر "victory", هلال "crescent", سعيد
/// "happy", لي "to me") open a name only when the word after them looks like a name part (see [`names_a_person`]); elsewhere it needs a title, a verb of
/// saying or a role beside it (نصر كبير, هلال رمضان, سعيد الحظ, لي فرصة are no names).
const COMMON_WORD_NAMES: &str = "عمر نصر هلال ربيع نجم سلطان وسام جمال كمال صلاح إحسان احسان نجاة بشرى رضا توفيق جو رياض سرى عماد جلال فؤاد إلهام سناء حنان وداد عفاف دلال منال سهام هبة عبير كوثر سعيد كريم سالم حبيب عادل شريف صالح نبيل منير فريد حكيم عزيز طاهر سليم سامي منصور ناصر راشد رشيد هاني أمين حسن جواد مجيد حميد ماجد باسم مراد شادي نبيه سعد لي شي هدى إيمان دعاء أسماء جميلة كريمة سحر رحمة شهد صفاء فاتن فرح منار نسمة هناء وفاء زهرة ثريا نادر بدر سيف جمعة مختار مالك وحيد رائد فارس سلام أمل نور خليفة جاد مجد مؤمن رفيق فرج فضل عامر راضي حازم ضياء صادق شاكر هادي نعيم عاصم غازي فايز شهاب علاء عوض زاهر سامح نهى سهى نجوى رشا بهاء تميم أمجد أسعد أدهم وفيق ضحى آلاء يزيد وئام إنصاف غيث أيهم عدي";

/// Nouns before a place name that is not part of it (مدينة سيتارد → سيتارد).
const PLACE_CUES: &str = "مدينة بلدة قرية ولاية محافظة إقليم مخيم حي منطقة";

/// The duals of place cues, which introduce two names joined by و (بلدتي ترمسعيا والمغير).
const DUAL_PLACE_CUES: [&str; 6] = ["مدينتي", "بلدتي", "قريتي", "ولايتي", "محافظتي", "مخيمي"];

/// The plurals of place cues, which introduce a list of names joined by و (ولايات السيب
/// وبوشر ومطرح, محافظات معان والطفيلة والكرك).
const PLURAL_PLACE_CUES: &str = "مدن بلدات قرى ولايات محافظات مخيمات أحياء";

/// Nouns that are part of the place name they introduce (حوض سبو, نهر السنغال, وادي درنة,
/// جبل عامر, جبال البابور).
const PLACE_HEADS: &str = "جهة نهر حوض جزيرة بحيرة وادي جبل جبال";

/// Facilities named after people (مطار محمد الخامس, سد سيدي سالم, شارع الحسن الثاني): the
/// name after one names the facility, which is not an entity, not the person.
const FACILITIES: &str = "مجمع المجمع مطار المطار ميناء الميناء سد السد شارع الشارع زنقة الزنقة ساحة الساحة جسر الجسر قنطرة القنطرة مستشفى المستشفى ملعب الملعب مسجد المسجد فندق الفندق سجن السجن مدرسة المدرسة ثانوية الثانوية قاعة القاعة محطة المحطة";

/// Compass directions that make a region of a known place (غرب دارفور, شرق تشاد).
const DIRECTIONS: &str = "شمال جنوب شرق غرب";

/// Latin capitals that are not organizations.
const NOT_ACRONYMS: &str =
    "PDF HTML GPS SMS TV AI IT OK USD EUR MAD PM AM CEO CV DNA ID PIB GDP VIP";

/// Foreign given names (one a line, `#` lines are comments): see the file's head.
const FOREIGN_FIRST_NAMES: &str = include_str!("foreign_given_names.txt");

/// Compound parts that join the next word of a name: عبد اللطيف, بن علي, أبو بكر, آل خليفة,
/// and the particles of European names (فون دير لاين, دا سيلفا, دي ميستورا, فان دايك).
const JOINERS: &str = "عبد أبو ابو بن ابن بنت ولد منت آيت أيت آل فون دير دي دا دو فان";

/// The word lists, folded once per build, and the known single-word names.
pub struct Lexicon {
    links: HashSet<String>,
    first_names: HashSet<String>,
    not_acronyms: HashSet<String>,
    institutional: HashSet<String>,
    portfolios: HashSet<String>,
    /// Keys of known one-word countries, for the adjectives that end a body's name.
    countries: HashSet<String>,
    place_heads: HashSet<String>,
    directions: HashSet<String>,
    /// Keys of every known place name, one word or more.
    place_names: HashSet<String>,
    /// Keys of the names of known cities (gazetteer ids `city-*`), one word or more.
    cities: HashSet<String>,
    /// Keys of known one-word places, for nationality adjectives.
    places: HashSet<String>,
    /// Keys of known one-word names of any type.
    known: HashSet<String>,
    /// The type of the catalog entity of each index.
    entity_types: Vec<EntityType>,
    /// Every word of the lists above with the lists it is in ([`kind`] bits): one lookup
    /// answers all of them for a word or a stem.
    kinds: rustc_hash::FxHashMap<String, u16>,
    /// Tells this lexicon's [`Facts`] apart from another's in the per-thread memo.
    id: u64,
}

/// What the rules ask of one word, answered once per thread and lexicon (see
/// [`Lexicon::facts`]): the same few thousand words make most of any news text, and each
/// answer took several lookups and a proclitic analysis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Facts {
    /// The lists the word itself is in ([`Lexicon::kind`]).
    kind: u16,
    /// The lists some proclitic reading of it is in ([`Lexicon::reading_kinds_of`]).
    reading_kinds: u16,
    /// [`Lexicon::name_like`], and [`Lexicon::name_like_as`] with a nisba taken as a
    /// surname (for a word after a name's first).
    name_like: bool,
    surname_like: bool,
    /// Bytes of the conjunction that [`Lexicon::without_conjunction_of`] drops (0 or 2).
    conj: u8,
    /// Which head or cue some proclitic reading of the word is ([`reading`] bits): most
    /// words are none, and then their readings need not be made again.
    readings: u8,
}

/// The bits of [`Facts::readings`].
mod reading {
    /// A reading (not rebuilt, stem of 3 letters or more) is an organization head.
    pub const ORG_HEAD: u8 = 1;
    /// A definite reading (stem of 3 letters or more) is an organization head.
    pub const DEFINITE_ORG_HEAD: u8 = 2;
    /// A reading (not rebuilt, stem of 2 letters or more) is a place cue, place head or
    /// direction.
    pub const PLACE_CUE: u8 = 4;
    /// A reading (not rebuilt) is بلدية (بلدية, ببلدية, وبلدية).
    pub const MUNICIPALITY: u8 = 8;
}

/// Words remembered per thread before the memo starts again (a bound on its memory).
const FACTS_MEMO_LIMIT: usize = 1 << 19;

thread_local! {
    /// The facts of the words this thread has seen, for the lexicon of the given id.
    static FACTS: std::cell::RefCell<(u64, rustc_hash::FxHashMap<WordKey, Facts>)> =
        std::cell::RefCell::new((0, Default::default()));
}

/// A word of up to [`WordKey::MAX`] bytes held in place (its length in the last byte): the
/// memo compares keys without following a pointer to the word, and most words of the press
/// (up to 15 Arabic letters) fit. A longer word has no key and is not remembered.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct WordKey([u8; 32]);

impl WordKey {
    const MAX: usize = 31;

    fn of(w: &str) -> Option<WordKey> {
        let b = w.as_bytes();
        if b.len() > Self::MAX {
            return None;
        }
        let mut k = [0u8; 32];
        k[..b.len()].copy_from_slice(b);
        k[Self::MAX] = b.len() as u8;
        Some(WordKey(k))
    }
}

/// The word lists a word belongs to, as bits of [`Lexicon::kinds`].
mod kind {
    pub const STOP: u16 = 1;
    pub const SPEECH: u16 = 2;
    pub const TITLE: u16 = 4;
    pub const ROLE: u16 = 8;
    pub const STRONG_HEAD: u16 = 16;
    pub const WEAK_HEAD: u16 = 32;
    pub const PLACE_CUE: u16 = 64;
    pub const PLACE_HEAD: u16 = 128;
    pub const DIRECTION: u16 = 256;
    pub const FIRST_NAME: u16 = 512;
    pub const JOINER: u16 = 1024;
    pub const FACILITY: u16 = 2048;
    pub const PLURAL_PLACE_CUE: u16 = 4096;
    pub const COMMON_WORD_NAME: u16 = 8192;
    /// Never part of a person's name: particles, verbs of saying, titles, roles, the head
    /// nouns of organizations, places and facilities (سالم مدينة, عمرو وحي are no names).
    pub const FUNCTION: u16 =
        STOP | SPEECH | TITLE | ROLE | STRONG_HEAD | WEAK_HEAD | PLACE_CUE | PLACE_HEAD | FACILITY;
}

impl Lexicon {
    pub fn new(catalog: &Catalog) -> Lexicon {
        let mut places = HashSet::default();
        let mut countries = HashSet::default();
        let mut known = HashSet::default();
        let mut place_names = HashSet::default();
        let mut cities = HashSet::default();
        for (k, i, context_only) in &catalog.forms {
            let id = &catalog.entities[*i].id;
            if catalog.entities[*i].kind == EntityType::Place {
                place_names.insert(k.clone());
                // (A district or quarter is a settlement too: شرق حي التفاح says where, relative
                // to it, as شرق نابلس does.)
                if id.starts_with("city-") || id.starts_with("district-") {
                    cities.insert(k.clone());
                }
            }
            // A district's name that is also a given or family name (منى, الوزاني) is
            // matched only after a cue: elsewhere it may still be part of a person's name.
            let cue_only = *context_only && id.starts_with("district-");
            if !k.contains(' ') && !cue_only {
                known.insert(k.clone());
                // A province's or district's adjective is more often a family name than a
                // nationality (عسيري, عكاري, خوري of الخور): they make none.
                if catalog.entities[*i].kind == EntityType::Place
                    && !id.starts_with("province-")
                    && !id.starts_with("district-")
                {
                    places.insert(k.clone());
                    if id.starts_with("country-") {
                        countries.insert(k.clone());
                    }
                }
            }
        }
        let mut kinds: rustc_hash::FxHashMap<String, u16> = Default::default();
        let foreign_names: String = FOREIGN_FIRST_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ");
        for (list, bit) in [
            (STOP, kind::STOP),
            (SPEECH, kind::SPEECH),
            (TITLES, kind::TITLE),
            (ROLES, kind::ROLE),
            (STRONG_HEADS, kind::STRONG_HEAD),
            (WEAK_HEADS, kind::WEAK_HEAD),
            (PLACE_CUES, kind::PLACE_CUE),
            (PLURAL_PLACE_CUES, kind::PLURAL_PLACE_CUE),
            (PLACE_HEADS, kind::PLACE_HEAD),
            (DIRECTIONS, kind::DIRECTION),
            (FIRST_NAMES, kind::FIRST_NAME),
            (COMMON_WORD_NAMES, kind::COMMON_WORD_NAME),
            (foreign_names.as_str(), kind::FIRST_NAME),
            (JOINERS, kind::JOINER),
            (FACILITIES, kind::FACILITY),
        ] {
            for w in words(list) {
                *kinds.entry(w).or_default() |= bit;
            }
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Lexicon {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            kinds,
            links: words(LINKS),
            first_names: words(FIRST_NAMES),
            institutional: words(INSTITUTIONAL),
            portfolios: words(PORTFOLIOS),
            countries,
            not_acronyms: NOT_ACRONYMS
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            place_heads: words(PLACE_HEADS),
            directions: words(DIRECTIONS),
            place_names,
            cities,
            places,
            known,
            entity_types: catalog.entities.iter().map(|e| e.kind).collect(),
        }
    }

    /// Whether a definite adjective ends a public body's name: an institutional one
    /// ([`INSTITUTIONAL`]) or a nationality (السوري, الأردنية).
    fn ends_institution(&self, w: &str) -> bool {
        w.starts_with("ال")
            && (self.institutional.contains(w) || nationality_of(w, &self.countries))
    }

    /// Whether a word is an adjective of nationality or origin made from a known place
    /// (المغربي, الهولندية, الأميركي, إسبانية).
    pub fn is_nationality(&self, w: &str) -> bool {
        nationality_of(w, &self.places)
    }

    /// Whether a normalized word is a title before a name, or one with a proclitic
    /// (الأستاذ, والسفير).
    pub fn is_title(&self, w: &str) -> bool {
        self.facts(w).reading_kinds & kind::TITLE != 0
    }

    /// Whether a normalized word is the dual in construct of an indefinite organization head
    /// (كتلتي → كتلة, حزبي → حزب, تكتلي → تكتل).
    pub fn is_dual_head(&self, w: &str) -> bool {
        if w.starts_with("ال") {
            return false;
        }
        w.strip_suffix("تي")
            .is_some_and(|stem| self.is_organization_head(&format!("{stem}ه")))
            || w.strip_suffix('ي')
                .is_some_and(|stem| stem.chars().count() >= 3 && self.is_organization_head(stem))
    }

    /// Whether a normalized word is an organization head noun (وزارة, المديرية, اللجنة).
    pub fn is_organization_head(&self, w: &str) -> bool {
        self.kind(w) & (kind::STRONG_HEAD | kind::WEAK_HEAD) != 0
    }

    fn is_function_word(&self, w: &str) -> bool {
        self.kind(w) & kind::FUNCTION != 0
    }

    /// The lists `w` is in, as [`kind`] bits.
    fn kind(&self, w: &str) -> u16 {
        self.kinds.get(w).copied().unwrap_or(0)
    }

    /// What the rules ask of word `w`, from this thread's memo (computed on first sight).
    fn facts(&self, w: &str) -> Facts {
        let key = WordKey::of(w);
        let seen = key.and_then(|key| {
            FACTS.with(|m| {
                let m = m.borrow();
                (m.0 == self.id).then(|| m.1.get(&key).copied()).flatten()
            })
        });
        if let Some(f) = seen {
            return f;
        }
        // Computed outside the borrow: `without_conjunction_of` asks for another word's.
        let f = Facts {
            kind: self.kind(w),
            reading_kinds: self.reading_kinds_of(w),
            name_like: self.name_like_as(w, false),
            surname_like: self.name_like_as(w, w.starts_with("ال") && w.ends_with('ي')),
            conj: (w.len() - self.without_conjunction_of(w).len()) as u8,
            readings: self.reading_bits(w),
        };
        if let Some(key) = key {
            FACTS.with(|m| {
                let mut m = m.borrow_mut();
                if m.0 != self.id || m.1.len() >= FACTS_MEMO_LIMIT {
                    m.0 = self.id;
                    m.1.clear();
                }
                m.1.insert(key, f);
            });
        }
        f
    }

    /// Which heads and cues the readings of `w` are ([`reading`] bits).
    fn reading_bits(&self, w: &str) -> u8 {
        const HEADS: u16 = kind::STRONG_HEAD | kind::WEAK_HEAD;
        const CUES: u16 =
            kind::PLACE_CUE | kind::PLACE_HEAD | kind::DIRECTION | kind::PLURAL_PLACE_CUE;
        let mut bits = 0;
        for r in readings(w, 3) {
            let k = self.kind(r.stem.as_ref());
            if k & HEADS != 0 {
                if !r.rebuilt {
                    bits |= reading::ORG_HEAD;
                }
                if r.stem.starts_with("ال") {
                    bits |= reading::DEFINITE_ORG_HEAD;
                }
            }
        }
        if readings(w, 2)
            .iter()
            .any(|r| !r.rebuilt && self.kind(r.stem.as_ref()) & CUES != 0)
        {
            bits |= reading::PLACE_CUE;
        }
        if w.ends_with("بلديه")
            && readings(w, 2)
                .iter()
                .any(|r| !r.rebuilt && r.stem == "بلديه")
        {
            bits |= reading::MUNICIPALITY;
        }
        bits
    }

    /// Whether a definite reading of `w` is an organization head (والمديرية → المديرية).
    pub fn has_definite_head_reading(&self, w: &str) -> bool {
        self.facts(w).readings & reading::DEFINITE_ORG_HEAD != 0
    }

    /// The lists that some proclitic reading of `w` is in (وقال → قال: a verb of saying).
    fn reading_kinds_of(&self, w: &str) -> u16 {
        // Only a word that starts with a proclitic letter has readings other than itself.
        if !w.starts_with(PROCLITICS) {
            return self.kind(w);
        }
        readings(w, 2)
            .iter()
            .fold(0, |k, r| k | self.kind(r.stem.as_ref()))
    }

    /// Whether a word can be part of a person's name.
    pub fn name_like(&self, w: &str) -> bool {
        self.facts(w).name_like
    }

    /// [`Lexicon::name_like`] when `nisba` is false. When it is true (for a word after a
    /// name's first), a nisba made from a place (الوزاني, الفاسي, البغدادي) is a surname, not
    /// an adjective of origin.
    fn name_like_as(&self, w: &str, nisba: bool) -> bool {
        // 2 to 14 Arabic letters (each two bytes), nothing else.
        let n = w.len() / 2;
        if !(2..=14).contains(&n) || !w.chars().all(crate::arabic::normalize::is_arabic_letter) {
            return false;
        }
        // Feminine definite words (الدولية, الأمنية) are adjectives, not surnames; a definite
        // word with a proclitic (للأمن, بالمغرب) is never inside a name. (Asked first: no
        // lookup needed.)
        let feminine_adjective = w.starts_with("ال") && w.ends_with('ه') && !is_family_plural(w);
        if feminine_adjective || has_clitic_article(w) {
            return false;
        }
        // A proclitic and a function word (وفيما), or a preposition and a known place
        // (بحمص, لبغداد: a name part never carries one).
        let function = if w.starts_with(PROCLITICS) {
            readings(w, 3).iter().any(|r| {
                self.is_function_word(&r.stem)
                    || w.starts_with(['ب', 'ل', 'ك']) && self.places.contains(r.stem.as_ref())
            })
        } else {
            self.is_function_word(w)
        };
        !(function
            || self.known.contains(w)
            || !nisba && !self.first_names.contains(w) && self.is_nationality(w))
    }

    /// A word without an attached conjunction (وهشام → هشام) when the bare form is a name.
    fn without_conjunction_of<'w>(&self, w: &'w str) -> &'w str {
        // Only a word that starts with و or ف has one to drop.
        if !w.starts_with(['و', 'ف']) || self.first_names.contains(w) {
            return w;
        }
        for p in ['و', 'ف'] {
            if let Some(rest) = w.strip_prefix(p) {
                if rest.chars().count() >= 3 && self.name_like(rest) || self.is_function_word(rest)
                {
                    return rest;
                }
            }
        }
        w
    }
}

/// Whether `w` is the nisba adjective of one of `places` (one-word place keys): المغربي,
/// الهولندية, الأميركي, إسبانية.
fn nationality_of(w: &str, places: &HashSet<String>) -> bool {
    let bare = strip_article(w).unwrap_or(w);
    let base = bare
        .strip_suffix("يه")
        .or_else(|| bare.strip_suffix("يين"))
        .or_else(|| bare.strip_suffix("يون"))
        .or_else(|| bare.strip_suffix('ي'));
    let Some(base) = base else { return false };
    if base.chars().count() < 3 {
        return false;
    }
    // The place as written with and without the article: base, baseا, baseيا, baseه.
    let mut buf = String::with_capacity(base.len() + 8);
    ["", "ا", "يا", "ه"].iter().any(|ending| {
        ["", "ال"].iter().any(|article| {
            buf.clear();
            buf.push_str(article);
            buf.push_str(base);
            buf.push_str(ending);
            places.contains(buf.as_str())
        })
    })
}

/// Whether a definite word in ة is a Levantine family name of the plural pattern فعاعلة
/// (الخصاونة, الطراونة, الزوايدة, الرواشدة): five letters before the ة, the third an alef, the
/// first not the م of a verbal noun (المتابعة, المشاركة). Other definite words in ة are
/// taken for feminine adjectives or nouns (الكبيرة, المتحدة) and end a name.
fn is_family_plural(w: &str) -> bool {
    let Some(stem) = w.strip_prefix("ال").and_then(|s| s.strip_suffix('ه')) else {
        return false;
    };
    let letters: Vec<char> = stem.chars().collect();
    letters.len() == 5 && letters[2] == 'ا' && letters[0] != 'م'
}

/// A word of the block with what lies before it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Only spaces between the previous word and this one.
    joined: bool,
    /// A comma, and only spaces besides, between the previous word and this one.
    after_comma: bool,
    /// A quotation mark between the previous word and this one.
    after_quote: bool,
    /// Covered by a known name.
    known: bool,
    /// What the passes ask of the word, looked up once for all of them.
    facts: Facts,
}

impl Word<'_> {
    /// The word without an attached conjunction ([`Lexicon::without_conjunction_of`]).
    fn bare(&self) -> &str {
        &self.text[self.facts.conj as usize..]
    }

    /// The facts of [`Word::bare`]: the word's own unless a conjunction was dropped.
    fn bare_facts(&self, lex: &Lexicon) -> Facts {
        if self.facts.conj == 0 {
            self.facts
        } else {
            lex.facts(self.bare())
        }
    }
}

/// Discovers names in one block of normalized text; `hits` are the known names found there.
pub fn discover(original: &str, norm: &Normalized, hits: &[Hit], lex: &Lexicon) -> Vec<Found> {
    discover_in(original, norm, &tokens(&norm.text), hits, lex)
}

/// [`discover`] in a block whose words (of the normalized text) are known.
pub fn discover_in(
    original: &str,
    norm: &Normalized,
    toks: &[Token],
    hits: &[Hit],
    lex: &Lexicon,
) -> Vec<Found> {
    let text = norm.text.as_str();
    let mut ws: Vec<Word> = Vec::with_capacity(toks.len());
    let mut prev_end = 0;
    // Hits are in text order and do not overlap: the first that may cover a word moves on.
    let mut h = 0;
    // A text that writes ى tells على (on) from علي (Ali), which normalization folds together.
    let tells_ali = original.contains('ى');
    for t in toks {
        let gap = &text[prev_end..t.start];
        while h < hits.len() && hits[h].end <= t.start {
            h += 1;
        }
        let mut facts = lex.facts(t.text);
        if t.text == "علي" && tells_ali {
            let (s, e) = original_range(norm, original, t.start, t.end);
            if original[s..e].ends_with('ي') {
                facts = Facts {
                    kind: facts.kind & !kind::STOP | kind::FIRST_NAME,
                    reading_kinds: facts.reading_kinds & !kind::STOP,
                    name_like: true,
                    surname_like: true,
                    ..facts
                };
            } else {
                facts.kind &= !kind::FIRST_NAME;
            }
        }
        let joined = !ws.is_empty() && gap.chars().all(char::is_whitespace);
        ws.push(Word {
            start: t.start,
            end: t.end,
            text: t.text,
            joined,
            after_comma: !joined && matches!(gap.trim(), "،" | ","),
            after_quote: !joined && gap.contains(QUOTES),
            known: hits.get(h).is_some_and(|h| h.start < t.end),
            facts,
        });
        prev_end = t.end;
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut used = vec![false; ws.len()];
    municipalities(text, &ws, hits, lex, &mut spans, &mut used);
    organizations(&ws, hits, lex, &mut spans, &mut used);
    places(text, &ws, hits, lex, &mut spans, &mut used);
    persons(&ws, lex, &mut spans, &mut used);
    latin_companies(original, norm, &ws, lex, &mut spans, &mut used);
    acronyms(original, norm, &ws, lex, &mut spans, &used);
    spans
        .into_iter()
        .filter_map(|sp| {
            let (s, e) = original_range(norm, original, sp.start, ws[sp.to].end);
            // A head and a quoted name: the name without its quotation marks.
            let surface = without_quotes(clean_display(&original[s..e]).trim());
            let key = key(&surface);
            // One word that is also a function word (علي, as على is folded) would be found in
            // every text that uses the function word.
            let function_word = !key.contains(' ') && lex.kind(&key) & kind::STOP != 0;
            (!key.is_empty() && !function_word).then_some(Found {
                kind: sp.kind,
                key,
                start: sp.start,
                end: ws[sp.to].end,
                surface,
                same_as: sp.same_as,
            })
        })
        .collect()
}

/// `s` without quotation marks, its words joined by single spaces where it had any.
pub fn without_quotes(s: &str) -> String {
    if !s.contains(QUOTES) {
        return s.to_string();
    }
    s.split(|c: char| c.is_whitespace() || QUOTES.contains(&c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last word of a quoted name of 1 to 6 words that opens right after word `i`, when the
/// quote closes after it (or the block ends) and no word of it is a known name.
fn quoted_name_after(ws: &[Word], i: usize) -> Option<usize> {
    let first = ws.get(i + 1).filter(|w| w.after_quote)?;
    if first.known || first.facts.kind & kind::STOP != 0 {
        return None;
    }
    let mut last = i + 1;
    while last + 1 < ws.len() && ws[last + 1].joined && !ws[last + 1].known && last - i < 6 {
        last += 1;
    }
    let closed = ws.get(last + 1).is_none_or(|n| n.after_quote);
    closed.then_some(last)
}

/// A discovered span: from a byte offset (after any proclitic) to the end of word `to`.
struct Span {
    kind: EntityType,
    start: usize,
    to: usize,
    same_as: Option<usize>,
}

fn push(
    spans: &mut Vec<Span>,
    used: &mut [bool],
    ws: &[Word],
    kind: EntityType,
    from: usize,
    to: usize,
    skip: usize,
) {
    for u in used.iter_mut().take(to + 1).skip(from) {
        *u = true;
    }
    spans.push(Span {
        kind,
        start: ws[from].start + skip,
        to,
        same_as: None,
    });
}

/// The last of the words from `from` on that start before `end` (the end of a name found
/// there: the word of its last letter).
fn last_word(ws: &[Word], from: usize, end: usize) -> usize {
    let mut k = from;
    while k + 1 < ws.len() && ws[k + 1].start < end {
        k += 1;
    }
    k
}

/// Bytes of a proclitic before a head or name word (وزارة is not و + زارة: the bare reading
/// is tried first by the caller).
fn clitic_len(w: &str, stem: &str) -> usize {
    w.len() - stem.len()
}

/// A municipality: بلدية and the place it governs (بلدية مسقط, ببلدية صفاقس, بلدية فوسانة),
/// an organization whose name ends with the place's. The place is a known one, or a word
/// that may be a name (one in ة after the article too: بلدية الطيبة).
fn municipalities(
    text: &str,
    ws: &[Word],
    hits: &[Hit],
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &mut [bool],
) {
    for i in 0..ws.len().saturating_sub(1) {
        if ws[i].facts.readings & reading::MUNICIPALITY == 0 || used[i] || ws[i].known {
            continue;
        }
        // The bit says a reading is بلدية, not rebuilt: the word ends with it after its
        // proclitics.
        let skip = ws[i].text.len() - "بلديه".len();
        let next = ws[i + 1];
        if !next.joined || used[i + 1] {
            continue;
        }
        // After an indefinite plural in ات it is an adjective (انتخابات بلدية, خدمات بلدية).
        if skip == 0
            && i > 0
            && ws[i].joined
            && ws[i - 1].text.ends_with("ات")
            && !ws[i - 1].text.starts_with("ال")
        {
            continue;
        }
        let last = if next.known {
            let Some(h) = hits.iter().find(|h| h.start == next.start) else {
                continue;
            };
            if lex.entity_types.get(h.entity) != Some(&EntityType::Place)
                || !lex.place_names.contains(&text[h.start..h.end])
            {
                continue;
            }
            last_word(ws, i + 1, h.end)
        } else if next.facts.kind & (kind::STOP | kind::SPEECH) == 0
            // (no conjunction stands after a noun in construct: فوسانة is one word)
            && !is_feminine_participle(next.text)
            && !is_imperfect_verb(next.text)
            && !next.text.ends_with("ها")
            && (next.facts.name_like || is_definite_feminine_name(next.text, next.facts, lex))
        {
            // A two-word name (بلدية ساقية الزيت, بلدية عين دراهم).
            match ws.get(i + 2) {
                Some(n2) if is_toponym_prefix(next.text) && may_end_toponym(n2) => i + 2,
                _ => i + 1,
            }
        } else {
            continue;
        };
        push(out, used, ws, EntityType::Organization, i, last, skip);
    }
}

fn organizations(ws: &[Word], hits: &[Hit], lex: &Lexicon, out: &mut Vec<Span>, used: &mut [bool]) {
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i];
        if w.known && !used[i] {
            if let Some((last, skip)) = more_portfolios(ws, hits, i, lex) {
                push(out, used, ws, EntityType::Organization, i, last, skip);
                i = last + 1;
                continue;
            }
        }
        if w.known || used[i] {
            i += 1;
            continue;
        }
        // A dual head in construct and the quoted names it governs, joined by و (نواب
        // كتلتي "الوفاء للمقاومة" و"التنمية والتحرير"): each name of two words or more.
        if w.facts.readings & reading::ORG_HEAD == 0 {
            // (The quote is asked first: most words have none after them.)
            if quoted_name_after(ws, i).is_some() && lex.is_dual_head(w.text) {
                let mut at = i;
                while let Some(last) = quoted_name_after(ws, at) {
                    if last > at + 1 {
                        push(out, used, ws, EntityType::Organization, at + 1, last, 0);
                    }
                    used[at] = true;
                    at = last + 1;
                    if ws.get(at).is_none_or(|n| n.text != "و" || !n.after_quote) {
                        break;
                    }
                }
                i = at.max(i + 1);
                continue;
            }
            i += 1;
            continue;
        }
        let head = readings(w.text, 3).into_iter().find(|r| {
            !r.rebuilt && lex.kind(r.stem.as_ref()) & (kind::STRONG_HEAD | kind::WEAK_HEAD) != 0
        });
        let Some(head) = head else {
            i += 1;
            continue;
        };
        let strong = lex.kind(head.stem.as_ref()) & kind::STRONG_HEAD != 0;
        let definite_head = head.stem.starts_with("ال");
        // After a definite noun a definite head is an adjective (الجريمة المنظمة).
        if definite_head
            && head.prefix_len == 0
            && i > 0
            && w.joined
            && readings(ws[i - 1].text, 3)
                .iter()
                .any(|r| r.stem.starts_with("ال"))
        {
            i += 1;
            continue;
        }
        // An indefinite head and a quoted name: the quotes hold the name (شركة "النيل
        // كابيتال" → النيل كابيتال), but one quoted word keeps its head (حزب "الاستقلال"),
        // or the common word alone would be taken for the name everywhere. After a definite
        // head the quotes mark a description (المنظمة "الإرهابية").
        if !definite_head {
            if let Some(last) = quoted_name_after(ws, i) {
                let (from, skip) = if last > i + 1 {
                    (i + 1, 0)
                } else {
                    (i, clitic_len(w.text, &head.stem))
                };
                used[i] = true;
                push(out, used, ws, EntityType::Organization, from, last, skip);
                i = last + 1;
                continue;
            }
        }
        let mut j = i + 1;
        let mut last = i;
        let mut complements = 0;
        let mut prepositional = false;
        let mut named = false;
        let mut after_name = false;
        // Genitives added with و (لجنة البنيات الأساسية والطاقة والمعادن والبيئة).
        let mut listed = 0;
        // A known organization's name right after the head (مديرية + «الأمن الوطني
        // المغربي»): where it ends, and which it is. A span of that and nothing else is
        // another form of that organization's name, not a new one.
        let mut org_after_head: Option<(usize, usize)> = None;
        while j < ws.len() && ws[j].joined && j - i <= 8 {
            let t = ws[j].text;
            if ws[j].known {
                // A known name inside (جامعة مراكش, معهد محمد السادس): take all of it.
                let h = hits
                    .iter()
                    .find(|h| ws[j].start < h.end && h.start < ws[j].end)
                    .unwrap();
                // والمغرب: a conjunction starts another phrase.
                if h.start > ws[j].start && ws[j].text.starts_with(['و', 'ف']) {
                    break;
                }
                let known_type = lex.entity_types.get(h.entity).copied();
                // A definite head and a person is the person's office, not a body named
                // after them (رئيس المجلس نبيه بري; but مؤسسة محمد السادس).
                if definite_head && j == i + 1 && known_type == Some(EntityType::Person) {
                    break;
                }
                let k = last_word(ws, j, h.end);
                // A known name that starts here must start at the word (no proclitic but ل/لل).
                if j == i + 1 && known_type == Some(EntityType::Organization) {
                    org_after_head = Some((k, h.entity));
                }
                complements += k + 1 - j;
                last = k;
                j = k + 1;
                named = true;
                after_name = true;
                continue;
            }
            let was_after_name = std::mem::take(&mut after_name);
            let tk = ws[j].facts.kind;
            if tk & (kind::STOP | kind::SPEECH) != 0 {
                break;
            }
            if t.starts_with("ال") && t.chars().count() >= 4 && tk & kind::TITLE == 0 {
                last = j;
                complements += 1;
                j += 1;
                continue;
            }
            // A title right after the head and the name it introduces (جامعة السلطان قابوس,
            // معهد الملك فهد): the name's words, a compound part (بن, عبد) joining the next.
            // After a complement the title is the next phrase's (رئيس مجلس الوزراء الدكتور
            // مصطفى مدبولي).
            // (A definite head is in no construct: الهيئة القاضية ماريا … is the bench and
            // its presiding judge.)
            if j == i + 1 && !definite_head && t.starts_with("ال") && tk & kind::TITLE != 0 {
                let mut k = j + 1;
                let mut pending = false;
                while k < ws.len()
                    && ws[k].joined
                    && !ws[k].known
                    && k - j <= 4
                    && (pending
                        || !ws[k].text.starts_with("ال") && ws[k].facts.name_like
                        || ws[k].facts.kind & kind::JOINER != 0)
                {
                    pending = ws[k].facts.kind & kind::JOINER != 0;
                    k += 1;
                }
                while k > j + 1 && ws[k - 1].facts.kind & kind::JOINER != 0 {
                    k -= 1;
                }
                if k > j + 1 {
                    complements += 1;
                    named = true;
                    last = k - 1;
                    j = k;
                    continue;
                }
            }
            // A given name right after an indefinite head, and the words of the name it
            // opens: a body named after someone (جامعة زايد, جامعة عمر المختار).
            // (Ministries are not: وزارة محمد is no name.) A definite word is the name's
            // when it is a nisba or a given name (المختار).
            if j == i + 1
                && strong
                && !definite_head
                && tk & kind::FIRST_NAME != 0
                && !t.starts_with("ال")
                && !matches!(head.stem.as_ref(), "وزاره")
            {
                let mut k = j + 1;
                while k < ws.len()
                    && k - j < 4
                    && ws[k].joined
                    && !ws[k].known
                    && ws[k].facts.conj == 0
                    && ws[k].facts.kind & (kind::STOP | kind::SPEECH | kind::TITLE) == 0
                    && (ws[k].facts.kind & kind::JOINER != 0
                        || ws[k].facts.surname_like
                            && (!ws[k].text.starts_with("ال")
                                || ws[k].text.ends_with('ي')
                                || is_father_name(&ws[k], lex)))
                {
                    k += 1;
                }
                while k > j + 1 && ws[k - 1].facts.kind & kind::JOINER != 0 {
                    k -= 1;
                }
                // (The name ends the body's: جامعة خليفة البروفيسورة ليندا … is her title.)
                complements += 1;
                named = true;
                last = k - 1;
                break;
            }
            // لل… : ل + definite genitive.
            if t.starts_with("لل") && t.chars().count() >= 4 {
                last = j;
                complements += 1;
                prepositional = true;
                j += 1;
                continue;
            }
            // و + definite, continuing a list of genitives (والمرشدين والمرشدات); after a
            // club's name it is the next club (نادي السد والهلال).
            if (t.starts_with("وال") || t.starts_with("ولل"))
                && complements > 0
                && !matches!(head.stem.as_ref(), "نادي" | "النادي")
                && !was_after_name
                && t.chars().count() >= 5
                && !lex.is_organization_head(&t['و'.len_utf8()..])
            {
                listed += 1;
                last = j;
                j += 1;
                continue;
            }
            // ل/ب + indefinite noun followed by a definite one (لمراقبة التراب, بمنع الجريمة),
            // or ل + one and a known name (لتنمية المغرب); ب + one and a known name is the
            // sentence's (الاتحاد الآسيوي بقدرات قطر).
            if (t.starts_with('ل') || t.starts_with('ب'))
                && !t.starts_with("لل")
                && !t.starts_with("بال")
                && complements > 0
                && t.chars().count() >= 4
                && j + 1 < ws.len()
                && ws[j + 1].joined
                && (ws[j + 1].text.starts_with("ال") || ws[j + 1].known && t.starts_with('ل'))
                && tk & kind::STOP == 0
                // not a title after it (وزارة الطاقة بقيادة الأمير …), nor another body's head
                // (كلية الطب بجامعة السلطان قابوس)
                && ws[j + 1].facts.kind & kind::TITLE == 0
                && !lex.is_organization_head(&t['ب'.len_utf8()..])
            {
                prepositional = true;
                last = j;
                j += 1;
                continue;
            }
            // An indefinite genitive before a known name, right after the head (نقابة أطباء
            // السودان; not الاتحاد الآسيوي بقدرات قطر). After an indefinite head it is a
            // complement (دائرة صحة البصرة, مجلس إدارة سوناطراك), a place's cue only after مجلس,
            // سلطة or هيئة (مجلس محافظة نينوى, سلطة منطقة نواذيبو الحرة; مركز مدينة الرباط is
            // the city's centre); a definite head is
            // in no construct (المجموعة خارج الكويت).
            if j == i + 1
                && !t.starts_with("ال")
                && j + 1 < ws.len()
                && ws[j + 1].joined
                && ws[j + 1].known
                && (ws[j].facts.name_like
                    || tk & kind::PLACE_CUE != 0
                        && matches!(head.stem.as_ref(), "مجلس" | "سلطه" | "هيئه"))
                && !ws[j + 1].text.starts_with(['و', 'ف'])
            {
                if !definite_head
                    && (tk & kind::PLACE_CUE == 0
                        || matches!(head.stem.as_ref(), "مجلس" | "سلطه" | "هيئه"))
                {
                    complements += 1;
                }
                last = j;
                j += 1;
                continue;
            }
            // ضد/حول + a known name or a definite noun (التحالف ضد داعش).
            if lex.links.contains(t)
                && complements > 0
                && j + 1 < ws.len()
                && ws[j + 1].joined
                && (ws[j + 1].known || ws[j + 1].text.starts_with("ال"))
            {
                j += 1;
                continue;
            }
            // An indefinite head takes one indefinite genitive before its definite one
            // (مكتب مدير الاستخبارات) only through a known name; anything else ends it.
            break;
        }
        // A definite head with adjectives only (المؤسسة الأمنية المغربية) is a description.
        let enough = if strong && !definite_head {
            complements >= 1
        } else if strong {
            complements >= 2 || named || prepositional
        } else {
            // The institutional adjective must follow a noun: adjectives alone describe
            // (المؤسسة الأمنية المغربية, الجهاز الأمني المغربي).
            let noun_first = || {
                ws.get(i + 1)
                    .is_some_and(|n| !n.text.ends_with('ي') && !n.text.ends_with("يه"))
            };
            // (A head and its fields, two genitives and two more added with و, name a
            // committee or a ministry.)
            complements >= 2
                && (prepositional
                    || named
                    || !definite_head && listed >= 2
                    || last > i && noun_first() && lex.ends_institution(ws[last].text))
        };
        if enough && last > i {
            // The span must not end on a link word.
            push(
                out,
                used,
                ws,
                EntityType::Organization,
                i,
                last,
                clitic_len(w.text, &head.stem),
            );
            if let Some((_, entity)) = org_after_head.filter(|&(end, _)| end == last) {
                out.last_mut().expect("just pushed").same_as = Some(entity);
            }
            i = last + 1;
        } else {
            i += 1;
        }
    }
}

/// A known body's name that starts at word `i` and goes on with more fields added with و
/// ([`PORTFOLIOS`]; an institutional adjective may come between, and an adjective after a
/// field: والبحث العلمي, والموارد المائية): the last word of the longer name, and the bytes
/// of the first word's proclitic before it.
fn more_portfolios(ws: &[Word], hits: &[Hit], i: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let w = ws[i];
    // (Asked first: most known words are no head.)
    if w.facts.readings & reading::ORG_HEAD == 0 {
        return None;
    }
    let h = hits
        .iter()
        .find(|h| w.start <= h.start && h.start < w.end)?;
    if lex.entity_types.get(h.entity) != Some(&EntityType::Organization)
        || !lex.is_organization_head(&w.text[h.start - w.start..])
    {
        return None;
    }
    let mut j = last_word(ws, i, h.end) + 1;
    let next = |j: usize| ws.get(j).filter(|n| n.joined && !n.known);
    if next(j).is_some_and(|n| lex.institutional.contains(n.text)) {
        j += 1;
    }
    let mut last = None;
    while let Some(n) = next(j) {
        let Some(field) = n.text.strip_prefix('و') else {
            break;
        };
        if !lex.portfolios.contains(field) {
            break;
        }
        last = Some(j);
        j += 1;
        if next(j).is_some_and(|a| {
            a.text.starts_with("ال") && (a.text.ends_with('ي') || a.text.ends_with("يه"))
        }) {
            last = Some(j);
            j += 1;
        }
    }
    Some((last?, h.start - w.start))
}

fn persons(ws: &[Word], lex: &Lexicon, out: &mut Vec<Span>, used: &mut [bool]) {
    // The name run starting at word i: 2 to 4 joined name-like words, compound parts (عبد,
    // بن) joining the next word; the first word is not definite. Returns the last index.
    let run = |i: usize, used: &[bool]| -> Option<usize> {
        if i >= ws.len() || used[i] || ws[i].known {
            return None;
        }
        // No name starts at a father's or family name: after بن, آل the name began before
        // (محمد بن راشد, known, then بن سعيد آل مكتوم is still his).
        if i > 0 && ws[i].joined && ws[i - 1].facts.kind & kind::JOINER != 0 {
            return None;
        }
        let first = ws[i].bare();
        let first_facts = ws[i].bare_facts(lex);
        let first_kind = first_facts.kind;
        let first_joiner = first_kind & kind::JOINER != 0;
        // A month of the Hijri year (ربيع الآخر, ربيع الأول) is a date, not a regnal name.
        if first == "ربيع"
            && ws
                .get(i + 1)
                .is_some_and(|n| matches!(n.text, "الاول" | "الاخر" | "الثاني"))
        {
            return None;
        }
        // A given name and an ordinal is a regnal name (محمد السادس, الحسن الثاني), the
        // given name definite or not; a definite nisba (العربي) is an adjective here.
        if first_kind & kind::FIRST_NAME != 0
            && !(first.starts_with("ال") && first.ends_with('ي'))
            && ws
                .get(i + 1)
                .is_some_and(|n| n.joined && !n.known && !used[i + 1] && is_regnal_ordinal(n.text))
        {
            return Some(i + 1);
        }
        if first.starts_with("ال") || !first_joiner && !first_facts.name_like {
            return None;
        }
        // After a relative pronoun a word in ي or ت is a verb (العقد الذي يسري لعشر سنوات).
        if i > 0
            && ws[i].joined
            && ws[i].facts.conj == 0
            && first.starts_with(['ي', 'ت'])
            && RELATIVE_PRONOUNS.contains(&ws[i - 1].text)
        {
            return None;
        }
        // A title with a possessive pronoun (رئيسها التنفيذي, مديرهم) is a role.
        if is_title_with_pronoun(first, lex) {
            return None;
        }
        // Units are the name's words; a compound part (عبد, بن, ولد) and the word it joins
        // make one, and so do X الدين / X الله.
        let mut pending_join = first_joiner;
        let mut units = 1;
        // The second unit is a given name (the father's): see below.
        let mut father_named = false;
        // A بنت lineage has begun (see the feminine nisba below).
        let mut daughter = false;
        let mut last = i;
        let mut j = i + 1;
        while j < ws.len() && ws[j].joined && !ws[j].known && !used[j] {
            let t = ws[j].text;
            // A compound given name and an ordinal (عبد الله الثاني); nothing follows it.
            if units == 1 && !pending_join && is_regnal_ordinal(t) {
                last = j;
                units = 2;
                break;
            }
            // A verb or verbal noun of the derived forms that begin with ا (امتناع, انطلق,
            // استقبل) after two units is the sentence's (دميتري فولكوف امتناع بلاده).
            if units >= 2
                && !pending_join
                && is_derived_form(t)
                && ws[j].facts.kind & kind::FIRST_NAME == 0
            {
                break;
            }
            let joiner = ws[j].facts.kind & kind::JOINER != 0;
            // After a compound part any word is the name's (بن علي, عبد الله).
            let after_joiner =
                pending_join && t.chars().all(crate::arabic::normalize::is_arabic_letter);
            // X الله and X الدين make one unit (نصر الله, عز الدين): see `attached` below.
            let compound_end = t == "الله" || t == "الدين";
            // A given name made definite after the first (محمد الأمين, محمد الحبيب) is the
            // name's, though الأمين is a title too; before a definite word it is that title
            // (محمد الأمين العام للحزب).
            let definite_given = units == 1
                && !pending_join
                && t.strip_prefix("ال")
                    .is_some_and(|b| lex.kind(b) & kind::FIRST_NAME != 0)
                && !(ws[j].facts.kind & kind::TITLE != 0
                    && ws
                        .get(j + 1)
                        .is_some_and(|n| n.joined && n.text.starts_with("ال")));
            // A daughter's lineage ends on her family's feminine nisba (بدرية بنت خلفان
            // الراشدية), an adjective elsewhere.
            if daughter
                && !pending_join
                && t.starts_with("ال")
                && t.ends_with("يه")
                && t.chars().count() >= 5
                && t.chars().all(crate::arabic::normalize::is_arabic_letter)
            {
                last = j;
                units += 1;
                break;
            }
            daughter |= t == "بنت";
            if !(joiner
                || after_joiner
                || compound_end
                || definite_given
                || ws[j].facts.surname_like)
            {
                break;
            }
            // A feminine adjective (دولية, أمنية) ends a name; after a compound part it is
            // the name's (أبو طاقية, بن عطية), and so is a given name (ماريا خوسيه ألونسو).
            if t.ends_with("يه")
                && t.chars().count() >= 4
                && !pending_join
                && ws[j].facts.kind & kind::FIRST_NAME == 0
            {
                break;
            }
            // و before a word is a conjunction: the next phrase starts there. ف rarely
            // joins a noun inside a name: a name-like word that starts with it is the name's
            // (كاترين فوغل, مارك فيشر); the particles it makes are function words (فيما, فقد).
            if ws[j].facts.conj != 0 && !(t.starts_with('ف') && ws[j].facts.surname_like) {
                break;
            }
            // ل/ب + noun, then a definite noun, is a prepositional phrase (لحقوق الإنسان).
            if j == i + 1
                && t.starts_with("ال")
                && first_kind & kind::FIRST_NAME == 0
                && !pending_join
                && (first.starts_with('ل') || first.starts_with('ب') || first.starts_with('ك'))
            {
                return None;
            }
            let attached = pending_join || t == "الدين" || t == "الله";
            if !attached {
                // A compound part carries a long lineage on (حمد بن خليفة بن أحمد آل ثاني).
                if units >= 3 && !(joiner && units < 6) {
                    break;
                }
                // After two units a definite word is an adjective, unless it is a nisba
                // surname (السهلي, الكعبي) or ends a chain of given names, a person's and
                // their father's (سالم عبدالله الصباح, فيصل عبدالمحسن الرومي).
                if units >= 2 && t.starts_with("ال") && !t.ends_with('ي') && !father_named {
                    break;
                }
                // After a definite word that is no given name, an adjective of nationality
                // describes it (حدود الإجماع الأوروبي); after a given name it may be a nisba
                // surname (محمد الأمين المغربي).
                if units >= 2
                    && !father_named
                    && ws[last].text.starts_with("ال")
                    && lex.is_nationality(t)
                {
                    break;
                }
                // After a definite surname a word that is neither definite nor a compound
                // part is the next phrase's verb or noun (حمزة البنعلي جائزة, محمد المنفي
                // تغيير); after a father's given name it is the name's (محمد الصالح قويدري).
                if units == 2
                    && ws[last].text.starts_with("ال")
                    && !father_named
                    && !t.starts_with("ال")
                    && !joiner
                {
                    break;
                }
                // Nor is an imperfect verb (عقيلة صالح يطلب).
                if is_imperfect_verb(t) && ws[j].facts.kind & kind::FIRST_NAME == 0 {
                    break;
                }
                units += 1;
                if units == 2 {
                    father_named = is_father_name(&ws[j], lex);
                }
            }
            pending_join = joiner;
            last = j;
            j += 1;
        }
        while last > i && ws[last].facts.kind & kind::JOINER != 0 {
            last -= 1;
        }
        (last > i && units >= 2).then_some(last)
    };
    let skip = |w: &Word| w.facts.conj as usize;
    let mut i = 0;
    while i < ws.len() {
        if used[i] {
            i += 1;
            continue;
        }
        // 0. After a facility noun (بمطار, سد) a name is the facility's: pass over it.
        if i > 0 && ws[i].joined && ws[i - 1].facts.reading_kinds & kind::FACILITY != 0 {
            i = run(i, used).map_or(i, |last| last) + 1;
            continue;
        }
        // 1. A known given name opens a name, and so does a kunya of one (أبو بكر
        // الفيتوري, أبو عبد العزيز المري). A kunya أم before it is the name's (أم محمد
        // الغول, as she is called).
        let bare = ws[i].bare();
        let bare_kind = ws[i].bare_facts(lex).kind;
        let given_name_next = || {
            ws.get(i + 1).is_some_and(|n| {
                n.joined && n.facts.conj == 0 && opens_given_name(n.text, n.facts.kind, lex)
            })
        };
        // (أبو in the genitive and the accusative too: سيرة أبي عبيدة, أن أبا عبيدة.)
        if opens_given_name(bare, bare_kind, lex)
            || matches!(bare, "ابو" | "ابي" | "ابا") && given_name_next()
        {
            if let Some(last) = run(i, used).filter(|_| {
                bare_kind & kind::COMMON_WORD_NAME == 0 || names_a_person(&ws[i + 1], lex)
            }) {
                let kunya = i > 0
                    && ws[i].joined
                    && ws[i].facts.conj == 0
                    && !used[i - 1]
                    && ws[i - 1].bare() == "ام";
                let from = if kunya { i - 1 } else { i };
                push(
                    out,
                    used,
                    ws,
                    EntityType::Person,
                    from,
                    last,
                    skip(&ws[from]),
                );
                i = last + 1;
                continue;
            }
        }
        // 2. A title or role, then optional complements (وزير الداخلية المغربي), then the name.
        // The lists a proclitic reading of the word is in (titles, verbs of saying).
        let reading_kinds = ws[i].facts.reading_kinds;
        if reading_kinds & kind::TITLE != 0 {
            let mut j = i + 1;
            let mut k = 0;
            while j < ws.len()
                && ws[j].joined
                && k < 5
                && (ws[j].known
                    // a prepositional complement (الخبير في الموارد المائية, المتحدث باسم
                    // الكرملين)
                    || matches!(ws[j].text, "في" | "باسم")
                        && ws.get(j + 1).is_some_and(|n| n.known || n.text.starts_with("ال"))
                    || ws[j].text.starts_with("ال")
                    || ws[j].text.starts_with("لل")
                    || ws[j].facts.kind & kind::TITLE != 0)
                && run(j, used).is_none()
            {
                j += 1;
                k += 1;
            }
            // A rank that is also a common noun (الفريق "the team", اللواء "the brigade",
            // العميد "the dean") introduces a name only when a given name follows it, after
            // أول or ركن (الفريق أول عبد الفتاح البرهان; not الفريق جمع عينات).
            let rank = j == i + 1 && AMBIGUOUS_RANKS.contains(&ws[i].bare());
            if rank && j < ws.len() && matches!(ws[j].text, "اول" | "ركن") && ws[j].joined {
                j += 1;
            }
            let given_name_follows = || {
                ws.get(j).is_some_and(|n| {
                    n.facts.kind & kind::FIRST_NAME != 0
                        || is_compound_given_name(n.text, lex)
                        || n.text == "عبد"
                })
            };
            if j < ws.len()
                && ws[j].joined
                && ws[j].facts.conj == 0
                && (!rank || given_name_follows())
            {
                if let Some(last) = run(j, used) {
                    if ends_name(ws, last) {
                        push(out, used, ws, EntityType::Person, j, last, skip(&ws[j]));
                        i = last + 1;
                        continue;
                    }
                }
            }
        }
        // 3. A speech verb, then the name, then a comma or أن/إن.
        if reading_kinds & kind::SPEECH != 0 {
            if let Some(last) = run(i + 1, used).filter(|_| i + 1 < ws.len() && ws[i + 1].joined) {
                let next = ws.get(last + 1);
                let closes =
                    next.is_none_or(|n| !n.joined || matches!(n.text, "ان" | "بان" | "انه"));
                if closes {
                    push(
                        out,
                        used,
                        ws,
                        EntityType::Person,
                        i + 1,
                        last,
                        skip(&ws[i + 1]),
                    );
                    i = last + 1;
                    continue;
                }
            }
        }
        // 4. `…، name، أن`: a name set off by commas before the أن/إن of reported speech
        // (أكد السفير …، عزالدين فرحان، أن).
        if ws[i].after_comma {
            if let Some(last) = run(i, used) {
                let comma_then_that = ws
                    .get(last + 1)
                    .is_some_and(|n| n.after_comma && matches!(n.text, "ان" | "بان" | "انه"));
                if comma_then_that {
                    push(out, used, ws, EntityType::Person, i, last, skip(&ws[i]));
                    i = last + 1;
                    continue;
                }
            }
        }
        // 5. `name، role`: a name closed by a comma and followed by a role word.
        if i == 0 || !ws[i].joined {
            if let Some(last) = run(i, used) {
                if let Some(n) = ws.get(last + 1) {
                    // The word's readings include the bare word: its own lists too.
                    // A word that is also an organization head (مؤسسة: a founder, or a
                    // foundation) may begin the next item of a list of names.
                    let role = n.facts.reading_kinds & kind::ROLE != 0
                        && n.facts.kind & (kind::STRONG_HEAD | kind::WEAK_HEAD) == 0;
                    if !n.joined && role {
                        push(out, used, ws, EntityType::Person, i, last, skip(&ws[i]));
                        i = last + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
}

/// Whether a folded word has the shape of a third-person imperfect verb of three root letters
/// (يطلب, تعمل): four letters, ي or ت, and no long vowel after it (names of the shape have
/// one: يوسف, تامر, تبون). The caller rules out the given names of that shape (يسري).
/// Relative pronouns (folded): a word in ي or ت after one is a verb, no name.
const RELATIVE_PRONOUNS: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
];

/// Ranks that are also common nouns (folded): see the title rule in [`persons`]. The late
/// (الراحل) is also the deceased the sentence speaks of (وأصدر الراحل روايته الأولى).
const AMBIGUOUS_RANKS: &[&str] = &[
    "الفريق",
    "اللواء",
    "العميد",
    "العامل",
    "الراحل",
    "الراحله",
    "الفقيد",
    "الفقيده",
    "المرحوم",
    "المرحومه",
    "الحكم",
    "الحارس",
    "المدافع",
    "المهاجم",
    "الممثل",
    "الممثله",
    "الملازم",
    "النقيب",
];

/// Whether a normalized word has the shape of a perfect verb or verbal noun of the derived
/// forms that begin with ا: افتعل/افتعال (اجتمع, امتناع), انفعل/انفعال (انطلق, انسحاب),
/// استفعل/استفعال (استقبل, استقبال).
fn is_derived_form(w: &str) -> bool {
    if !w.starts_with('ا') {
        return false;
    }
    let mut c = ['\0'; 7];
    let mut n = 0;
    for ch in w.chars() {
        if n == c.len() {
            return false;
        }
        c[n] = ch;
        n += 1;
    }
    match n {
        5 => c[2] == 'ت' || c[1] == 'ن',
        6 => c[1..3] == ['س', 'ت'] || c[4] == 'ا' && (c[2] == 'ت' || c[1] == 'ن'),
        7 => c[1..3] == ['س', 'ت'] && c[5] == 'ا',
        _ => false,
    }
}

fn is_imperfect_verb(w: &str) -> bool {
    let c: Vec<char> = w.chars().collect();
    c.len() == 4
        && matches!(c[0], 'ي' | 'ت')
        && c[1..3].iter().all(|l| !matches!(l, 'ا' | 'و' | 'ي'))
}

/// Whether a word is a title or role with a possessive pronoun (رئيسها, مديره, وزيرهم).
fn is_title_with_pronoun(w: &str, lex: &Lexicon) -> bool {
    ["هما", "ها", "هم", "ه"].iter().any(|p| {
        w.strip_suffix(p).is_some_and(|stem| {
            stem.chars().count() >= 3 && lex.kind(stem) & (kind::TITLE | kind::ROLE) != 0
        })
    })
}

/// Whether a word (folded, in the lists `kinds`) opens a name as a given name: a known one
/// that is no compound part (أبو alone is not), one written with its compound part
/// (عبدالله, ابوبكر), or عبد before the rest.
fn opens_given_name(w: &str, kinds: u16, lex: &Lexicon) -> bool {
    kinds & kind::FIRST_NAME != 0 && kinds & kind::JOINER == 0
        || is_compound_given_name(w, lex)
        || w == "عبد"
}

/// Whether the word after a given name that is also a common word ([`COMMON_WORD_NAMES`])
/// has the look of a name part: a given name (the father's, with or without ال), a compound
/// part or its end (بن, عبدالله, الدين), a nisba (الحافظي, بري) or a Maghrebi family name
/// (بلحاج, بوحليقة, بنعمر). A common noun or adjective (كبير, الحظ, رمضان) has none.
fn names_a_person(w: &Word, lex: &Lexicon) -> bool {
    let t = w.text;
    let letters = t.chars().count();
    is_father_name(w, lex)
        || matches!(t, "الله" | "الدين")
        || t.ends_with('ي') && letters >= 3
        || letters >= 5 && (t.starts_with("بل") || t.starts_with("بو") || t.starts_with("بن"))
}

/// Whether a word after a given name names the father, or begins to: a given name (with or
/// without ال), one with its compound part (عبدالله), or a compound part (بن, ولد).
fn is_father_name(w: &Word, lex: &Lexicon) -> bool {
    w.facts.kind & (kind::FIRST_NAME | kind::JOINER) != 0
        || w.text
            .strip_prefix("ال")
            .is_some_and(|b| lex.kind(b) & kind::FIRST_NAME != 0)
        || is_compound_given_name(w.text, lex)
}

/// A given name written as one word with its compound part (عبدالله, ابوبكر, folded): عبد and
/// at least two letters more, or ابو and a given name or a definite word (ابوالقاسم).
fn is_compound_given_name(w: &str, lex: &Lexicon) -> bool {
    if let Some(rest) = w.strip_prefix("ابو") {
        // (not a noun that begins with the letters: ابوابه "its doors", ابوين "parents")
        return rest.chars().count() >= 2
            && (rest.starts_with("ال") || lex.kind(rest) & kind::FIRST_NAME != 0);
    }
    w.starts_with("عبد") && w.chars().count() > 4
}

/// Whether a normalized word is a masculine or feminine ordinal, first to tenth (the
/// regnal numbers: الأول, الثاني … العاشر, الأولى, الثانية …).
fn is_regnal_ordinal(w: &str) -> bool {
    crate::arabic::ordinals::either_gender(w).is_some()
}

/// Whether the name run ending at `last` is closed: punctuation, a particle, or a verb.
fn ends_name(ws: &[Word], last: usize) -> bool {
    match ws.get(last + 1) {
        None => true,
        Some(n) => {
            !n.joined
                || n.known
                || n.facts.reading_kinds & (kind::STOP | kind::SPEECH) != 0
                || n.facts.kind & kind::TITLE != 0
                // an imperfect verb (رئيس البرلمان نبيل بركات يطلب)
                || is_imperfect_verb(n.text)
                // a preposition written alone before a quote (لـ«الشرق الأوسط»)
                || n.text.chars().count() == 1
                // و and the next title (والناقد, والمخرجة) or a preposition (وبمشاركة,
                // ولدى; not والنازحين, the next noun of a list)
                || n.facts.conj != 0
                    && (n.facts.reading_kinds & kind::TITLE != 0
                        || n.text[n.facts.conj as usize..].starts_with(['ب', 'ل', 'ك']))
                // the object of a verb before the title, in verb-subject-object order
                // (وصف المتحدث باسم الكرملين دميتري بيسكوف القرار): the run left it out
                || n.text.starts_with("ال") && last > 0 && !ws[last].text.starts_with("ال")
        }
    }
}

/// Whether an indefinite word has the shape of a feminine participle, which describes the
/// noun before it (مدينة منكوبة, منطقة محاصرة, ولاية مجاورة, مدينة مهددة, منطقة متضررة)
/// rather than naming it: مفعولة, مفاعَلة, مفعّلة (written with its doubled letter twice),
/// متفعّلة/متفاعلة, مستفعلة. Names of that length stay (مراغة, منوبة, مصراتة).
fn is_feminine_participle(w: &str) -> bool {
    let c: Vec<char> = w.chars().collect();
    if c.first() != Some(&'م') || c.last() != Some(&'ه') {
        return false;
    }
    match c.len() {
        5 => c[2] == c[3],
        6 => c[3] == 'و' || c[2] == 'ا' || c[1] == 'ت',
        n => n >= 6 && (c[1] == 'ت' || (c[1] == 'س' && c[2] == 'ت')),
    }
}

/// Whether an indefinite word is a feminine adjective of relation, which describes the noun
/// before it (منطقة لوجستية, مدينة ساحلية, قرية نائية): five letters or more ending in ية
/// (folded يه). A place so written is in the gazetteer (غرداية, مليلية) and matched before.
fn is_feminine_relative_adjective(w: &str) -> bool {
    !w.starts_with("ال") && w.ends_with("يه") && w.chars().count() >= 5
}

fn places(
    text: &str,
    ws: &[Word],
    hits: &[Hit],
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &mut [bool],
) {
    city_quarters(text, ws, hits, lex, out, used);
    for i in 0..ws.len().saturating_sub(1) {
        if used[i] || ws[i].known || used[i + 1] || !ws[i + 1].joined {
            continue;
        }
        if ws[i].text.ends_with("ي") && is_dual_place_cue(ws[i].text) {
            dual_places(ws, i, lex, out, used);
            continue;
        }
        if ws[i].facts.readings & reading::PLACE_CUE == 0 {
            continue;
        }
        if is_plural_place_cue(ws[i].text, lex) {
            plural_places(ws, hits, i, lex, out, used);
            continue;
        }
        let Some(r) = readings(ws[i].text, 2).into_iter().find(|r| {
            !r.rebuilt
                && lex.kind(r.stem.as_ref())
                    & (kind::PLACE_CUE | kind::PLACE_HEAD | kind::DIRECTION)
                    != 0
        }) else {
            continue;
        };
        let next = ws[i + 1];
        if lex.directions.contains(r.stem.as_ref()) {
            // Only before a known place that starts at the next word: a country or a region
            // (جنوب لبنان, غرب دارفور). Before a city it says where, relative to the city
            // (جنوب نابلس, شمال شرق رام الله): the city is the name.
            let Some(h) = hits.iter().find(|h| h.start == next.start) else {
                continue;
            };
            let name = &text[h.start..h.end];
            if !lex.place_names.contains(name) || lex.cities.contains(name) {
                continue;
            }
            let k = last_word(ws, i + 1, h.end);
            push(out, used, ws, EntityType::Place, i, k, r.prefix_len);
            continue;
        }
        // A head noun that is part of the name and a known place (نهر جوبا, بحيرة طبريا):
        // the river or lake, named after the place. (A region, جهة, is named in full by the
        // gazetteer: جهة الدار البيضاء سطات; before a city alone it says where.)
        if next.known && lex.place_heads.contains(r.stem.as_ref()) && r.stem.as_ref() != "جهه" {
            if let Some(h) = hits.iter().find(|h| h.start == next.start) {
                if lex.place_names.contains(&text[h.start..h.end]) {
                    let k = last_word(ws, i + 1, h.end);
                    push(out, used, ws, EntityType::Place, i, k, r.prefix_len);
                }
            }
            continue;
        }
        // After the cue of a town, village, quarter or camp in construct a definite word in
        // ة is the name, not an adjective (بلدة الطرة, حي الجامعة). (A city's may be a common
        // noun, مدينة الثقافة; a state's or province's is a mandate, ولاية الرئاسة.)
        let named = next.facts.name_like
            || matches!(r.stem.as_ref(), "بلده" | "قريه" | "حي" | "مخيم")
                && is_definite_feminine_name(next.text, next.facts, lex);
        // An indefinite noun and its indefinite feminine adjective are a common noun phrase
        // (منطقة تجارة حرة, منطقة صناعة ثقيلة).
        let described = !next.text.starts_with("ال")
            && ws.get(i + 2).is_some_and(|n2| {
                n2.joined
                    && !n2.known
                    && !n2.text.starts_with("ال")
                    && n2.text.ends_with('ه')
                    && n2.facts.reading_kinds & kind::FUNCTION == 0
            });
        if next.known
            || is_feminine_participle(next.text)
            || is_feminine_relative_adjective(next.text)
            || described
            || !named
            || next.facts.conj != 0
        {
            continue;
        }
        let mut last = i + 1;
        // A compass direction names a region with the word after it (محافظة جنوب الشرقية,
        // ولاية شمال كردفان); alone it is no name.
        let direction = lex.directions.contains(next.text);
        if direction {
            match ws.get(i + 2) {
                Some(n2)
                    if n2.joined
                        && !used[i + 2]
                        && n2.facts.conj == 0
                        && n2.facts.kind & (kind::STOP | kind::SPEECH) == 0
                        && (n2.known || n2.facts.name_like || n2.text.starts_with("ال")) =>
                {
                    last = i + 2;
                    if n2.known {
                        // A known place after it: the whole of that name.
                        if let Some(h) = hits.iter().find(|h| h.start == n2.start) {
                            last = last_word(ws, last, h.end);
                        }
                    }
                }
                _ => continue,
            }
        }
        // Two-word names start with a toponym prefix (سان لويس, عين عودة, بني ملال, كفر قاسم,
        // دير البلح, خان يونس, أم الجمال, حي بابا عمرو).
        let prefix = is_toponym_prefix(next.text);
        if let Some(n2) = ws.get(i + 2).filter(|_| prefix) {
            // The second word may be definite (دير البلح, أم الجمال, كفر الشيخ).
            let definite = n2.text.starts_with("ال") && n2.text.chars().count() >= 4;
            if may_end_toponym(n2) && (definite || n2.facts.name_like) {
                last = i + 2;
            }
        }
        // A toponym prefix alone (حوض أبي, مدينة عين) is not a name.
        if prefix && last == i + 1 {
            continue;
        }
        // A name of two parts joined by a hyphen is one name (ليبتاكو-غورما).
        while let Some(n) = ws.get(last + 1) {
            if text.get(ws[last].end..n.start) != Some("-") || n.known || !n.facts.name_like {
                break;
            }
            last += 1;
        }
        if lex.place_heads.contains(r.stem.as_ref()) {
            push(out, used, ws, EntityType::Place, i, last, r.prefix_len);
        } else {
            for u in used.iter_mut().take(last + 1).skip(i) {
                *u = true;
            }
            out.push(Span {
                kind: EntityType::Place,
                start: next.start,
                to: last,
                same_as: None,
            });
        }
    }
}

/// A word that begins a two-word place name (سان لويس, عين عودة, بني ملال, كفر قاسم, دير
/// البلح, خان يونس, أم الجمال, حي بابا عمرو, ساقية الزيت, حاسي الرمل).
fn is_toponym_prefix(w: &str) -> bool {
    matches!(
        w,
        "سان"
            | "سانت"
            | "عين"
            | "سيدي"
            | "بني"
            | "بير"
            | "ابو"
            | "ابي"
            | "ابا"
            | "راس"
            | "دار"
            | "بيت"
            | "تل"
            | "جبل"
            | "وادي"
            | "خميس"
            | "سوق"
            | "كفر"
            | "دير"
            | "خان"
            | "برج"
            | "ام"
            | "بابا"
            | "ساقيه"
            | "حاسي"
            | "عزبه"
            | "نجع"
            | "منشيه"
    )
}

/// Adjectives that make a known city's name the name of another place: its new town, old
/// town or a part (العلمين الجديدة, حمص القديمة, القدس الشرقية, جوبا الوسطى).
const CITY_QUARTERS: [&str; 10] = [
    "الجديده",
    "الجديد",
    "القديمه",
    "القديم",
    "الكبري",
    "الوسطي",
    "السفلي",
    "العليا",
    "الشرقيه",
    "الغربيه",
];

/// A known city and an adjective of [`CITY_QUARTERS`] after it: one place, the longer name.
fn city_quarters(
    text: &str,
    ws: &[Word],
    hits: &[Hit],
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &mut [bool],
) {
    for h in hits {
        if !lex.cities.contains(&text[h.start..h.end]) {
            continue;
        }
        // The hit's words: the first holds its start (after a proclitic), the last its end.
        let Some(first) = ws.iter().position(|w| w.end > h.start) else {
            continue;
        };
        let last = last_word(ws, first, h.end);
        let Some(next) = ws.get(last + 1) else {
            continue;
        };
        if next.joined && !used[last + 1] && CITY_QUARTERS.contains(&next.text) {
            let skip = h.start - ws[first].start;
            push(out, used, ws, EntityType::Place, first, last + 1, skip);
        }
    }
}

/// A definite word in ة of 3 letters or more after the article that no list knows: no
/// head, title or other function word, no nationality (المغربية), no preposition before
/// the article (للدولة).
/// Whether the word after a toponym prefix may be the second word of its name: joined to it,
/// not known, with no conjunction and no particle or verb of saying.
fn may_end_toponym(n2: &Word) -> bool {
    n2.joined && !n2.known && n2.facts.conj == 0 && n2.facts.kind & (kind::STOP | kind::SPEECH) == 0
}

fn is_definite_feminine_name(t: &str, facts: Facts, lex: &Lexicon) -> bool {
    t.starts_with("ال")
        && t.ends_with('ه')
        && t.chars().count() >= 5
        && t.chars().all(crate::arabic::normalize::is_arabic_letter)
        && facts.kind & kind::FUNCTION == 0
        && !has_clitic_article(t)
        && !lex.is_nationality(t)
        && !is_feminine_participle(&t["ال".len()..])
}

/// Whether a word is the plural of a place cue, bare or after one proclitic (وقرى).
fn is_plural_place_cue(w: &str, lex: &Lexicon) -> bool {
    let bare = w.strip_prefix(['و', 'ف', 'ب', 'ل']).unwrap_or(w);
    (lex.kind(w) | lex.kind(bare)) & kind::PLURAL_PLACE_CUE != 0
}

/// The names listed after a plural place cue at `i`, `X وY وZ` (ولايات السيب وبوشر ومطرح):
/// when the list has two names or more and one of them is a known place, the others are
/// places too. Each other name is one word that may be a name; a word that may not (a
/// function word, a plural noun in ين: مخيمات اللاجئين والنازحين) ends the list, and
/// a list that ends before its second name gives nothing.
fn plural_places(
    ws: &[Word],
    hits: &[Hit],
    i: usize,
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &mut [bool],
) {
    // (word, bytes of its conjunction) of each unknown name
    let mut unknown: Vec<(usize, usize)> = Vec::new();
    let mut items = 0;
    let mut known_place = false;
    let mut j = i + 1;
    while let Some(w) = ws.get(j) {
        let conj = w.facts.conj as usize;
        let listed = if items == 0 {
            w.joined && conj == 0
        } else {
            // (A known name keeps its و: the conjunction is dropped only before a name-like
            // word.)
            (w.joined || w.after_comma) && w.text.starts_with('و') && (conj != 0 || w.known)
        };
        if !listed || used[j] {
            break;
        }
        let last = if w.known {
            // A known name: a place, all of its words.
            let Some(h) = hits.iter().find(|h| w.start <= h.start && h.start < w.end) else {
                break;
            };
            let after_conjunction = items == 0 || h.start > w.start;
            if !after_conjunction || lex.entity_types.get(h.entity) != Some(&EntityType::Place) {
                break;
            }
            known_place = true;
            last_word(ws, j, h.end)
        } else {
            let bare = w.bare();
            let facts = w.bare_facts(lex);
            // (In the genitive after the cue a plural noun ends in ين, not ون: الزيتون.)
            let plural_noun = bare.ends_with("ين");
            let name = (facts.name_like || is_definite_feminine_name(bare, facts, lex))
                && facts.kind & (kind::STOP | kind::SPEECH) == 0
                && bare.chars().count() >= 3
                && !is_feminine_participle(bare);
            if plural_noun || !name {
                break;
            }
            unknown.push((j, conj));
            j
        };
        items += 1;
        j = last + 1;
    }
    if items < 2 || !known_place {
        return;
    }
    for (k, skip) in unknown {
        push(out, used, ws, EntityType::Place, k, k, skip);
    }
}

/// Whether a word is the dual of a place cue, bare or after one proclitic (وبلدتي).
fn is_dual_place_cue(w: &str) -> bool {
    let bare = w.strip_prefix(['و', 'ف', 'ب', 'ل']).unwrap_or(w);
    DUAL_PLACE_CUES.contains(&w) || DUAL_PLACE_CUES.contains(&bare)
}

/// The two names after a dual place cue at `i`, `X وY` (ولايتي جوبالاند وهيرشبيلي): each a
/// single word that may be a name (no function word); nothing unless both may be. Names
/// already known are the matcher's, and stay.
fn dual_places(ws: &[Word], i: usize, lex: &Lexicon, out: &mut Vec<Span>, used: &mut [bool]) {
    let (Some(a), Some(b)) = (ws.get(i + 1), ws.get(i + 2)) else {
        return;
    };
    let name = |w: &Word| {
        w.facts.name_like
            && w.facts.kind & (kind::STOP | kind::SPEECH) == 0
            && !is_feminine_participle(w.text)
    };
    let second = b.joined && !used[i + 2] && b.text.starts_with('و') && b.facts.conj != 0;
    if !second || a.facts.conj != 0 || !(a.known || name(a)) {
        return;
    }
    let b_bare = &b.text[b.facts.conj as usize..];
    let b_known = b.known;
    // Two indefinite words in ة are adjectives (بلدتي جميلة وهادئة: "my town").
    let adjectives = a.text.ends_with('ه') && b_bare.ends_with('ه') && !a.known && !b_known;
    let function_word = lex.facts(b_bare).kind & (kind::STOP | kind::SPEECH) != 0;
    if adjectives || !b_known && (function_word || b_bare.chars().count() < 3) {
        return;
    }
    // A compass direction is a name with the word after it (ولايتي جوبالاند وجنوب الغرب).
    let mut b_last = i + 2;
    if !b_known && lex.directions.contains(b_bare) {
        match ws.get(i + 3) {
            Some(n)
                if n.joined
                    && !used[i + 3]
                    && n.facts.conj == 0
                    && n.facts.kind & (kind::STOP | kind::SPEECH) == 0 =>
            {
                b_last = i + 3;
            }
            _ => return,
        }
    }
    if !a.known {
        push(out, used, ws, EntityType::Place, i + 1, i + 1, 0);
    }
    if !b_known {
        let skip = b.facts.conj as usize;
        push(out, used, ws, EntityType::Place, i + 2, b_last, skip);
    }
}

fn acronyms(
    original: &str,
    norm: &Normalized,
    ws: &[Word],
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &[bool],
) {
    for (i, w) in ws.iter().enumerate() {
        // An acronym is 2 to 6 Latin capitals, which normalization lowercases: any other
        // word is passed over before the lookups.
        let latin =
            (2..=6).contains(&w.text.len()) && w.text.bytes().all(|b| b.is_ascii_lowercase());
        if !latin || used[i] || w.known || lex.not_acronyms.contains(w.text) {
            continue;
        }
        // Normalized text is lowercased: capitals are read in the original.
        let (s, e) = original_range(norm, original, w.start, w.end);
        let o = &original[s..e];
        if (2..=6).contains(&o.len()) && o.chars().all(|c| c.is_ascii_uppercase()) {
            out.push(Span {
                kind: EntityType::Organization,
                start: w.start,
                to: i,
                same_as: None,
            });
        }
    }
}

/// Last words (lowercased) of a company's or a fund's name in Latin letters (Nile Crest
/// Capital, Takana Holdings, SüdStrom Energie AG).
const CORPORATE_WORDS: &[&str] = &[
    "ag",
    "airlines",
    "airways",
    "bank",
    "capital",
    "co",
    "company",
    "consulting",
    "corp",
    "corporation",
    "energie",
    "energy",
    "equity",
    "finance",
    "fund",
    "gmbh",
    "group",
    "holding",
    "holdings",
    "inc",
    "industries",
    "insights",
    "insurance",
    "investments",
    "labs",
    "limited",
    "llc",
    "logistics",
    "ltd",
    "motors",
    "partners",
    "pharma",
    "plc",
    "sa",
    "sarl",
    "sas",
    "securities",
    "solutions",
    "spa",
    "systems",
    "technologies",
    "ventures",
];

/// Names in Latin letters of companies and funds: two to five capitalized words that end on
/// a word of [`CORPORATE_WORDS`], or one to five after an organization's head noun (صندوق
/// Lumen Ventures, شركة Cashly). Not in brackets after an Arabic name (كاشلي (Cashly)): that
/// is the same company's name in Latin letters.
fn latin_companies(
    original: &str,
    norm: &Normalized,
    ws: &[Word],
    lex: &Lexicon,
    out: &mut Vec<Span>,
    used: &mut [bool],
) {
    // Normalized text is lowercased: capitals are read in the original.
    // (The first byte is asked first: most words are Arabic.)
    let capitalized = |w: &Word| {
        w.text
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_lowercase)
            && w.text.chars().all(char::is_alphanumeric)
            && {
                let (s, _) = original_range(norm, original, w.start, w.end);
                original[s..].chars().next().is_some_and(char::is_uppercase)
            }
    };
    let mut i = 0;
    while i < ws.len() {
        if used[i] || ws[i].known || !capitalized(&ws[i]) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < ws.len()
            && end + 1 - i < 5
            && ws[end + 1].joined
            && !used[end + 1]
            && !ws[end + 1].known
            && capitalized(&ws[end + 1])
        {
            end += 1;
        }
        let (s, _) = original_range(norm, original, ws[i].start, ws[i].end);
        let bracketed = original[..s].trim_end().ends_with('(');
        let after_head = i > 0 && ws[i].joined && lex.is_organization_head(ws[i - 1].text);
        let corporate = end > i && CORPORATE_WORDS.contains(&ws[end].text);
        if !bracketed && (corporate || after_head) {
            push(out, used, ws, EntityType::Organization, i, end, 0);
        }
        i = end + 1;
    }
}

/// Counts of one discovered name: by type, and by surface as written.
type Group = (HashMap<EntityType, usize>, HashMap<String, usize>);

/// Adds discovered names to the catalog: one entity per key (spelling variants joined), the
/// type most often found, forms the registry ignores dropped, merges applied.
pub fn add_discovered(catalog: &mut Catalog, found: impl IntoIterator<Item = Found>) {
    // key → (kind counts, surface counts)
    let mut groups: HashMap<String, Group> = HashMap::new();
    let mut canonical: HashMap<String, String> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for f in found {
        let surface = f.surface.clone();
        if catalog.ignore.contains(&f.key) || catalog.by_key.contains_key(&f.key) {
            continue;
        }
        if let Some(e) = f.same_as {
            let into = catalog.resolve(e);
            catalog.add_form(&surface, into, false);
            continue;
        }
        let variants = spellings(&f.key);
        let canon = variants
            .iter()
            .find_map(|k| canonical.get(k).cloned())
            .unwrap_or_else(|| f.key.clone());
        for k in variants {
            canonical.entry(k).or_insert_with(|| canon.clone());
        }
        let g = groups.entry(canon.clone()).or_insert_with(|| {
            order.push(canon.clone());
            Default::default()
        });
        *g.0.entry(f.kind).or_default() += 1;
        *g.1.entry(surface).or_default() += 1;
    }
    for canon in order {
        let (kinds, surfaces) = &groups[&canon];
        if let Some(&into) = catalog.pending_merges.get(&canon) {
            for s in surfaces.keys() {
                catalog.add_form(s, into, false);
            }
            continue;
        }
        let kind = *kinds
            .iter()
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
            .unwrap()
            .0;
        let name = surfaces
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap();
        let Some(i) = catalog.push_found(kind, &name) else {
            continue;
        };
        catalog.add_form(&name, i, false);
        for s in surfaces.keys() {
            catalog.add_form(s, i, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize;
    use crate::entities::gazetteer::Gazetteer;
    use crate::entities::matcher::Matcher;
    use crate::entities::registry::Registry;

    /// The names discovered in `text` with the built-in gazetteer and an empty registry.
    fn discovered(text: &str) -> Vec<(EntityType, String)> {
        let (catalog, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let lex = Lexicon::new(&catalog);
        let m = Matcher::new(catalog.forms.clone());
        let n = normalize(text);
        let hits = m.find(&n.text);
        discover(text, &n, &hits, &lex)
            .into_iter()
            .map(|f| (f.kind, f.surface))
            .collect()
    }

    #[test]
    fn discovery_table() {
        use EntityType::*;
        let rows: &[(&str, &[(EntityType, &str)])] = &[
            // a title or role before the name
            (
                "وقال الباحث سمير بنعلي إن الوضع مستقر.",
                &[(Person, "سمير بنعلي")],
            ),
            (
                "اجتمع وزير الداخلية المغربي عبد الوافي لفتيت بنظيره.",
                &[(Person, "عبد الوافي لفتيت")],
            ),
            // a speech verb, then the name, then أن
            (
                "وأكد عبدالنبي صبري أن التعاون مستمر.",
                &[(Person, "عبدالنبي صبري")],
            ),
            // a nisba made from a place is a surname after a given name (وزان → الوزاني);
            // a given name that folds like another word stays a name (منى/مني, علي/على)
            (
                "وأوضح عبد الرحيم الوزاني، مدير الوكالة، أن السد ممتلئ.",
                &[(Person, "عبد الرحيم الوزاني")],
            ),
            (
                "قالت منى عبد الرحمن إن السد ممتلئ.",
                &[(Person, "منى عبد الرحمن")],
            ),
            // Mauritanian lineage: منت (daughter of) joins like بنت; أما opens no name
            (
                "أما مريم منت الشيخ، رئيسة التعاونية، فتؤكد أن الدخل تراجع.",
                &[(Person, "مريم منت الشيخ")],
            ),
            // a district's name that is a family name too needs a cue to be the place
            (
                "وقال سليمان الزوايدة إن الموسم جيد.",
                &[(Person, "سليمان الزوايدة")],
            ),
            ("وقال منصف بن علي إن الوضع صعب.", &[(Person, "منصف بن علي")]),
            (
                "اعتبر الخبير في الموارد المائية نورالدين الكعبي أن القرار متأخر.",
                &[(Person, "نورالدين الكعبي")],
            ),
            // name، role apposition
            (
                "هشام معتضد، باحث في الشؤون الاستراتيجية، قال إن الأمر مهم.",
                &[(Person, "هشام معتضد")],
            ),
            // transliterated names with a known given name
            (
                "التقى كلا من أفريل هاينز، مديرة الاستخبارات.",
                &[(Person, "أفريل هاينز")],
            ),
            // a prepositional phrase with a title or another body's head ends a body's name
            (
                "في إطار خطة تشرف عليها وزارة الطاقة بقيادة الأمير فيصل الحربي لإحلال الغاز.",
                &[(Organization, "وزارة الطاقة"), (Person, "فيصل الحربي")],
            ),
            (
                "كشفت دراسة أجراها فريق من كلية الطب والعلوم الصحية بجامعة اليرموك، ونشرت أمس.",
                &[
                    (Organization, "كلية الطب والعلوم الصحية"),
                    (Organization, "جامعة اليرموك"),
                ],
            ),
            // a surname that is a province's adjective stays a surname (خوري, الخور)
            (
                "رأت النائبة سلمى خوري، عضو المجلس، أن الأولوية للانتخاب.",
                &[(Person, "سلمى خوري")],
            ),
            // a daughter's lineage and her family's feminine nisba
            (
                "وقالت الدكتورة سلمى بنت راشد الهنائية إن الحملة مستمرة.",
                &[(Person, "سلمى بنت راشد الهنائية")],
            ),
            // a rank that is a common noun needs a given name after it
            ("وقال إن الفريق جمع عينات من 32 موقعا.", &[]),
            (
                "وأكد الفريق أول خالد المرزوقي أن الجيش جاهز.",
                &[(Person, "خالد المرزوقي")],
            ),
            // a definite head before a known person is the person's office; an indefinite
            // one names a body after them
            ("ودعا رئيس المجلس نبيه بري إلى جلسة.", &[]),
            (
                "وقدمت مؤسسة محمد السادس للتضامن مساعدات.",
                &[(Organization, "مؤسسة محمد السادس للتضامن")],
            ),
            // organizations from head nouns with their complement
            (
                "أعلن المعهد العالي للقضاء تنظيم مباراة.",
                &[(Organization, "المعهد العالي للقضاء")],
            ),
            (
                "وأصدرت وزارة الطاقة الانتقالية بلاغا.",
                &[(Organization, "وزارة الطاقة الانتقالية")],
            ),
            // an adjective after a definite noun is not a head (الجريمة المنظمة)
            ("مكافحة الجريمة المنظمة العابرة للحدود الوطنية", &[]),
            // places after cue nouns, and regions of known places
            ("وصل إلى مدينة سيتارد ليلا", &[(Place, "سيتارد")]),
            // a participle or a mandate after the cue is no place
            ("وصل إلى مدينة منكوبة ليلا", &[]),
            ("نزحوا من منطقة محاصرة إلى مدينة مهددة", &[]),
            // منطقة is a place's cue; an adjective of relation after a cue is no place
            ("وأنشئت محطات في منطقة الشقايا غرب البلاد", &[(Place, "الشقايا")]),
            ("تستعد الولاية لإنشاء منطقة لوجستية قرب المعبر", &[]),
            ("يملك عقارات بمنطقة عزبة الصعايدة التابعة للحي", &[(Place, "عزبة الصعايدة")]),
            (
                "وأكدت سلطة منطقة نواذيبو الحرة أن المستثمرين قلقون",
                &[(Organization, "سلطة منطقة نواذيبو الحرة")],
            ),
            // a given name that is a common word opens a name only before a name part
            ("وتحدث نصر كبير للفريق الوطني عن البطولة", &[]),
            ("غيب الموت الموسيقار عن عمر ناهز 85 عاما", &[]),
            // a comparative is no surname
            (
                "وكتب له الشاعر سامي حسانين أكثر من مئة أغنية",
                &[(Person, "سامي حسانين")],
            ),
            ("وحضر سعيد الحظ الحفل", &[]),
            ("أعطني لي فرصة لأشرح موقف الحكومة", &[]),
            ("وصل سالم بوحليقة إلى المدينة", &[(Person, "سالم بوحليقة")]),
            ("وصل كريم بن سالم إلى المدينة", &[(Person, "كريم بن سالم")]),
            // …and after a title
            (
                "تنتهي ولاية حاكم مصرف لبنان رياض سلامة، الملاحق قضائيا",
                &[(Person, "رياض سلامة")],
            ),
            (
                "تفتتحها الأوركسترا بقيادة المايسترو نبيل شديد وبمشاركة السوبرانو",
                &[(Person, "نبيل شديد")],
            ),
            ("وصل إلى مدينة مراغة ليلا", &[(Place, "مراغة")]),
            ("تنتهي ولاية حاكم المصرف المركزي", &[]),
            ("ارتفع منسوب حوض سبو", &[(Place, "حوض سبو")]),
            ("ارتفع منسوب حوض أبي رقراق", &[(Place, "حوض أبي رقراق")]),
            ("نزح السكان إلى شرق تشاد", &[(Place, "شرق تشاد")]),
            // long names with compound parts (بن, ولد, عبد, الدين)
            (
                "وقال الوزير أحمد سالم ولد عبد الودود إن المشروع تأخر.",
                &[(Person, "أحمد سالم ولد عبد الودود")],
            ),
            (
                "وأوضح نور الدين الكعبي، خبير المياه، أن",
                &[(Person, "نور الدين الكعبي")],
            ),
            // Latin acronyms
            ("حسب تقرير نشرته KPMG أمس", &[(Organization, "KPMG")]),
            // traps: a role alone, nationality adjectives, generic bodies, descriptions
            ("وقال الوزير إن الحكومة ستتدخل.", &[]),
            ("أكدت المصالح الأمنية الهولندية والشرطة المغربية ذلك.", &[]),
            ("الدور الحيوي للمؤسسة الأمنية المغربية في التعاون", &[]),
            ("ضمن جهاز المخابرات الداخلية", &[]),
            ("من أجل حماية حقوق الإنسان، قال مصدر أمني إن", &[]),
            // a quoted name after a common noun names that thing, not a person
            ("مثل برنامج \"مصالحة\" لإعادة إدماج السجناء", &[]),
            ("مثل منصة \"الرائد\" لمواجهة الأطروحات", &[]),
            (
                "برئاسة مدير الأمن المغربي و\"مراقبة التراب الوطني\" (جهاز المخابرات الداخلية)، عبد اللطيف حموشي، إلى الولايات المتحدة",
                &[(Person, "عبد اللطيف حموشي")],
            ),
            (
                "دافع المدير العام للأمن الوطني ومراقبة التراب الوطني في المغرب، عبداللطيف حموشي، خلال تمثيله المملكة",
                &[(Person, "عبداللطيف حموشي")],
            ),
            // a list of names: مؤسسة is a foundation here, not a founder
            ("اقرأ أيضا: موسكو، برنامج مصالحة، مؤسسة دار الحديث الحسنية", &[]),
            ("اقرأ أيضا: موسكو، قصر مصالحة، مؤسسة الموقع", &[]),
            // a foreign surname may start with ف; a particle made with ف ends the name
            (
                "وقال المتحدث باسم البعثة، مارك فيشر، إن الطريق مغلق.",
                &[(Person, "مارك فيشر")],
            ),
            (
                "وقال سمير بنعلي فيما أكد الوزير أن الوضع مستقر.",
                &[(Person, "سمير بنعلي")],
            ),
            // a given name and an ordinal: a regnal name, after a title or a verb
            (
                "وكان الملك الحسن الثاني قد دشن السد عام 1980.",
                &[(Person, "الحسن الثاني")],
            ),
            ("وأكد عبد العزيز الثاني أن البلاد تدعم الحل.", &[(Person, "عبد العزيز الثاني")]),
            // a definite given name after the first, unless it is the title before a definite
            // word
            (
                "وقال الوزير محمد الأمين ولد بوبكر إن الإنتاج ارتفع.",
                &[(Person, "محمد الأمين ولد بوبكر")],
            ),
            ("وقال محمد الأمين العام للحزب إن الانتخابات ستجرى.", &[]),
            // a nationality adjective after a definite noun describes it
            ("ورأى أن القمة «كشفت حدود التضامن الأفريقي».", &[]),
            // X الله ends a name; a title with a pronoun and a Hijri month are no names
            (
                "وقال المخرج اللبناني وليد فضل الله إن الفيلم جاهز.",
                &[(Person, "وليد فضل الله")],
            ),
            (
                "وأكد مديرها العام، سمير التازي، أن الشركة ستوسع نشاطها.",
                &[(Person, "سمير التازي")],
            ),
            ("وعقدت الجلسة في ٣ ربيع الأول ١٤٤٦هـ بحضور الأطراف.", &[]),
            // toponym prefixes of the Levant
            ("وعاد السكان إلى حي بابا سلطان.", &[(Place, "بابا سلطان")]),
            ("وتقع بلدة كفر ثلث قرب الحدود.", &[(Place, "كفر ثلث")]),
            (
                "نزح الآلاف في ولايتي هيرشبيلي وجنوب الغرب.",
                &[(Place, "هيرشبيلي"), (Place, "جنوب الغرب")],
            ),
            // a river or lake named after a known place; a city's new or old town, or part
            ("وارتفع منسوب نهر جوبا قرب المدينة.", &[(Place, "نهر جوبا")]),
            // a valley, a mountain or a range: the head is part of the name
            (
                "وامتدت النيران إلى وادي الصومام وجبال البابور.",
                &[(Place, "وادي الصومام"), (Place, "جبال البابور")],
            ),
            ("وتحصن المسلحون في جبل عامر.", &[(Place, "جبل عامر")]),
            (
                "وعقد الاجتماع بمدينة العلمين الجديدة أمس.",
                &[(Place, "العلمين الجديدة")],
            ),
            ("وزار الوفد بنغازي الجديدة.", &[(Place, "بنغازي الجديدة")]),
            ("وزار الوفد القاهرة أمس.", &[]),
            // a definite word after a name that follows a title is the verb's object
            (
                "ووصف المتحدث باسم الخارجية الروسية ستانيسلاف زاخاروف القرار بأنه تصعيد.",
                &[(Person, "ستانيسلاف زاخاروف")],
            ),
            (
                "وانتقد وزير المالية الهولندي يورن هاينن الخطة الأوروبية.",
                &[(Person, "يورن هاينن")],
            ),
            ("وأعلن رئيس البرلمان التونسي الحكومة الجديدة.", &[]),
            // a title's complement after باسم; a preposition written alone before a quote
            // ends the name
            (
                "وقال وزير الخارجية الفنلندي يوهانس كويفولا لـ«رويترز» إن المحادثات مستمرة.",
                &[(Person, "يوهانس كويفولا")],
            ),
            (
                "وقال المتحدث باسم الجيش الإسرائيلي أفيخاي أدرعي إن العملية انتهت.",
                &[(Person, "أفيخاي أدرعي")],
            ),
            // the two names after a dual place cue; a direction before a city is no name,
            // before a country it is
            (
                "وداهمت القوات بلدتي عقربا ومادما جنوب نابلس.",
                &[(Place, "عقربا"), (Place, "مادما")],
            ),
            ("وقال إن بلدتي جميلة وهادئة.", &[]),
            // the names listed after a plural place cue, when one of them is a known place
            (
                "وداهمت القوات قرى عوريف وقريوت ونابلس.",
                &[(Place, "عوريف"), (Place, "قريوت")],
            ),
            (
                "وانتقلت العائلات إلى أحياء المنشية والعطاطرة وغزة.",
                &[(Place, "المنشية"), (Place, "العطاطرة")],
            ),
            ("وشملت الحملة بلدات حوارة وبيتا وعقربا.", &[]),
            ("وزار الوزير مخيمات اللاجئين والنازحين في لبنان.", &[]),
            // a club is named by one name: و and a definite word after it is the next club
            (
                "وتأهل نادي المرخية والهلال السعودي إلى الدور المقبل.",
                &[(Organization, "نادي المرخية")],
            ),
            // a municipality and the place it governs; بلدية after a plural in ات is an adjective
            ("وأطلقت بلدية غزة المرحلة الثانية.", &[(Organization, "بلدية غزة")]),
            (
                "وتشمل الانتخابات بلدية صفاقس وبلدية ساقية الزيت.",
                &[(Organization, "بلدية صفاقس"), (Organization, "بلدية ساقية الزيت")],
            ),
            ("وقال رئيس بلدية فوسانة إن التسجيل بدأ.", &[(Organization, "بلدية فوسانة")]),
            ("في أول انتخابات بلدية تعرفها البلاد.", &[]),
            ("وقالت إن البلدية تعرفها جيدا.", &[]),
            // a definite name in ة after the cue of a town, village, quarter or camp
            ("وقال إن بلدة الطرة تعاني من العطش.", &[(Place, "الطرة")]),
            ("وتحدث عن مدينة الثقافة في فاس.", &[]),
            ("وأكد أن ولاية الحكومة تنتهي العام المقبل.", &[]),
            ("وزار الوفد قريتي بيتا والتي تضررت.", &[]),
            ("وتقع القرية جنوب الخليل.", &[]),
            ("ونقل الركام إلى موقع شرق حي التفاح.", &[]),
            ("وتوسع القتال إلى شرق تشاد.", &[(Place, "شرق تشاد")]),
            // حكومة and ديوان heads; sector adjectives end a weak head's name; ب + noun
            // and a known name is the sentence's
            (
                "وأعلنت حكومة الوفاق الوطني في بيان أنها ستعقد اجتماعا.",
                &[(Organization, "حكومة الوفاق الوطني")],
            ),
            (
                "وقال ديوان المحاسبة في تقريره السنوي إن العجز ارتفع.",
                &[(Organization, "ديوان المحاسبة")],
            ),
            (
                "وقالت هيئة الرقابة المالية إنها فتحت تحقيقا.",
                &[(Organization, "هيئة الرقابة المالية")],
            ),
            (
                "وأصدرت مؤسسة الإقراض الزراعي تقريرها السنوي.",
                &[(Organization, "مؤسسة الإقراض الزراعي")],
            ),
            (
                "وأشاد الاتحاد العربي للتنس بقدرات تونس التنظيمية.",
                &[(Organization, "الاتحاد العربي للتنس")],
            ),
            ("وقالت الحكومة المصرية إن الأسعار مستقرة.", &[]),
            // a name ends before the next phrase's verb or noun (after a definite surname,
            // an imperfect verb); عقب, إحدى are not names; lineages and European particles
            (
                "وتسلم اللاعب سالم الدوسري جائزة أفضل لاعب في البطولة.",
                &[(Person, "سالم الدوسري")],
            ),
            (
                "قرر المجلس برئاسة خالد المشري تشكيل لجنة جديدة.",
                &[(Person, "خالد المشري")],
            ),
            (
                "وكان رئيس البرلمان نبيل بركات يطلب عقد جلسة عاجلة.",
                &[(Person, "نبيل بركات")],
            ),
            ("وقال الوزير في المؤتمر الصحفي عقب الاجتماع إن الحكومة ماضية في خطتها.", &[]),
            (
                "وقالت مديرة إحدى المدارس، نوال حسن، إن الطلاب عادوا.",
                &[(Person, "نوال حسن")],
            ),
            (
                "وقال رئيس مجلس الشورى الدكتور عبد الله العتيبي إن المجلس سيناقش القانون.",
                &[(Person, "عبد الله العتيبي")],
            ),
            (
                "والتقى الشيخ حمدان بن راشد بن سعيد آل مكتوم الوفد الزائر.",
                &[(Person, "حمدان بن راشد بن سعيد آل مكتوم")],
            ),
            // a known name and its lineage: nothing starts inside the lineage
            ("والتقى الشيخ محمد بن راشد بن سعيد آل مكتوم الوفد الزائر.", &[]),
            (
                "وقالت رئيسة المفوضية أورسولا فون دير ماير إن الاتحاد سيدعم الخطة.",
                &[(Person, "أورسولا فون دير ماير")],
            ),
            (
                "وقال المبعوث ستافان دي لوكا إن المحادثات ستستأنف.",
                &[(Person, "ستافان دي لوكا")],
            ),
            (
                "وقال المهندس محمد الطاهر بوزيد إن المشروع تأخر.",
                &[(Person, "محمد الطاهر بوزيد")],
            ),
            ("وخلف محمد الخامس والده على العرش.", &[(Person, "محمد الخامس")]),
            ("انعقد المؤتمر العربي الأول في تونس.", &[]),
            // «للمرة الأولى» is no complement of an organization
            (
                "تعرضها المكتبة الوطنية للمخطوطات للمرة الأولى خارج باريس",
                &[(Organization, "المكتبة الوطنية للمخطوطات")],
            ),
            // a name set off by commas before the أن of reported speech
            (
                "وأكد الممثل الدائم للمغرب لدى المنظمة في جنيف، حسام بنخضرة، أن الحوار مستمر.",
                &[(Person, "حسام بنخضرة")],
            ),
            ("وأكد البلاغ، في هذا الصدد، أن الحوار مستمر.", &[]),
            ("وأضاف المصدر، حسب قوله، إن الحوار مستمر.", &[]),
            // a name after a facility noun names the facility
            ("وصل الوفد إلى مطار محمد الخامس الدولي مساء أمس.", &[]),
            ("تراجع منسوب سد سيدي سالم إلى النصف.", &[]),
            ("نظمت الوقفة بشارع عبد الكريم الخطابي وسط المدينة.", &[]),
            // an indefinite head and a quoted name; a quoted description after a definite head
            (
                "وقالت جمعية \"بيت الحكمة\" في بيان إن الحوار ضروري.",
                &[(Organization, "بيت الحكمة")],
            ),
            (
                "وأكدت منظمة «أطباء العالم» أن الوضع كارثي.",
                &[(Organization, "أطباء العالم")],
            ),
            (
                "وقال حزب \"الفجر\" إنه سيصوت ضد القانون.",
                &[(Organization, "حزب الفجر")],
            ),
            ("وحذرت من خطر المنظمة \"الإرهابية\" في المنطقة.", &[]),
            // a head before a known organization's whole name names that organization
            (
                "ترأس الاجتماع مسؤول من مديرية الأمن الوطني المغربي أمس.",
                &[(Organization, "مديرية الأمن الوطني المغربي")],
            ),
            ("وأصدر مكتب الإنتربول الإقليمي بيانا.", &[(Organization, "مكتب الإنتربول الإقليمي")]),
            // a dual head and the quoted names it governs
            (
                "وحضر نواب كتلتي \"الأمل الجديد\" و\"النهضة الوطنية\" الجلسة.",
                &[(Organization, "الأمل الجديد"), (Organization, "النهضة الوطنية")],
            ),
            (
                "بعد انسحاب نواب من حزبي \"الوعد الصادق\" و\"الغد\" احتجاجا.",
                &[(Organization, "الوعد الصادق")],
            ),
            // a place, facility or organization head noun is no part of a name, with or
            // without a proclitic; a time noun before a month ends a name
            (
                "وسميت القاعة باسم مدينة تطوان تكريما لها.",
                &[],
            ),
            (
                "وقال الطبيب سمير العلوي إن قسم الطوارئ في مجمع حسن الطبي ممتلئ.",
                &[(Person, "سمير العلوي")],
            ),
            (
                "عاد الصحفي كريم الحمصي مطلع أيار إلى بيته.",
                &[(Person, "كريم الحمصي")],
            ),
            // a place after a preposition, or و and a place noun, is no part of a name
            ("وتجول الزوار في سوق خالد ببغداد.", &[]),
            ("ثم زاروا سوق سعيد وحي الأندلس.", &[]),
            // «in turn» is no name after a reporting verb
            (
                "وسجلت بدورها الصادرات ارتفاعا ملحوظا.",
                &[],
            ),
            // آل joins a family name
            (
                "وقال الشيخ حمد عبدالعزيز آل ثاني إن التعاون مستمر.",
                &[(Person, "حمد عبدالعزيز آل ثاني")],
            ),
            // a weak head, a genitive and an institutional or nationality adjective name a
            // body; another adjective describes one
            (
                "وأصدرت هيئة الرقابة العليا تقريرها السنوي.",
                &[(Organization, "هيئة الرقابة العليا")],
            ),
            (
                "وقال مجلس القضاء الليبي إن الجلسة أرجئت.",
                &[(Organization, "مجلس القضاء الليبي")],
            ),
            ("وانتخب مجلس الإدارة الجديد رئيسه.", &[]),
            // an indefinite genitive and a known name complete an indefinite head; a place's
            // cue only after مجلس; a definite head takes no genitive
            (
                "وأعلن مدير عام دائرة صحة البصرة تسجيل حالات جديدة.",
                &[(Organization, "دائرة صحة البصرة")],
            ),
            ("وتجمع المحتجون في مركز مدينة البصرة مساء.", &[]),
            // a head and its fields, two more added with و, name a committee; a definite
            // head with such a list is a description
            (
                "وصادقت عليه لجنة البنيات الأساسية والطاقة والمعادن والبيئة أمس.",
                &[(Organization, "لجنة البنيات الأساسية والطاقة والمعادن والبيئة")],
            ),
            ("وتحدث عن اللجنة الفنية والإدارية والمالية أمس.", &[]),
            // companies and funds named in Latin letters: a corporate last word, or after a
            // head noun; not in brackets after the Arabic name
            (
                "قادها صندوق Nile Crest Capital بمشاركة Delta Horizon Partners أمس.",
                &[
                    (Organization, "Nile Crest Capital"),
                    (Organization, "Delta Horizon Partners"),
                ],
            ),
            ("ومن صندوق Lumen الإماراتي.", &[(Organization, "Lumen")]),
            ("ومجموعة «تاكانا» اليابانية (Takana Holdings) شريكة.", &[(Organization, "مجموعة تاكانا")]),
            ("وقال في مؤتمر Web Summit إن السوق واعدة.", &[]),
            // titles of the arts, the professions and the ranks; those that are also common
            // nouns (الحكم "the ruling", الممثل "the representative") before a given name only
            (
                "فيما رأت الناقدة آمنة بابكر، أستاذة الأدب العربي، أن تجربته مهمة.",
                &[(Person, "آمنة بابكر")],
            ),
            (
                "وأوضح الملازم الأول نسيم برناوي أن الحرائق تراجعت.",
                &[(Person, "نسيم برناوي")],
            ),
            (
                "فيما يتهم المدعي العام خابيير نافارو زعيم الشبكة.",
                &[(Person, "خابيير نافارو")],
            ),
            ("وألغى الحكم الهدف بعد العودة إلى الفيديو.", &[]),
            (
                "وغنت المطربة آنذاك منيرة السباعي أغنيتين.",
                &[(Person, "منيرة السباعي")],
            ),
            // a body named after someone: an indefinite head and a given name's run (not a
            // ministry's); the name ends it
            ("وتراجعت جامعة زايد إلى الفئة الثانية.", &[(Organization, "جامعة زايد")]),
            (
                "وقال أستاذ في جامعة عمر المختار إن المشروع تأخر.",
                &[(Organization, "جامعة عمر المختار")],
            ),
            (
                "وقالت رئيسة جامعة خليفة البروفيسورة ليندا سميث إن التصنيف مهم.",
                &[(Organization, "جامعة خليفة"), (Person, "ليندا سميث")],
            ),
            // a kunya in the genitive and the accusative
            (
                "وتستعيد الندوة سيرة أبي عبيدة عبدالله بن القاسم، التاجر العماني.",
                &[(Person, "أبي عبيدة عبدالله بن القاسم")],
            ),
            ("وقال أبي إن الطقس جميل.", &[]),
            // given names that are common words need a name part after them
            (
                "ويترك زوجته الشاعرة نفيسة عبد الله وثلاثة أبناء.",
                &[(Person, "نفيسة عبد الله")],
            ),
            ("وأكد أن الوضع على كامل الأراضي السودانية هادئ.", &[]),
            ("وطالب بفرض حظر على كامل الأراضي الليبية.", &[]),
            (
                "وانتخب المحافظ الحالي دلشاد محمد أمين.",
                &[(Person, "دلشاد محمد أمين")],
            ),
            // علي (Ali) where the text writes على (on) with ى; one without ى keeps both apart
            // no more than normalization does
            (
                "وأكد محمد علي الحسني أن الوضع صعب على الجميع.",
                &[(Person, "محمد علي الحسني")],
            ),
            (
                "وقال الوكيل علي صالح بن سميط إن الوضع صعب على الجميع.",
                &[(Person, "علي صالح بن سميط")],
            ),
            ("وحصل على الحسني لقب البطولة.", &[]),
            ("وعاد اللاجئون إلى مخيم علي عدي على الحدود.", &[]),
            // a derived verb or verbal noun after two units is the sentence's; a given name
            // of that shape is the name's
            (
                "وقال المندوب الروسي دميتري فولكوف امتناع بلاده عن التصويت مبرر.",
                &[(Person, "دميتري فولكوف")],
            ),
            ("وقال جان بيير أنطوان إن الفيلم جاهز.", &[(Person, "جان بيير أنطوان")]),
            // a definite head is in no construct: a title after it is the next phrase's
            (
                "وترأس الهيئة القاضية ماريا خوسيه ألونسو الجلسة الأولى.",
                &[(Person, "ماريا خوسيه ألونسو")],
            ),
            // the late: a title before a given name, else the deceased the sentence speaks of
            (
                "ونعى اتحاد الكتاب السودانيين الراحل في بيان.",
                &[(Organization, "اتحاد الكتاب السودانيين")],
            ),
            ("وأصدر الراحل روايته الأولى عام 1974.", &[]),
            (
                "وشيع الآلاف جثمان الراحل محمود درويش أمس.",
                &[(Person, "محمود درويش")],
            ),
            // "recorded" is no speech verb before a name; "number" is no place
            ("أما في ولاية جيجل، فقد سجلت وفاة شخصين.", &[]),
            ("وصدر القانون في إقليم رقم 21 لسنة 2008.", &[]),
            // a known body's name with more fields added: another body; with other bodies
            // or people added it is a list
            (
                "كما نعته وزارة الثقافة والإعلام في بيان مقتضب.",
                &[(Organization, "وزارة الثقافة والإعلام")],
            ),
            (
                "وعقدت وزارة الصحة العامة والسكان اجتماعا.",
                &[(Organization, "وزارة الصحة العامة والسكان")],
            ),
            (
                "وأعلنت وزارة الفلاحة والموارد المائية والصيد البحري القرار.",
                &[(
                    Organization,
                    "وزارة الفلاحة والموارد المائية والصيد البحري",
                )],
            ),
            ("بالتنسيق بين وزارة الثقافة والسلطات المحلية.", &[]),
            ("وتملك المجموعة خارج الكويت فروعا كثيرة.", &[]),
            ("وعززت المؤسسة الأمنية المغربية حضورها.", &[]),
            // a family name in ة (Levantine plurals), and a word in ية after أبو
            (
                "وقالت الدكتورة رنا الطراونة إن الموسم جيد.",
                &[(Person, "رنا الطراونة")],
            ),
            (
                "وقال الدكتور سامي أبو عطية إن الأجهزة تعمل.",
                &[(Person, "سامي أبو عطية")],
            ),
            ("ثم غادر سمير العاصمة الكبيرة مساء.", &[]),
            // a foreign given name opens a name as an Arabic one does
            (
                "وتألق كريستيانو رونالدو في المباراة أمس.",
                &[(Person, "كريستيانو رونالدو")],
            ),
            // a kunya of a given name opens a name, after a title with a pronoun too; a
            // kunya أم is the name's; أم before anything else, or أبو before a word that is
            // no given name, is not
            (
                "وحذرت النقابة في بيان وقعه رئيسها أبو بكر الفيتوري من الإغلاق.",
                &[(Person, "أبو بكر الفيتوري")],
            ),
            (
                "ووقفت أم محمد الغول أمام ركام منزلها.",
                &[(Person, "أم محمد الغول")],
            ),
            ("وهي أم لثلاثة أطفال فقدت منزلها.", &[]),
            ("وسقطت قذيفة قرب أبو الخير صباحا.", &[]),
            // a word that begins with the letters of أبو is no kunya (أبوابه: its doors); a
            // word in ي or ت after a relative pronoun is a verb, though يسري is a given name
            ("ويفتح المعرض أبوابه يوميا من الصباح.", &[]),
            ("ويقضي العقد، الذي يسري لعشر سنوات، بنقل الكميات.", &[]),
            // given names that are also common nouns or adjectives are not listed (أسماء:
            // names; كامل: whole; تركي: Turkish)
            ("ونشرت الوزارة أسماء مقاتلين أسرى.", &[]),
            ("وطالب بتنفيذ كامل بنود الاتفاق مع وفد تركي رفيع.", &[]),
            // after a place cue a compass direction and the next word are one name
            (
                "وزار الوفد محافظة جنوب الزيتونة أمس.",
                &[(Place, "جنوب الزيتونة")],
            ),
            // a title and a name inside an organization's name
            (
                "وتحدث أستاذ في جامعة الملك فهد للبترول عن الطاقة.",
                &[(Organization, "جامعة الملك فهد للبترول")],
            ),
            // a head that ends the block
            ("ثم انعقد المجلس", &[]),
            // a preposition ends a name (رفقة, برفقة: with)
            (
                "مدير الاستخبارات المغربية عبد اللطيف حموشي رفقة مدير الـ\"أف بي آي\" كريستوفر راي",
                &[(Person, "عبد اللطيف حموشي")],
            ),
        ];
        for (text, expected) in rows {
            let expected: Vec<(EntityType, String)> =
                expected.iter().map(|(k, s)| (*k, s.to_string())).collect();
            assert_eq!(discovered(text), expected, "{text}");
        }
    }

    #[test]
    fn a_head_and_a_known_organization_is_another_form_of_it() {
        // «مديرية» + the DGSN's alias «الأمن الوطني المغربي»: a form of the DGSN, not a new
        // organization; «مكتب الإنتربول الإقليمي» says more than the Interpol and is new.
        let (mut catalog, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let lex = Lexicon::new(&catalog);
        let m = Matcher::new(catalog.forms.clone());
        let text = "تحدث مسؤول من مديرية الأمن الوطني المغربي، وأصدر مكتب الإنتربول الإقليمي بيانا.";
        let n = normalize(text);
        let found = discover(text, &n, &m.find(&n.text), &lex);
        let dgsn = catalog.resolve(catalog.by_key[&key("الأمن الوطني المغربي")]);
        let before = catalog.entities.len();
        add_discovered(&mut catalog, found);
        let form = catalog.by_key[&key("مديرية الأمن الوطني المغربي")];
        assert_eq!(catalog.resolve(form), dgsn);
        assert_eq!(
            catalog.entities.len(),
            before + 1,
            "only the regional office is new"
        );
        let office = catalog.resolve(catalog.by_key[&key("مكتب الإنتربول الإقليمي")]);
        assert_eq!(catalog.entities[office].kind, EntityType::Organization);
        assert_ne!(office, dgsn);
    }

    #[test]
    fn word_facts_are_remembered_per_lexicon() {
        // A registry that knows the one-word place «كرمنتوز» (no such town) makes it a
        // known name, so not a name-like word; the built-in gazetteer alone does not know it.
        let registry = crate::entities::registry::parse(
            "[[entity]]\nid = \"karmantuz\"\nname = \"كرمنتوز\"\ntype = \"place\"\n",
            "content/entities.toml",
        )
        .unwrap();
        let (plain, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let (known, _) = Catalog::new(&registry, &Gazetteer::builtin());
        let (plain, known) = (Lexicon::new(&plain), Lexicon::new(&known));
        let w = fold("كرمنتوز");
        // Asked in turn on one thread, each lexicon keeps its own answer.
        for _ in 0..2 {
            assert!(plain.name_like(&w));
            assert!(!known.name_like(&w));
        }
        // What the memo answers is what the rules compute, first sight or not.
        for w in [
            "وهشام",
            "وقال",
            "الوزاني",
            "المغربي",
            "للأمن",
            "فرنسا",
            "وزارة",
            "عبد",
        ] {
            let w = fold(w);
            let fresh = Facts {
                kind: plain.kind(&w),
                reading_kinds: plain.reading_kinds_of(&w),
                name_like: plain.name_like_as(&w, false),
                surname_like: plain.name_like_as(&w, w.starts_with("ال") && w.ends_with('ي')),
                conj: (w.len() - plain.without_conjunction_of(&w).len()) as u8,
                readings: plain.reading_bits(&w),
            };
            assert_eq!(plain.facts(&w), fresh, "{w}");
            assert_eq!(plain.facts(&w), fresh, "{w}, remembered");
        }
        assert_eq!(plain.facts(&fold("وهشام")).conj, 'و'.len_utf8() as u8);
        assert!(plain.facts(&fold("الوزاني")).surname_like);
        assert!(!plain.facts(&fold("المغربي")).name_like);
        // The heads and cues a word's readings are.
        use reading::*;
        let rows: &[(&str, u8)] = &[
            ("والمديرية", ORG_HEAD | DEFINITE_ORG_HEAD),
            ("المديرية", ORG_HEAD | DEFINITE_ORG_HEAD),
            ("لوزارة", ORG_HEAD),
            ("وزارة", ORG_HEAD),
            // ل + لجنة; لل + المديرية, rebuilt: a definite head, not one in the word
            ("للجنة", ORG_HEAD),
            ("للمديرية", DEFINITE_ORG_HEAD),
            ("بمدينة", PLACE_CUE),
            ("وشمال", PLACE_CUE),
            ("وقال", 0),
            ("بلجيكا", 0),
        ];
        for &(w, bits) in rows {
            assert_eq!(plain.facts(&fold(w)).readings, bits, "{w}");
        }
    }

    #[test]
    fn nationality_adjectives_come_from_known_places() {
        let (catalog, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let lex = Lexicon::new(&catalog);
        for w in [
            "المغربي",
            "الهولندية",
            "الاميركي",
            "الاسباني",
            "الفرنسيه",
            "المصري",
        ] {
            assert!(lex.is_nationality(&fold(w)), "{w}");
        }
        for w in ["الحافظي", "معتضد", "لعميم"] {
            assert!(!lex.is_nationality(&fold(w)), "{w}");
        }
    }
}
