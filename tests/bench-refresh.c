/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A full refresh of 200 feeds of 100 items each into a new database, then
 * a second refresh where every feed answers 304. The items look like the
 * news: 1-2 KB of HTML each (paragraphs, links, emphasis, character
 * references), two feeds in five in Arabic, sentences made from the
 * phrasing of technology-policy reporting. The feeds are served by a
 * SoupServer on 127.0.0.1 in a child process (this program run with
 * --serve), so that the peak memory measured here is the refresh's own.
 *
 * Targets: the full refresh at 4,000 stories/s or more (5 s), the 304
 * refresh under 1 s, peak memory under 150 MB.
 *
 * `bench-refresh --serve [--opml FILE] [--urls FILE]` serves the same
 * corpus until its standard input closes, printing its address, so that
 * dossier-cli and other feed readers can be timed on the same feeds. */

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dossier-refresh.h"
/* Batches of a fixed size under a profiler. */
#include "dossier-refresh-private.h"
#include "dossier-store.h"
/* The writer's page counts, from its connection. */
#include "dossier-store-private.h"

#define MAX_FEEDS   200
#define N_ITEMS     100
#define ARABIC_FEED(n) ((n) % 5 < 2)

#define TARGET_RATE     4000.0   /* stories/s */
#define TARGET_304      1.0      /* s */
#define TARGET_PEAK_MB  150.0

/* BENCH_FEEDS=N refreshes the first N feeds only, for a profiler. */
static int n_feeds = MAX_FEEDS;

/* ---- The corpus ---------------------------------------------------------- */

/* The stories are about events: each event is one thing that happened (a
 * company, often a regulator or a rival, a place, a figure, a product),
 * reported by 1 to 12 outlets within a day and a half, in English, in
 * Arabic or both, each outlet with its own headline. Events differ by
 * what happened and to whom, so that only an event's own stories read
 * alike; what follows a story's lead is background in the phrasing of the
 * trade, as in the news. */

typedef struct {
  const char *en;
  const char *ar;
} Words;

static const Words companies[] = {
  { "Nvidia", "إنفيديا" }, { "AMD", "إيه إم دي" }, { "Intel", "إنتل" }, { "TSMC", "تي إس إم سي" },
  { "Samsung Electronics", "سامسونغ" }, { "SK Hynix", "إس كيه هاينكس" }, { "Micron Technology", "ميكرون" },
  { "ASML", "إيه إس إم إل" }, { "Applied Materials", "أبلايد ماتيريالز" }, { "Lam Research", "لام ريسيرش" },
  { "Tokyo Electron", "طوكيو إلكترون" }, { "SMIC", "إس إم آي سي" }, { "Hua Hong Semiconductor", "هوا هونغ" },
  { "CXMT", "سي إكس إم تي" }, { "YMTC", "واي إم تي سي" }, { "Arm", "آرم" }, { "Qualcomm", "كوالكوم" },
  { "Broadcom", "برودكوم" }, { "Cambricon", "كامبريكون" }, { "Hygon", "هايغون" }, { "Moore Threads", "مور ثريدز" },
  { "Synopsys", "سينوبسيس" }, { "Cadence Design Systems", "كادينس" }, { "Huawei", "هواوي" },
  { "OpenAI", "أوبن إيه آي" }, { "Anthropic", "أنثروبيك" }, { "Google", "غوغل" }, { "Meta", "ميتا" },
  { "Microsoft", "مايكروسوفت" }, { "Amazon", "أمازون" }, { "Apple", "أبل" }, { "xAI", "إكس إيه آي" },
  { "DeepSeek", "ديب سيك" }, { "Alibaba", "علي بابا" }, { "Moonshot AI", "مون شوت" }, { "Baidu", "بايدو" },
  { "Tencent", "تينسنت" }, { "ByteDance", "بايت دانس" }, { "MiniMax", "ميني ماكس" }, { "iFlytek", "آي فلاي تك" },
  { "SenseTime", "سينس تايم" }, { "Mistral AI", "ميسترال" }, { "Aleph Alpha", "ألِف ألفا" },
  { "Hugging Face", "هاغينغ فيس" }, { "G42", "جي 42" }, { "MGX", "إم جي إكس" }, { "Humain", "هيوماين" },
  { "SoftBank", "سوفت بنك" }, { "Xiaomi", "شاومي" }, { "ZTE", "زد تي إي" },
};

static const Words regulators[] = {
  { "The Cyberspace Administration of China", "إدارة الفضاء الإلكتروني الصينية" },
  { "The Bureau of Industry and Security", "مكتب الصناعة والأمن" },
  { "The US Department of Commerce", "وزارة التجارة الأمريكية" },
  { "The Office of Foreign Assets Control", "مكتب مراقبة الأصول الأجنبية" },
  { "The US Trade Representative", "الممثل التجاري الأمريكي" },
  { "CFIUS", "لجنة الاستثمار الأجنبي في الولايات المتحدة" },
  { "The Federal Trade Commission", "لجنة التجارة الفيدرالية" },
  { "China's Ministry of Industry and Information Technology", "وزارة الصناعة وتكنولوجيا المعلومات الصينية" },
  { "China's Ministry of Commerce", "وزارة التجارة الصينية" },
  { "The State Administration for Market Regulation", "إدارة الدولة لتنظيم السوق" },
  { "The National Development and Reform Commission", "اللجنة الوطنية للتنمية والإصلاح" },
  { "The European Commission", "المفوضية الأوروبية" },
  { "The EU AI Office", "مكتب الذكاء الاصطناعي الأوروبي" },
  { "SDAIA", "سدايا" },
};

static const Words places[] = {
  { "Arizona", "أريزونا" }, { "Ohio", "أوهايو" }, { "Texas", "تكساس" }, { "Saudi Arabia", "السعودية" },
  { "the United Arab Emirates", "الإمارات" }, { "Qatar", "قطر" }, { "Egypt", "مصر" }, { "Malaysia", "ماليزيا" },
  { "Vietnam", "فيتنام" }, { "India", "الهند" }, { "Japan", "اليابان" }, { "South Korea", "كوريا الجنوبية" },
  { "Taiwan", "تايوان" }, { "Germany", "ألمانيا" }, { "France", "فرنسا" }, { "the Netherlands", "هولندا" },
  { "Ireland", "أيرلندا" }, { "Poland", "بولندا" }, { "Singapore", "سنغافورة" }, { "Indonesia", "إندونيسيا" },
  { "Brazil", "البرازيل" }, { "Mexico", "المكسيك" }, { "Morocco", "المغرب" }, { "Jordan", "الأردن" },
  { "Shanghai", "شنغهاي" }, { "Shenzhen", "شنتشن" }, { "Hefei", "خفي" }, { "Riyadh", "الرياض" },
  { "Abu Dhabi", "أبوظبي" }, { "Dubai", "دبي" }, { "Kenya", "كينيا" }, { "Turkey", "تركيا" },
};

static const Words weekdays[] = {
  { "Monday", "الاثنين" }, { "Tuesday", "الثلاثاء" }, { "Wednesday", "الأربعاء" }, { "Thursday", "الخميس" },
  { "Friday", "الجمعة" }, { "Saturday", "السبت" }, { "Sunday", "الأحد" },
};

/* What happened, with the event's own words in its slots: %A a company,
 * %B another company, %R a regulator, %P a place, %N a figure, %C a
 * product, %D the day, %S what it is about, %W why, %Y a year, %U a
 * document's address. Two headlines and a lead in each language. */
typedef struct {
  const char *en_head[2];
  const char *en_lead;
  const char *ar_head[2];
  const char *ar_lead;
} Frame;

static const Frame frames[] = {
  { { "%A to build $%N billion chip plant in %P", "%A picks %P for $%N billion fab" },
    "%A said on %D it would spend $%N billion on a chipmaking plant in %P, with production of its %C parts due to start in %Y",
    { "%A تبني مصنع رقائق في %P بقيمة %N مليار دولار", "%A تختار %P لمصنع بقيمة %N مليار دولار" },
    "أعلنت %A يوم %D أنها ستنفق %N مليار دولار على مصنع للرقائق في %P، على أن يبدأ إنتاج قطع %C فيه عام %Y" },
  { { "%R opens antitrust probe into %A", "%A faces %R antitrust inquiry over %C" },
    "%R said on %D it had opened an antitrust investigation into %A over the bundling of its %C products, one of %N such cases this year",
    { "%R تفتح تحقيقاً لمكافحة الاحتكار مع %A", "%A تواجه تحقيقاً من %R بشأن %C" },
    "قالت %R يوم %D إنها فتحت تحقيقاً لمكافحة الاحتكار مع %A بشأن ربط منتجات %C ببعضها، وهي القضية رقم %N من نوعها هذا العام" },
  { { "%A unveils %C model, claims it beats rivals", "%A releases %C with open weights" },
    "%A released its %C language model on %D, saying it matched the best systems of %B on reasoning tests after training on %N,000 chips",
    { "%A تكشف عن نموذج %C وتقول إنه يتفوق على منافسيه", "%A تطلق %C بأوزان مفتوحة" },
    "أطلقت %A نموذجها اللغوي %C يوم %D، وقالت إنه يضاهي أفضل أنظمة %B في اختبارات الاستدلال بعد تدريبه على %N ألف رقاقة" },
  { { "%A agrees to buy %B for $%N billion", "%A strikes $%N billion deal for %B" },
    "%A agreed on %D to acquire %B for about $%N billion in cash and stock, a deal that will need the approval of %R",
    { "%A تتفق على شراء %B مقابل %N مليار دولار", "صفقة بقيمة %N مليار دولار بين %A و%B" },
    "اتفقت %A يوم %D على الاستحواذ على %B مقابل نحو %N مليار دولار نقداً وأسهماً، في صفقة تحتاج إلى موافقة %R" },
  { { "%R adds %N Chinese firms to entity list, including %A", "%A among %N companies hit by new %R curbs" },
    "%R added %N companies to its entity list on %D, among them %A and suppliers of its %C accelerators, citing military end uses",
    { "%R تضيف %N شركة صينية إلى قائمة الكيانات بينها %A", "%A بين %N شركة تطالها قيود جديدة من %R" },
    "أضافت %R يوم %D عدد %N شركة إلى قائمة الكيانات، بينها %A وموردون لمسرّعات %C التابعة لها، مشيرة إلى استخدامات عسكرية" },
  { { "%A wins licence to ship %C chips to %P", "%R lets %A resume %C sales in %P" },
    "%A has received a licence from %R to ship its %C processors to customers in %P, covering orders worth about $%N billion, it said on %D",
    { "%A تحصل على ترخيص لشحن رقائق %C إلى %P", "%R تسمح لـ%A باستئناف مبيعات %C في %P" },
    "حصلت %A على ترخيص من %R لشحن معالجات %C إلى عملاء في %P، يغطي طلبيات بقيمة نحو %N مليار دولار، بحسب ما قالت يوم %D" },
  { { "%R fines %A %N million euros", "%A hit with %N million euro fine by %R" },
    "%R fined %A %N million euros on %D for breaking competition rules in the market for %C, and ordered it to change its practices",
    { "%R تغرّم %A %N مليون يورو", "غرامة بقيمة %N مليون يورو على %A من %R" },
    "فرضت %R يوم %D غرامة قدرها %N مليون يورو على %A لمخالفتها قواعد المنافسة في سوق %C، وأمرتها بتغيير ممارساتها" },
  { { "%A and %B sign %N-gigawatt data centre pact in %P", "%P lands %A-%B AI campus" },
    "%A and %B signed an agreement on %D to build a %N-gigawatt data centre campus in %P, to be filled with %C servers",
    { "%A و%B توقعان اتفاقاً لمركز بيانات بقدرة %N جيجاوات في %P", "%P تستضيف مجمعاً للذكاء الاصطناعي من %A و%B" },
    "وقعت %A و%B يوم %D اتفاقاً لبناء مجمع مراكز بيانات بقدرة %N جيجاوات في %P، سيُجهَّز بخوادم %C" },
  { { "%A cuts %N00 jobs as %C demand slows", "%A to lay off %N00 staff in %P" },
    "%A said on %D it would cut about %N00 jobs, most of them in %P, after orders for its %C products fell for a second quarter",
    { "%A تلغي %N00 وظيفة مع تباطؤ الطلب على %C", "%A تسرّح %N00 موظف في %P" },
    "قالت %A يوم %D إنها ستلغي نحو %N00 وظيفة معظمها في %P، بعد تراجع الطلبات على منتجات %C للربع الثاني على التوالي" },
  { { "%R summons %A over %C security risks", "%A called in by %R over %C" },
    "%R summoned executives of %A on %D over what it called security risks in its %C chips, asking for documents within %N days",
    { "%R تستدعي %A بسبب مخاطر أمنية في %C", "استدعاء %A من قبل %R بشأن %C" },
    "استدعت %R يوم %D مسؤولين تنفيذيين في %A بسبب ما وصفته بمخاطر أمنية في رقائق %C، وطلبت وثائق خلال %N يوماً" },
  { { "%A reports %N%% jump in data centre revenue", "%A sales beat forecasts on %C demand" },
    "%A said on %D that revenue from its data centre business rose %N%% from a year earlier, driven by sales of %C systems to customers in %P",
    { "%A تعلن قفزة بنسبة %N%% في إيرادات مراكز البيانات", "مبيعات %A تتجاوز التوقعات بفضل الطلب على %C" },
    "قالت %A يوم %D إن إيرادات أعمال مراكز البيانات ارتفعت بنسبة %N%% على أساس سنوي، مدفوعة بمبيعات أنظمة %C لعملاء في %P" },
  { { "%A sues %B over %C patents", "%B faces %A patent suit over %C" },
    "%A filed a lawsuit against %B in %P on %D, accusing it of copying %N patents used in its %C designs and seeking an import ban",
    { "%A تقاضي %B بسبب براءات اختراع %C", "%B تواجه دعوى براءات من %A بشأن %C" },
    "رفعت %A يوم %D دعوى قضائية ضد %B في %P، تتهمها فيها بنسخ %N براءة اختراع مستخدمة في تصميمات %C وتطالب بحظر استيرادها" },
  { { "%P approves $%N billion subsidy for %A", "%A gets $%N billion from %P for %C line" },
    "The government of %P approved $%N billion in grants and tax credits for %A on %D, to support a production line for %C parts",
    { "%P توافق على دعم بقيمة %N مليار دولار لـ%A", "%A تحصل على %N مليار دولار من %P لخط إنتاج %C" },
    "وافقت حكومة %P يوم %D على منح وإعفاءات ضريبية بقيمة %N مليار دولار لصالح %A، لدعم خط إنتاج لقطع %C" },
  { { "%A delays %C launch after testing problems", "%A pushes back %C by %N months" },
    "%A has delayed the launch of its %C by about %N months after problems in testing at its %P site, two people familiar with the matter said on %D",
    { "%A تؤجل إطلاق %C بعد مشكلات في الاختبار", "%A ترجئ %C لمدة %N أشهر" },
    "أجّلت %A إطلاق %C لنحو %N أشهر بعد مشكلات في الاختبارات بموقعها في %P، بحسب ما قاله مصدران مطلعان يوم %D" },
  { { "%R publishes draft rules on %C models", "%R consults on AI rules after %A complaint" },
    "%R published draft rules on %D for general-purpose AI models such as %A's %C, giving companies %N days to comment",
    { "%R تنشر مسودة قواعد لنماذج %C", "%R تطرح قواعد الذكاء الاصطناعي للتشاور بعد شكوى %A" },
    "نشرت %R يوم %D مسودة قواعد لنماذج الذكاء الاصطناعي متعددة الأغراض مثل %C من %A، ومنحت الشركات %N يوماً لإبداء ملاحظاتها" },
  { { "%A raises $%N billion at higher valuation", "%A funding round led by %B values it higher" },
    "%A raised $%N billion in a funding round led by %B, it said on %D, money it plans to spend on %C chips and a data centre in %P",
    { "%A تجمع %N مليار دولار بتقييم أعلى", "جولة تمويل لـ%A بقيادة %B ترفع قيمتها" },
    "جمعت %A %N مليار دولار في جولة تمويل قادتها %B، بحسب ما أعلنت يوم %D، وتعتزم إنفاقها على رقائق %C ومركز بيانات في %P" },
  { { "%A recalls %N,000 %C units over overheating", "%A to replace faulty %C boards" },
    "%A said on %D it would replace about %N,000 %C boards sold in %P after customers reported overheating under heavy loads",
    { "%A تستدعي %N ألف وحدة %C بسبب ارتفاع الحرارة", "%A تستبدل لوحات %C المعيبة" },
    "قالت %A يوم %D إنها ستستبدل نحو %N ألف لوحة %C بيعت في %P، بعد أن أبلغ عملاء عن ارتفاع حرارتها تحت الأحمال الثقيلة" },
  { { "%R bans %A's %C from state systems", "%A's %C barred from government use by %R" },
    "%R told state agencies on %D to stop buying %A's %C within %N days, citing the risk of data reaching foreign governments",
    { "%R تحظر %C من %A في الأنظمة الحكومية", "منع استخدام %C من %A في الجهات الحكومية" },
    "طلبت %R يوم %D من الجهات الحكومية التوقف عن شراء %C من %A خلال %N يوماً، بسبب خطر وصول البيانات إلى حكومات أجنبية" },
  { { "%A opens AI research centre in %P", "%A to hire %N00 engineers in %P" },
    "%A opened an AI research centre in %P on %D and plans to hire %N00 engineers there over three years to work on %C",
    { "%A تفتتح مركزاً لأبحاث الذكاء الاصطناعي في %P", "%A توظف %N00 مهندس في %P" },
    "افتتحت %A يوم %D مركزاً لأبحاث الذكاء الاصطناعي في %P، وتعتزم توظيف %N00 مهندس فيه خلال ثلاث سنوات للعمل على %C" },
  { { "%A shares fall %N%% after %R warning", "%R warning wipes %N%% off %A stock" },
    "Shares of %A fell %N%% on %D after %R warned that sales of its %C products could break export rules",
    { "أسهم %A تتراجع %N%% بعد تحذير %R", "تحذير من %R يهبط بسهم %A بنسبة %N%%" },
    "تراجعت أسهم %A بنسبة %N%% يوم %D بعد أن حذرت %R من أن مبيعات منتجات %C قد تخالف قواعد التصدير" },
  { { "%A and %B settle %C licensing dispute", "%A, %B end %C fight with licence deal" },
    "%A and %B said on %D they had settled their dispute over %C licences, with %B to pay royalties of about $%N million a year",
    { "%A و%B تسويان نزاع ترخيص %C", "%A و%B تنهيان خلاف %C باتفاق ترخيص" },
    "قالت %A و%B يوم %D إنهما سوّتا نزاعهما بشأن تراخيص %C، على أن تدفع %B رسوماً بنحو %N مليون دولار سنوياً" },
  { { "%R clears %A's purchase of %B with conditions", "%A-%B deal approved by %R" },
    "%R approved %A's takeover of %B on %D on condition that it keeps supplying %C parts to rivals for %N years",
    { "%R توافق على استحواذ %A على %B بشروط", "الموافقة على صفقة %A و%B من %R" },
    "وافقت %R يوم %D على استحواذ %A على %B بشرط مواصلة توريد قطع %C للمنافسين لمدة %N سنوات" },
  { { "%A hit by cyberattack, %C service down", "%C outage at %A blamed on hackers" },
    "%A said on %D that a cyberattack had taken its %C service offline in %P for %N hours, and that it had informed %R",
    { "%A تتعرض لهجوم إلكتروني وتوقف خدمة %C", "انقطاع %C لدى %A بسبب قراصنة" },
    "قالت %A يوم %D إن هجوماً إلكترونياً عطّل خدمة %C في %P لمدة %N ساعة، وإنها أبلغت %R" },
  { { "%P signs chip cooperation pact with %A", "%A to train %N,000 engineers in %P" },
    "%P signed a cooperation agreement with %A on %D under which the company will train %N,000 engineers and design %C chips locally",
    { "%P توقع اتفاق تعاون في الرقائق مع %A", "%A تدرب %N ألف مهندس في %P" },
    "وقعت %P يوم %D اتفاق تعاون مع %A تتولى الشركة بموجبه تدريب %N ألف مهندس وتصميم رقائق %C محلياً" },
};

/* What an event is about, beyond its product: with the context below,
 * two events of one kind (two fines, two plants) read apart. */
static const Words matters[] = {
  { "smartphone modems", "مودمات الهواتف الذكية" }, { "cloud contracts with hospitals", "عقود الحوسبة السحابية مع المستشفيات" },
  { "facial recognition cameras", "كاميرات التعرف على الوجوه" }, { "undersea cable equipment", "معدات الكابلات البحرية" },
  { "electric vehicle controllers", "وحدات التحكم في السيارات الكهربائية" }, { "satellite broadband terminals", "محطات الإنترنت الفضائي" },
  { "memory for gaming consoles", "ذاكرة أجهزة الألعاب" }, { "speech recognition for call centres", "التعرف على الكلام لمراكز الاتصال" },
  { "chips for industrial robots", "رقائق الروبوتات الصناعية" }, { "medical imaging software", "برمجيات التصوير الطبي" },
  { "power chips for solar inverters", "رقائق الطاقة لمحولات الطاقة الشمسية" }, { "chatbots for banks", "روبوتات المحادثة للبنوك" },
  { "lidar sensors for cars", "مستشعرات الليدار للسيارات" }, { "servers for weather forecasting", "خوادم التنبؤ بالطقس" },
  { "5G base stations", "محطات الجيل الخامس" }, { "wafer inspection tools", "أدوات فحص الرقائق" },
  { "translation services for courts", "خدمات الترجمة للمحاكم" }, { "drone navigation chips", "رقائق ملاحة الطائرات المسيّرة" },
  { "smart meters", "العدادات الذكية" }, { "school exam proctoring software", "برمجيات مراقبة الامتحانات المدرسية" },
  { "laptop processors", "معالجات الحواسيب المحمولة" }, { "optical transceivers", "أجهزة الإرسال والاستقبال الضوئية" },
  { "advertising algorithms", "خوارزميات الإعلانات" }, { "payment terminals", "أجهزة الدفع الإلكتروني" },
  { "hearing aids", "أجهزة السمع" }, { "railway signalling systems", "أنظمة إشارات السكك الحديدية" },
  { "crop-monitoring satellites", "أقمار مراقبة المحاصيل" }, { "port cranes", "رافعات الموانئ" },
  { "video surveillance storage", "تخزين بيانات المراقبة بالفيديو" }, { "quantum computing prototypes", "نماذج الحوسبة الكمية الأولية" },
  { "wearable health trackers", "أجهزة تتبع الصحة القابلة للارتداء" }, { "tax-filing software", "برمجيات الإقرارات الضريبية" },
};

/* Why it happened, or what came before: a clause of the event's own. */
static const Words contexts[] = {
  { "after a whistleblower complaint filed in March", "بعد شكوى قدمها مبلّغ عن مخالفات في مارس" },
  { "following a two-year audit of its suppliers", "عقب تدقيق استمر عامين في مورديها" },
  { "weeks after a fire halted output at a plant nearby", "بعد أسابيع من حريق أوقف الإنتاج في مصنع قريب" },
  { "as a shortage of water threatens production in the region", "في ظل نقص المياه الذي يهدد الإنتاج في المنطقة" },
  { "under pressure from pension funds that hold its shares", "تحت ضغط صناديق تقاعد تملك أسهمها" },
  { "after a court in the capital threw out an earlier ruling", "بعد أن ألغت محكمة في العاصمة حكماً سابقاً" },
  { "ahead of elections due in the autumn", "قبيل انتخابات مقررة في الخريف" },
  { "after its founder stepped down last month", "بعد تنحي مؤسسها الشهر الماضي" },
  { "in response to a parliamentary inquiry into data leaks", "رداً على تحقيق برلماني في تسريبات البيانات" },
  { "as the local currency fell to a record low", "مع تراجع العملة المحلية إلى مستوى قياسي" },
  { "after a customer in the defence sector cancelled orders", "بعد أن ألغى عميل في قطاع الدفاع طلبياته" },
  { "under a deal struck with unions at the site", "بموجب اتفاق أُبرم مع النقابات في الموقع" },
  { "after flooding damaged a warehouse of finished wafers", "بعد أن ألحقت فيضانات أضراراً بمستودع للرقائق الجاهزة" },
  { "following complaints from hospitals about outages", "عقب شكاوى من مستشفيات بشأن الانقطاعات" },
  { "as a ceasefire reopened shipping routes in the region", "مع إعادة فتح طرق الشحن في المنطقة بعد وقف إطلاق النار" },
  { "to meet a deadline set by the city's mayor", "للوفاء بمهلة حددها رئيس بلدية المدينة" },
  { "after a rival's engineers were arrested on spying charges", "بعد اعتقال مهندسين لدى منافس بتهم تجسس" },
  { "as insurers raised premiums for data centres", "مع رفع شركات التأمين أقساط مراكز البيانات" },
  { "after a leaked memo described delays to its roadmap", "بعد تسريب مذكرة تتحدث عن تأخر خطتها" },
  { "following a visit by the prime minister to its headquarters", "عقب زيارة رئيس الوزراء لمقرها الرئيسي" },
  { "after students protested against its campus partnership", "بعد احتجاج طلاب على شراكتها مع الجامعة" },
  { "as helium prices doubled since January", "مع تضاعف أسعار الهيليوم منذ يناير" },
  { "after an earthquake shut two of its lines for a week", "بعد أن أغلق زلزال خطين من خطوطها لأسبوع" },
  { "under a law that takes effect on the first of next month", "بموجب قانون يدخل حيز التنفيذ مطلع الشهر المقبل" },
  { "after a central bank warned of risks to payment systems", "بعد تحذير البنك المركزي من مخاطر على أنظمة الدفع" },
  { "as farmers objected to the power lines it needs", "مع اعتراض مزارعين على خطوط الكهرباء التي تحتاجها" },
};

/* How an outlet words an event's headline (%H). */
static const char * const en_headline_forms[] = {
  "%H", "%H, sources say", "Exclusive: %H", "%H in %S push", "Analysis: %H", "%H as scrutiny of %S grows",
};

static const char * const ar_headline_forms[] = {
  "%H", "%H - مصادر", "حصري: %H", "%H ضمن خطة %S", "تحليل: %H", "%H وسط تدقيق في %S",
};

/* What an outlet adds after the lead: the event's figures again, said
 * another way, and a reaction. */
static const char * const en_details[] = {
  "%B, which competes with %A in %P, declined to comment.",
  "The figure of %N compares with forecasts from analysts of less than half that.",
  "%R said it would publish its reasons within %N days.",
  "A spokesperson for %A said the %C plans had been in preparation since last year.",
  "Officials in %P welcomed the news, saying it showed the country could compete for %C work.",
  "%A's chief executive told staff in a memo that %C remained the company's priority.",
};

static const char * const ar_details[] = {
  "ورفضت %B، التي تنافس %A في %P، التعليق.",
  "ويقارن رقم %N بتوقعات المحللين التي لم تتجاوز نصف ذلك.",
  "وقالت %R إنها ستنشر أسبابها خلال %N يوماً.",
  "وقال متحدث باسم %A إن خطط %C قيد الإعداد منذ العام الماضي.",
  "ورحب مسؤولون في %P بالخبر، وقالوا إنه يظهر قدرة البلاد على المنافسة في أعمال %C.",
  "وقال الرئيس التنفيذي لـ%A في مذكرة للموظفين إن %C لا يزال أولوية الشركة.",
};

/* Products: codes of no real product line, which the tagger would file
 * under its maker whatever the story's company. */
static const char * const code_prefixes[] = {
  "MI", "B", "GB", "X", "N", "A", "P", "V", "M", "R", "S", "T", "Z", "K", "Q", "XR-", "SX-", "LP",
};

/* How a lead ends. */
static const char * const en_tails[] = {
  ", according to two people familiar with the matter.",
  ", a spokesperson said in an emailed statement.",
  ", as the dispute over advanced technology escalates.",
  ", in a filing published late on Monday.",
  ", people briefed on the talks said, asking not to be named because the discussions are private.",
  ".",
  ", the company said, without giving a timetable.",
  ", reversing a decision taken in April.",
  ", a move that could cost suppliers billions of dollars in lost sales.",
  ", Reuters and the Financial Times reported.",
};

static const char * const en_asides[] = {
  "Shares of the company rose 4.2% in early trading in New York.",
  "The ministry did not respond to a request for comment.",
  "Industry groups have long argued that the rules hurt American &amp; European exporters more than their rivals.",
  "&#8220;We will comply with every applicable rule,&#8221; the company said.",
  "Chinese companies have stockpiled chips since the first controls took effect in October 2022.",
  "The measure still needs the approval of the European Parliament and member states.",
  "Analysts expect R&amp;D spending on AI infrastructure to top $400&nbsp;billion this year.",
  "It&#8217;s the third such review this year, after inquiries in January and May.",
};

static const char * const ar_tails[] = {
  "، وفقاً لمصدرين مطلعين على الأمر.",
  "، بحسب بيان نشرته الشركة على موقعها الإلكتروني.",
  "، في ظل تصاعد التوتر التجاري بين واشنطن وبكين.",
  "، بحسب ما نقلته وكالة رويترز.",
  "، دون أن تحدد جدولاً زمنياً لذلك.",
  ".",
  "، في خطوة قد تكلف الموردين مليارات الدولارات.",
  "، وهو ما يمثل تراجعاً عن قرار اتُّخذ في أبريل الماضي.",
};

static const char * const ar_asides[] = {
  "وارتفعت أسهم الشركة بنسبة 4.2% في مستهل التداولات في نيويورك.",
  "ولم ترد الوزارة على طلب للتعليق.",
  "وتقول مجموعات صناعية إن القيود تضر بالمصدّرين الأمريكيين والأوروبيين أكثر من منافسيهم.",
  "&#171;سنلتزم بجميع القواعد المعمول بها&#187;، بحسب ما قالت الشركة.",
  "وخزّنت الشركات الصينية الرقائق منذ دخول القيود الأولى حيز التنفيذ في أكتوبر 2022.",
  "ولا يزال الإجراء بحاجة إلى موافقة البرلمان الأوروبي والدول الأعضاء.",
  "ويتوقع محللون أن يتجاوز الإنفاق على البنية التحتية للذكاء الاصطناعي 400&nbsp;مليار دولار هذا العام.",
};

/* The background that follows a story's lead, as reporters write it:
 * about the event's own company, rival, regulator and place, in the
 * trade's words, with links, emphasis and character references. */
static const char * const en_background[] = {
  "%A has spent much of the past three years expanding in %P, where it already employs several thousand people.",
  "Its rivals, <strong>%B</strong> among them, have announced similar plans since the start of the year.",
  "%R has stepped up its scrutiny of the sector since 2023, when it first <a href=\"%U\">asked chipmakers for data on their sales</a>.",
  "The decision comes as governments compete to attract semiconductor and AI investment with grants, cheap power and tax breaks.",
  "&#8220;This is a market that moves faster than the rules written for it,&#8221; said an analyst who follows %A, asking not to be named.",
  "Demand for <em>advanced packaging</em> and high-bandwidth memory has outstripped supply for more than a year, according to industry estimates.",
  "%A did not say how the move would affect its guidance for the current quarter, which it will report in about six weeks.",
  "Officials in %P have courted foreign technology companies with promises of faster permits and a trained workforce.",
  "Lawyers for %B said in a separate filing that they were <a href=\"%U\">reviewing the documents</a> and would respond in due course.",
  "The company&#8217;s shares have risen by about a third this year, outperforming the broader market.",
  "Critics say the rules favour large incumbents over start-ups, which lack the staff to handle compliance &amp; reporting.",
  "The agency has opened several inquiries into cloud and AI partnerships, though few have led to fines so far.",
  "%A&#8217;s executives have argued in the past that export restrictions push customers towards domestic alternatives.",
  "Data centres already account for a growing share of electricity demand in %P, and grid operators have warned of shortages.",
  "People close to the company said the plan had been discussed with %R before it was made public.",
  "Earlier this year, %B said it would <a href=\"%U\">invest in new capacity</a> for the same kind of chips.",
  "Trade groups said they were still studying the details and would comment once the full text was published.",
  "The talks were first reported by a trade publication last month; none of the parties confirmed them at the time.",
};

static const char * const ar_background[] = {
  "وسّعت %A حضورها في %P خلال السنوات الثلاث الماضية، حيث توظف بالفعل آلاف الأشخاص.",
  "وأعلن منافسوها، ومنهم <strong>%B</strong>، عن خطط مماثلة منذ بداية العام.",
  "وكثّفت %R رقابتها على القطاع منذ عام 2023، حين <a href=\"%U\">طلبت من شركات الرقائق بيانات عن مبيعاتها</a>.",
  "ويأتي القرار في وقت تتنافس فيه الحكومات على جذب استثمارات أشباه الموصلات والذكاء الاصطناعي بالمنح والطاقة الرخيصة والإعفاءات الضريبية.",
  "&#171;هذه سوق تتحرك أسرع من القواعد التي وُضعت لها&#187;، بحسب محلل يتابع %A طلب عدم نشر اسمه.",
  "وتجاوز الطلب على <em>التغليف المتقدم</em> والذاكرة عالية النطاق الترددي المعروض لأكثر من عام، وفق تقديرات القطاع.",
  "ولم تذكر %A كيف ستؤثر الخطوة على توقعاتها للربع الحالي، الذي ستعلن نتائجه بعد نحو ستة أسابيع.",
  "وسعى مسؤولون في %P إلى استقطاب شركات التقنية الأجنبية بوعود بتراخيص أسرع وقوى عاملة مدربة.",
  "وقال محامو %B في ملف منفصل إنهم <a href=\"%U\">يراجعون الوثائق</a> وسيردون في الوقت المناسب.",
  "وارتفعت أسهم الشركة بنحو الثلث منذ بداية العام، متفوقة على أداء السوق الأوسع.",
  "ويقول منتقدون إن القواعد تحابي الشركات الكبرى على حساب الناشئة التي تفتقر إلى موظفين للامتثال والإفصاح.",
  "وفتحت الهيئة عدة تحقيقات في شراكات الحوسبة السحابية والذكاء الاصطناعي، لكن قلة منها انتهت بغرامات حتى الآن.",
  "وسبق أن قال مسؤولون في %A إن قيود التصدير تدفع العملاء نحو بدائل محلية.",
  "وتستحوذ مراكز البيانات على حصة متزايدة من الطلب على الكهرباء في %P، وحذّر مشغلو الشبكة من نقص في الإمدادات.",
  "وقال أشخاص مقربون من الشركة إن الخطة نوقشت مع %R قبل الإعلان عنها.",
  "وفي وقت سابق من هذا العام، قالت %B إنها <a href=\"%U\">ستستثمر في طاقة إنتاجية جديدة</a> للنوع نفسه من الرقائق.",
  "وقالت مجموعات صناعية إنها لا تزال تدرس التفاصيل وستعلّق بعد نشر النص الكامل.",
  "وكانت مطبوعة متخصصة قد كشفت عن المحادثات الشهر الماضي، ولم يؤكدها أي من الأطراف حينها.",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])


/* An event: what happened and to whom. */
typedef struct {
  guint   id;
  guint8  frame;
  guint8  company;
  guint8  other;        /* another company */
  guint8  regulator;
  guint8  place;
  guint16 figure;
  guint8  matter;
  guint8  context;
  char    code[24];
  gint64  time;
} Event;

/* One item of a feed: a story of an event. */
typedef struct {
  guint  event;
  guint8 nth;           /* its outlet's place among the event's, for the headline */
  gint64 time;
} Slot;

/* The corpus spans 120 days back from 15 July 2025, 18:00 UTC: a feed's
 * 100 items are four months of a specialised outlet's output, and the
 * 200 feeds bring about 170 stories a day. */
#define CORPUS_END    G_GINT64_CONSTANT (1752602400)
#define CORPUS_SPAN   (120 * 24 * 3600)
#define MAX_EVENT     12

static Event *events;
static guint n_events;
static guint largest_event;
static Slot slots[MAX_FEEDS + 1][N_ITEMS];

static int
by_time_desc (gconstpointer a,
              gconstpointer b)
{
  const Slot *x = a, *y = b;

  return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

/* The same events and the same feeds in every process that asks (the
 * server and the benchmark), from one seed. */
static void
build_corpus (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2025);
  guint filled[MAX_FEEDS + 1] = { 0 };
  /* The feeds with room left, in English [0] and in Arabic [1]. */
  int open[2][MAX_FEEDS];
  guint n_open[2] = { 0, 0 };
  guint allocated = 0;

  if (events != NULL)
    return;
  for (int n = 1; n <= n_feeds; n++)
    open[ARABIC_FEED (n)][n_open[ARABIC_FEED (n)]++] = n;

  while (n_open[0] + n_open[1] > 0)
    {
      Event *event;
      /* Most events are told by one or two outlets, a few by a dozen. */
      double r = g_rand_double (rand) * g_rand_double (rand);
      guint size = MIN (MAX_EVENT, 1 + (guint) (r * MAX_EVENT * 1.2));
      /* A fifth of the events in both languages, the rest in one. */
      int reach = g_rand_int_range (rand, 0, 10);
      guint told = 0;

      if (n_events == allocated)
        {
          allocated = MAX (1024, allocated * 2);
          events = g_renew (Event, events, allocated);
        }
      event = &events[n_events];
      event->id = n_events;
      event->frame = g_rand_int_range (rand, 0, G_N_ELEMENTS (frames));
      event->company = g_rand_int_range (rand, 0, G_N_ELEMENTS (companies));
      do
        event->other = g_rand_int_range (rand, 0, G_N_ELEMENTS (companies));
      while (event->other == event->company);
      event->regulator = g_rand_int_range (rand, 0, G_N_ELEMENTS (regulators));
      event->place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
      event->figure = g_rand_int_range (rand, 2, 98);
      event->matter = g_rand_int_range (rand, 0, G_N_ELEMENTS (matters));
      event->context = g_rand_int_range (rand, 0, G_N_ELEMENTS (contexts));
      g_snprintf (event->code, sizeof event->code, "%s%d", PICK (rand, code_prefixes),
                  g_rand_int_range (rand, 2, 990));
      event->time = CORPUS_END - g_rand_int_range (rand, 0, CORPUS_SPAN);

      for (guint tries = 0; tries < size * 4 && told < size && n_open[0] + n_open[1] > 0; tries++)
        {
          gboolean arabic = reach < 2 ? g_rand_int_range (rand, 0, 5) < 2 : reach < 5;
          guint pick;
          gint64 later;
          int n;
          gboolean seen = FALSE;

          /* Where one language's feeds are full, the other's take the rest. */
          if (n_open[arabic] == 0)
            arabic = !arabic;
          pick = g_rand_int_range (rand, 0, n_open[arabic]);
          n = open[arabic][pick];
          /* One story of an event per outlet. */
          for (guint k = 0; k < filled[n] && !seen; k++)
            seen = slots[n][k].event == n_events;
          if (seen)
            continue;
          slots[n][filled[n]].event = n_events;
          slots[n][filled[n]].nth = told;
          /* The first report at the event's time, the others within 36 hours. */
          later = told == 0 ? 0 : g_rand_int_range (rand, 60, 36 * 3600);
          slots[n][filled[n]].time = MIN (CORPUS_END, event->time + later);
          if (++filled[n] == N_ITEMS)
            open[arabic][pick] = open[arabic][--n_open[arabic]];
          told++;
        }
      if (told == 0)
        continue;
      largest_event = MAX (largest_event, told);
      n_events++;
    }

  for (int n = 1; n <= n_feeds; n++)
    qsort (slots[n], N_ITEMS, sizeof (Slot), by_time_desc);
}

/* @format with the event's words in its slots, in one language. */
static void
append_filled (GString     *out,
               const char  *format,
               const Event *event,
               gboolean     arabic)
{
#define WORD(w) (arabic ? (w).ar : (w).en)
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 'A': g_string_append (out, WORD (companies[event->company])); break;
        case 'B': g_string_append (out, WORD (companies[event->other])); break;
        case 'R': g_string_append (out, WORD (regulators[event->regulator])); break;
        case 'P': g_string_append (out, WORD (places[event->place])); break;
        case 'N': g_string_append_printf (out, "%u", event->figure); break;
        case 'C': g_string_append (out, event->code); break;
        case 'S': g_string_append (out, WORD (matters[event->matter])); break;
        case 'W': g_string_append (out, WORD (contexts[event->context])); break;
        case 'Y': g_string_append_printf (out, "%u", 2026 + event->id % 5); break;
        case 'U': g_string_append_printf (out, "https://filings.example/%u", event->id); break;
        case 'D': g_string_append (out, WORD (weekdays[(event->time / 86400 + 3) % 7])); break;
        default: g_string_append_c (out, *p); break;
        }
    }
#undef WORD
}

/* A name that starts a sentence reads "The European Commission", inside
 * one "the European Commission". */
static void
lower_the (char *text)
{
  char *at = text;

  while (*at != '\0' && (at = strstr (at + 1, " The ")) != NULL)
    at[1] = 't';
}

/* An item's description: the event's lead and what the outlet adds, then
 * background until 1-2 KB. */
static char *
make_description (GRand       *rand,
                  const Event *event,
                  gboolean     arabic)
{
  GString *html = g_string_new ("<p>");
  guint target = g_rand_int_range (rand, 1000, 2000);
  gsize from;
  guint detail = g_rand_int_range (rand, 0, G_N_ELEMENTS (en_details));

  append_filled (html, arabic ? frames[event->frame].ar_lead : frames[event->frame].en_lead, event, arabic);
  g_string_append (html, arabic ? PICK (rand, ar_tails) : PICK (rand, en_tails));
  append_filled (html, arabic ? " وتتعلق الخطوة، التي جاءت %W، بـ%S." : " The step, taken %W, concerns %S.",
                 event, arabic);
  lower_the (html->str);
  g_string_append (html, "</p>\n<p>");
  from = html->len;
  for (int d = 0; d < 2; d++, detail = (detail + 1) % G_N_ELEMENTS (en_details))
    {
      append_filled (html, arabic ? ar_details[detail] : en_details[detail], event, arabic);
      g_string_append_c (html, ' ');
    }
  lower_the (html->str + from);
  g_string_append (html, "</p>\n");

  /* The background, each sentence once at most, in an order of the
   * outlet's: a step prime to the bank's size visits each in turn. */
  G_STATIC_ASSERT (G_N_ELEMENTS (en_background) == 18 && G_N_ELEMENTS (ar_background) == 18);
  static const guint steps[] = { 1, 5, 7, 11, 13, 17 };
  guint i = g_rand_int_range (rand, 0, G_N_ELEMENTS (en_background));
  guint step = PICK (rand, steps);
  guint told = 0;

  while (html->len < target && told < G_N_ELEMENTS (en_background))
    {
      int sentences = g_rand_int_range (rand, 2, 4);

      g_string_append (html, "<p>");
      for (int k = 0; k < sentences && html->len < target && told < G_N_ELEMENTS (en_background); k++, told++)
        {
          from = html->len;
          append_filled (html, (arabic ? ar_background : en_background)[i], event, arabic);
          lower_the (html->str + from);
          g_string_append_c (html, ' ');
          i = (i + step) % G_N_ELEMENTS (en_background);
        }
      if (html->len < target && g_rand_int_range (rand, 0, 3) == 0)
        g_string_append (html, arabic ? PICK (rand, ar_asides) : PICK (rand, en_asides));
      g_string_append (html, "</p>\n");
    }
  return g_string_free (html, FALSE);
}

static void
append_escaped (GString    *doc,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (doc, escaped);
}

/* An outlet's headline: each of an event's outlets words it its own way. */
static char *
make_title (const Event *event,
            guint        nth,
            gboolean     arabic)
{
  const Frame *frame = &frames[event->frame];
  const char *head = (arabic ? frame->ar_head : frame->en_head)[(nth / G_N_ELEMENTS (en_headline_forms) + event->figure) % 2];
  const char *form = (arabic ? ar_headline_forms : en_headline_forms)[(nth + event->place) % G_N_ELEMENTS (en_headline_forms)];
  g_autoptr(GString) text = g_string_new (NULL);

  const char *slot = strstr (form, "%H");
  g_autofree char *before = g_strndup (form, slot - form);

  append_filled (text, before, event, arabic);
  append_filled (text, head, event, arabic);
  append_filled (text, slot + 2, event, arabic);
  lower_the (text->str);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* @html_bytes: adds the size of the items' HTML, before any escaping. */
static char *
make_feed (int    n,
           gsize *html_bytes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  gboolean arabic = ARABIC_FEED (n);
  /* Half the feeds carry their HTML escaped, half in CDATA, as publishers do. */
  gboolean cdata = n % 2 == 0;
  GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");

  build_corpus ();
  if (arabic)
    g_string_append_printf (doc, "<title>نشرة التقنية والسياسات %d</title><link>https://news%d.example/ar/</link>"
                                 "<description>أخبار الرقائق والذكاء الاصطناعي والتنظيم</description>"
                                 "<language>ar</language>\n", n, n);
  else
    g_string_append_printf (doc, "<title>Tech Policy Wire %d</title><link>https://news%d.example/en/</link>"
                                 "<description>Chips, AI and regulation</description>"
                                 "<language>en-us</language>\n", n, n);

  for (int i = 0; i < N_ITEMS; i++)
    {
      const Slot *slot = &slots[n][i];
      const Event *event = &events[slot->event];
      g_autofree char *description = make_description (rand, event, arabic);
      g_autofree char *title = make_title (event, slot->nth, arabic);
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (slot->time);
      g_autofree char *pub = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S +0000");

      g_string_append (doc, "<item>\n<title>");
      append_escaped (doc, title);
      g_string_append_printf (doc, "</title>\n<link>https://news%d.example/%s/2025/%u-%u</link>\n"
                                   "<guid isPermaLink=\"false\">news%d-%u</guid>\n"
                                   "<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n"
                                   "<category>%s</category>\n<description>",
                              n, arabic ? "ar" : "en", slot->event, g_rand_int (rand), n, slot->event, pub,
                              arabic ? "فريق التحرير" : "Staff reporter",
                              arabic ? "تقنية" : "Technology");
      if (html_bytes != NULL)
        *html_bytes += strlen (description);
      if (cdata)
        g_string_append_printf (doc, "<![CDATA[%s]]>", description);
      else
        append_escaped (doc, description);
      g_string_append (doc, "</description>\n</item>\n");
    }
  g_string_append (doc, "</channel>\n</rss>\n");
  return g_string_free (doc, FALSE);
}

/* ---- The server (the child process) -------------------------------------- */

static char *documents[MAX_FEEDS + 1];


static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  int n = 0;

  if (sscanf (path, "/feed/%d.xml", &n) != 1 || n < 1 || n > n_feeds)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_message_headers_replace (response, "ETag", "\"v1\"");
  soup_message_headers_replace (response, "Last-Modified", "Tue, 15 Jul 2025 18:00:00 GMT");
  if (inm != NULL && g_str_equal (inm, "\"v1\""))
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml; charset=utf-8", SOUP_MEMORY_STATIC,
                                    documents[n], strlen (documents[n]));
}

static gboolean
on_stdin_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  char buffer[64];

  /* The parent closed its end (or died): time to go. */
  if ((condition & G_IO_IN) && read (fd, buffer, sizeof buffer) > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (const char *opml_path,
       const char *urls_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GString) opml = g_string_new ("<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body>\n");
  g_autoptr(GString) urls = g_string_new (NULL);
  g_autofree char *base = NULL;
  GSList *uris;

  for (int n = 1; n <= n_feeds; n++)
    documents[n] = make_feed (n, NULL);

  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-refresh: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  for (int n = 1; n <= n_feeds; n++)
    {
      g_string_append_printf (opml, "<outline type=\"rss\" text=\"Feed %d\" xmlUrl=\"%s/feed/%d.xml\"/>\n",
                              n, base, n);
      g_string_append_printf (urls, "%s/feed/%d.xml\n", base, n);
    }
  g_string_append (opml, "</body></opml>\n");
  if ((opml_path != NULL && !g_file_set_contents (opml_path, opml->str, -1, &error)) ||
      (urls_path != NULL && !g_file_set_contents (urls_path, urls->str, -1, &error)))
    {
      g_printerr ("bench-refresh: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", base);
  fflush (stdout);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

/* ---- The benchmark ------------------------------------------------------- */

/* The CPU time of the refresh's writer thread, the one every story goes
 * through: read at each report, the last one reads nearly all of it. */
static double writer_cpu;

/* And its time on a processor and waiting for one, in seconds, from the
 * scheduler's own count: the rest of its life it waited for documents. */
static double writer_ran, writer_queued;

static double
thread_cpu (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *sched_path = g_build_filename ("/proc/self/task", tid, "schedstat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_autofree char *sched = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) || !g_str_equal (g_strchomp (comm), name) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
        continue;
      /* Nanoseconds on a processor, then waiting for one. */
      if (g_file_get_contents (sched_path, &sched, NULL, NULL))
        {
          char *end = NULL;

          writer_ran = g_ascii_strtod (sched, &end) / 1e9;
          writer_queued = end != NULL ? g_ascii_strtod (end, NULL) / 1e9 : 0;
        }
      /* After the name: state is field 3, utime and stime 14 and 15. */
      fields = g_strsplit (after + 2, " ", 0);
      if (g_strv_length (fields) > 13)
        return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
    }
  return -1;
}

static double
process_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
count_result (const DossierRefreshResult *result,
              gpointer                    user_data)
{
  guint *counts = user_data;
  double cpu = thread_cpu ("dossier-write");

  counts[result->status]++;
  if (cpu >= 0)
    writer_cpu = cpu;
}

/* BENCH_SQL_PROFILE=1: the time of each statement of the refresh's
 * connection, summed by its text (the statements a trigger runs count in
 * the one that fired it). */
typedef struct {
  const char *sql;
  gint64      ns;
  guint       count;
} SqlCost;

static GMutex sql_lock;
static GHashTable *sql_costs;

static int
on_sql_profile (unsigned  type,
                void     *context,
                void     *p,
                void     *x)
{
  const char *sql = sqlite3_sql (p);
  SqlCost *cost;

  if (type != SQLITE_TRACE_PROFILE || sql == NULL)
    return 0;
  g_mutex_lock (&sql_lock);
  cost = g_hash_table_lookup (sql_costs, sql);
  if (cost == NULL)
    {
      cost = g_new0 (SqlCost, 1);
      cost->sql = g_intern_string (sql);
      g_hash_table_insert (sql_costs, (gpointer) cost->sql, cost);
    }
  cost->ns += *(sqlite3_int64 *) x;
  cost->count++;
  g_mutex_unlock (&sql_lock);
  return 0;
}

static int
by_cost (gconstpointer a,
         gconstpointer b)
{
  const SqlCost *x = *(SqlCost * const *) a, *y = *(SqlCost * const *) b;

  return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static void
print_sql_costs (void)
{
  g_autoptr(GPtrArray) costs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  gint64 total = 0;

  g_hash_table_iter_init (&iter, sql_costs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (costs, value);

  g_ptr_array_sort (costs, by_cost);
  for (guint i = 0; i < costs->len; i++)
    total += ((SqlCost *) g_ptr_array_index (costs, i))->ns;
  printf ("SQL statements:  %.2f s in all\n", total / 1e9);
  for (guint i = 0; i < MIN (costs->len, 16); i++)
    {
      const SqlCost *cost = g_ptr_array_index (costs, i);

      printf ("  %6.3f s %6u x  %.110s\n", cost->ns / 1e9, cost->count, cost->sql);
    }
}

/* A line of /proc/self/status, in kB. */
static double
status_mb (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;
}

/* BENCH_GROUPING=0: a story stored before the refresh, never grouped,
 * holds every batch's grouping back for the `group` command (stories
 * are grouped in the order they came), so that the store's own write
 * path can be measured alone. */
#define HELD_BACK "bench-refresh: grouping held back"

/* The one integer @sql selects from the database at @path, opened
 * read-only, or -1 when it cannot be read. */
static gint64
query_count (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The events the refresh made, against the corpus's own: how many, the
 * largest, and how well they agree. Purity: the share of stories in an
 * event whose most stories are of their true event; completeness: the
 * share of stories in the made event that holds most of their true
 * event; pairwise, of the pairs of stories put in one event, the share
 * that are one true event (precision), and of the pairs that are, the
 * share put in one (recall). A story's true event is in its guid.
 * Targets: purity >= 95%, the largest event within twice the corpus's. */
static void
print_events (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  /* By the ids of the made and the true events (rows' ids fit a pointer). */
  g_autoptr(GHashTable) made_best = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) true_best = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) made_size = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) true_size = g_hash_table_new (NULL, NULL);
  gint64 total = 0, pure = 0, complete = 0, largest = 0;
  double pairs_both = 0, pairs_made = 0, pairs_true = 0;
  GHashTableIter iter;
  gpointer value;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT coalesce (event_id, id), CAST (substr (guid, instr (guid, '-') + 1) AS INTEGER), count(*)"
                              " FROM articles WHERE guid != '" HELD_BACK "' GROUP BY 1, 2", -1, &stmt, NULL) != SQLITE_OK)
    {
      printf ("events:          unreadable: %s\n", sqlite3_errmsg (db));
      sqlite3_close (db);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gpointer made_key = GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 0));
      gpointer true_key = GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 1));
      gint64 n = sqlite3_column_int64 (stmt, 2);

      total += n;
      pairs_both += n * (n - 1) / 2.0;
      g_hash_table_insert (true_size, true_key,
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (true_size, true_key)) + n));
      g_hash_table_insert (made_size, made_key,
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (made_size, made_key)) + n));
      if (GPOINTER_TO_SIZE (g_hash_table_lookup (made_best, made_key)) < (gsize) n)
        g_hash_table_insert (made_best, made_key, GSIZE_TO_POINTER (n));
      if (GPOINTER_TO_SIZE (g_hash_table_lookup (true_best, true_key)) < (gsize) n)
        g_hash_table_insert (true_best, true_key, GSIZE_TO_POINTER (n));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_hash_table_iter_init (&iter, made_best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pure += GPOINTER_TO_SIZE (value);
  g_hash_table_iter_init (&iter, true_best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    complete += GPOINTER_TO_SIZE (value);
  g_hash_table_iter_init (&iter, made_size);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      largest = MAX (largest, (gint64) GPOINTER_TO_SIZE (value));
      pairs_made += GPOINTER_TO_SIZE (value) * (GPOINTER_TO_SIZE (value) - 1) / 2.0;
    }
  g_hash_table_iter_init (&iter, true_size);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    pairs_true += GPOINTER_TO_SIZE (value) * (GPOINTER_TO_SIZE (value) - 1) / 2.0;

  printf ("events:          %u made of %" G_GINT64_FORMAT " stories, the largest of %" G_GINT64_FORMAT
          "; the corpus has %u, the largest of %u; purity %.1f%%, completeness %.1f%%\n",
          g_hash_table_size (made_size), total, largest, n_events, largest_event,
          total > 0 ? 100.0 * pure / total : 0, total > 0 ? 100.0 * complete / total : 0);
  printf ("event pairs:     precision %.1f%%, recall %.1f%% (targets: purity >= 95%%, the largest <= %u)\n",
          pairs_made > 0 ? 100.0 * pairs_both / pairs_made : 0, pairs_true > 0 ? 100.0 * pairs_both / pairs_true : 0,
          2 * largest_event);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autofree char *base = NULL;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint first[4] = { 0 }, second[4] = { 0 };
  double full, unchanged, corpus_mb = 0, rss_before, peak, html_kb, cpu, full_writer_cpu, full_ran, full_queued;
  gsize html_bytes = 0;
  int pages_written = 0, high = 0;
  gint64 start, stored, db_bytes, segments, orphans;
  gboolean ok;

  if (g_getenv ("BENCH_FEEDS") != NULL)
    n_feeds = CLAMP (atoi (g_getenv ("BENCH_FEEDS")), 1, MAX_FEEDS);
  /* BENCH_BATCH=N: batches of N stories, however slowly they come (under
   * callgrind a batch of 200 ms holds a few feeds, on a quick run some
   * eight hundred stories), so that two builds compare on the same ones. */
  if (g_getenv ("BENCH_BATCH") != NULL)
    dossier_refresh_set_fixed_batches (MAX (atoi (g_getenv ("BENCH_BATCH")), 0));

  if (argc > 1 && g_str_equal (argv[1], "--serve"))
    {
      const char *opml = NULL, *urls = NULL;

      for (int i = 2; i + 1 < argc; i += 2)
        {
          if (g_str_equal (argv[i], "--opml"))
            opml = argv[i + 1];
          else if (g_str_equal (argv[i], "--urls"))
            urls = argv[i + 1];
        }
      return serve (opml, urls);
    }

  /* The corpus's size, as the server will send it. */
  for (int n = 1; n <= n_feeds; n++)
    {
      g_autofree char *doc = make_feed (n, &html_bytes);

      corpus_mb += strlen (doc) / 1e6;
    }

  html_kb = html_bytes / 1024.0;

  /* The link's target, not the link: under valgrind the link is
   * valgrind's, and the server runs outside it. */
  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self, "--serve", NULL);
  g_assert_no_error (error);
  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  base = g_data_input_stream_read_line_utf8 (child_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (base);

  dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "dossier.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  fetcher = dossier_fetcher_new ();
  for (int n = 1; n <= n_feeds; n++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed/%d.xml", base, n);
      gint64 id = dossier_store_add_feed (store, url, NULL, NULL, &error);

      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }

  /* BENCH_SQL: statements run on the new database first, to measure what
   * an index or a trigger costs the refresh by dropping it. */
  if (g_strcmp0 (g_getenv ("BENCH_GROUPING"), "0") == 0)
    g_assert_cmpint (sqlite3_exec (dossier_store_get_db (store),
                                   "INSERT INTO articles (feed_id, guid, title, published, first_seen, hash)"
                                   " VALUES (1, '" HELD_BACK "', '', 0, 0, 0)", NULL, NULL, NULL), ==, SQLITE_OK);
  if (g_getenv ("BENCH_SQL") != NULL)
    g_assert_cmpint (sqlite3_exec (dossier_store_get_db (store), g_getenv ("BENCH_SQL"), NULL, NULL, NULL),
                     ==, SQLITE_OK);

  if (g_strcmp0 (g_getenv ("BENCH_SQL_PROFILE"), "1") == 0)
    {
      sql_costs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      sqlite3_trace_v2 (dossier_store_get_db (store), SQLITE_TRACE_PROFILE, on_sql_profile, NULL);
    }

  rss_before = status_mb ("VmRSS:");
  sqlite3_db_status (dossier_store_get_db (store), SQLITE_DBSTATUS_CACHE_WRITE, &pages_written, &high, TRUE);
  cpu = process_cpu ();
  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, first, &error));
  full = (g_get_monotonic_time () - start) / 1e6;
  cpu = process_cpu () - cpu;
  full_writer_cpu = writer_cpu;
  full_ran = writer_ran;
  full_queued = writer_queued;
  sqlite3_db_status (dossier_store_get_db (store), SQLITE_DBSTATUS_CACHE_WRITE, &pages_written, &high, FALSE);
  peak = status_mb ("VmHWM:");
  db_bytes = file_size (path) + file_size (wal);

  if (sql_costs != NULL)
    {
      sqlite3_trace_v2 (dossier_store_get_db (store), 0, NULL, NULL);
      print_sql_costs ();
    }

  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, second, &error));
  unchanged = (g_get_monotonic_time () - start) / 1e6;

  g_clear_pointer (&store, dossier_store_close);
  stored = query_count (path, "SELECT count(*) FROM articles WHERE guid != '" HELD_BACK "'");
  /* The segments of the search index: FTS5 reads each of them for a word
   * it looks up, so a refresh must not leave them piled up. */
  segments = query_count (path, "SELECT count(DISTINCT segid) FROM articles_fts_idx");
  /* The refresh writes its rows with the foreign keys unchecked: each must
   * still have its feed, its story and its tag. */
  orphans = query_count (path, "SELECT count(*) FROM pragma_foreign_key_check");

  ok = first[DOSSIER_REFRESH_UPDATED] == (guint) n_feeds && second[DOSSIER_REFRESH_UNCHANGED] == (guint) n_feeds &&
       stored == n_feeds * N_ITEMS && orphans == 0 &&
       n_feeds * N_ITEMS / full >= TARGET_RATE && unchanged < TARGET_304 && peak < TARGET_PEAK_MB;

  printf ("corpus:          %d feeds x %d items, %.1f MB, %.2f KB of HTML an item, %d%% of the feeds in Arabic\n",
          n_feeds, N_ITEMS, corpus_mb, html_kb / (n_feeds * N_ITEMS), 100 * (2 * n_feeds / 5) / n_feeds);
  printf ("full refresh:    %.2f s, %.0f articles/s, %.1f MB/s (target >= %.0f articles/s)\n",
          full, n_feeds * N_ITEMS / full, corpus_mb / full, TARGET_RATE);
  printf ("CPU time:        %.2f s (user + sys, every thread), %.2f s of it the writer's\n",
          cpu, full_writer_cpu);
  /* Until the last feed's report, about the writer's whole life. */
  printf ("writer:          %.2f s on a processor, %.2f s waiting for one, %.2f s idle (for documents)\n",
          full_ran, full_queued, MAX (full - full_ran - full_queued, 0));
  printf ("pages written:   %.1f per story (%d pages of the writer's cache)\n",
          (double) pages_written / (n_feeds * N_ITEMS), pages_written);
  printf ("database:        %.1f MB with its WAL after the refresh\n", db_bytes / 1e6);
  printf ("peak memory:     %.1f MB (VmHWM; %.1f MB before the refresh; target < %.0f MB)\n",
          peak, rss_before, TARGET_PEAK_MB);
  printf ("304 refresh:     %d feeds in %.3f s (target < %.0f s)\n", n_feeds, unchanged, TARGET_304);
  printf ("search index:    %" G_GINT64_FORMAT " segments after both refreshes\n", segments);
  printf ("stories stored:  %" G_GINT64_FORMAT "; feeds updated: %u, then unchanged: %u;"
          " rows without their feed, story or tag: %" G_GINT64_FORMAT "\n",
          stored, first[DOSSIER_REFRESH_UPDATED], second[DOSSIER_REFRESH_UNCHANGED], orphans);
  if (g_strcmp0 (g_getenv ("BENCH_GROUPING"), "0") == 0)
    printf ("events:          none, grouping held back (BENCH_GROUPING=0)\n");
  else
    print_events (path);
  printf ("%s\n", ok ? "PASS" : "FAIL");

  /* Closing its standard input ends the server. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, NULL);
  g_subprocess_wait (child, NULL, NULL);
  /* BENCH_KEEP_DB=PATH keeps the database there, to study what the
   * refresh made (or group it again with BENCH_GROUPING=0). */
  if (g_getenv ("BENCH_KEEP_DB") != NULL)
    {
      g_rename (path, g_getenv ("BENCH_KEEP_DB"));
      return ok ? 0 : 1;
    }
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
