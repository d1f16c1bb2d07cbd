/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The grouping of stories into events, as a pure function: the rules one
 * by one, the evidence it reports, corrections and merges. Accuracy on
 * real news is bench-events' job. */

#include <string.h>

#include "dossier-grouper.h"

#define HOUR (G_GINT64_CONSTANT (3600))
#define T0   (G_GINT64_CONSTANT (1752570000))   /* 2025-07-15 09:00 UTC */

static const char * const nvidia_amd[] = { "nvidia", "amd", NULL };
static const char * const nvidia[] = { "nvidia", NULL };
static const char * const cac_h20[] = { "cac", "nvidia-h20", "nvidia", NULL };

static gint64
add (DossierGrouper  *grouper,
     gint64           id,
     gint64           time,
     const char      *lang,
     const char      *title,
     const char      *text,
     const char      *link,
     const char * const *entities,
     DossierGroupWhy *why)
{
  DossierGroupStory story = {
    .id = id, .feed_id = id, .time = time, .lang = lang, .title = title, .text = text,
    .link = link, .entities = entities,
  };

  return dossier_grouper_add (grouper, &story, why);
}

static gboolean
has_item (DossierGroupWhy *why,
          const char      *item)
{
  for (guint i = 0; i < why->evidence->len; i++)
    if (g_str_equal (g_ptr_array_index (why->evidence, i), item))
      return TRUE;
  return FALSE;
}

static void
test_same_link (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  g_assert_cmpint (add (grouper, 1, T0, "en", "Chip rules tightened", "Officials said on Monday.",
                        "https://www.example.com/news/chips/", NULL, &why), ==, 1);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_ALONE);
  /* Another feed's copy: another scheme, no www, a tracking query. */
  g_assert_cmpint (add (grouper, 2, T0 + 5 * HOUR, "en", "Washington tightens chip exports", NULL,
                        "http://example.com/news/chips?utm_source=rss", NULL, &why), ==, 1);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_SAME_LINK);
  g_assert_cmpint (why.matched, ==, 1);
  g_assert_cmpint (why.seconds_apart, ==, 5 * HOUR);
  dossier_group_why_clear (&why);
}

static void
test_same_title (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  add (grouper, 1, T0, "en", "Nvidia to resume H20 sales to China", NULL, "https://a.example/1", NULL, &why);
  /* The same title, other punctuation and case, another feed's link. */
  g_assert_cmpint (add (grouper, 2, T0 + 20 * HOUR, "en", "NVIDIA to resume H20 sales to China!", NULL,
                        "https://b.example/2", NULL, &why), ==, 1);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_SAME_TITLE);
  /* After two days a title alone is no longer the same story; the same
   * words still make the same news for a third day... */
  g_assert_cmpint (add (grouper, 3, T0 + 70 * HOUR, "en", "Nvidia to resume H20 sales to China", NULL,
                        "https://c.example/3", NULL, &why), ==, 1);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_SIMILAR_TEXT);
  /* ... and not after it (a weekly column). */
  g_assert_cmpint (add (grouper, 4, T0 + 160 * HOUR, "en", "Nvidia to resume H20 sales to China", NULL,
                        "https://d.example/4", NULL, &why), ==, 4);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_ALONE);
  dossier_group_why_clear (&why);
}

/* An Arabic and an English report of one deal: the same companies, the
 * code MI308 and the share, 15% written with Arabic-Indic digits. */
static void
test_across_languages (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };
  g_autofree char *line = NULL;

  add (grouper, 1, T0, "en", "Nvidia, AMD to pay US 15% of China chip sales",
       "Nvidia and AMD agreed to give the US government 15% of revenue from H20 and MI308 sales in China.",
       "https://en.example/deal", nvidia_amd, &why);
  g_assert_cmpint (add (grouper, 2, T0 + 3 * HOUR, "ar", "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا",
                        "وافقت الشركتان على دفع ١٥٪ من إيرادات بيع رقائق MI308 في الصين للحكومة الأمريكية.",
                        "https://ar.example/deal", nvidia_amd, &why), ==, 1);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_SHARED_EVIDENCE);
  g_assert_true (has_item (&why, "e:nvidia"));
  g_assert_true (has_item (&why, "e:amd"));
  g_assert_true (has_item (&why, "n:15%"));
  g_assert_true (has_item (&why, "c:mi308"));
  g_assert_cmpint (why.seconds_apart, ==, 3 * HOUR);

  /* Names first, then codes and figures. */
  line = dossier_group_why_serialize (&why);
  g_assert_true (g_str_has_prefix (line, "evidence;10800;e:"));
  dossier_group_why_clear (&why);
}

/* Two Nvidia stories on the same day that are different news. */
static void
test_same_company_other_news (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  add (grouper, 1, T0, "en", "Nvidia to build AI supercomputers in Texas",
       "Nvidia will invest up to $500 billion in AI infrastructure in Arizona and Texas with Foxconn and Wistron.",
       "https://en.example/texas", nvidia, &why);
  g_assert_cmpint (add (grouper, 2, T0 + 6 * HOUR, "en", "Nvidia takes $5.5 billion charge on H20 curbs",
                        "The chipmaker expects a quarterly charge after Washington required a licence to export the H20.",
                        "https://en.example/charge", nvidia, &why), ==, 2);
  g_assert_cmpint (add (grouper, 3, T0 + 8 * HOUR, "ar", "إنفيديا تتكبد 5.5 مليار دولار بسبب قيود التصدير",
                        "أعلنت الشركة أنها ستسجل رسوما بقيمة 5.5 مليار دولار بسبب قيود تصدير رقائق H20 إلى الصين.",
                        "https://ar.example/charge", nvidia, &why), ==, 2);
  /* The Arabic report is the charge, by its figure and its code. */
  g_assert_true (has_item (&why, "n:5.5"));
  dossier_group_why_clear (&why);
}

static gint64
add_from (DossierGrouper     *grouper,
          gint64              id,
          gint64              feed_id,
          gint64              time,
          const char         *lang,
          const char         *title,
          const char         *text,
          const char * const *entities,
          const char * const *topics)
{
  g_autofree char *link = g_strdup_printf ("https://feed%" G_GINT64_FORMAT ".example/%" G_GINT64_FORMAT,
                                           feed_id, id);
  DossierGroupStory story = {
    .id = id, .feed_id = feed_id, .time = time, .lang = lang, .title = title, .text = text,
    .link = link, .entities = entities, .topics = topics,
  };
  DossierGroupWhy why = { 0 };
  gint64 lead = dossier_grouper_add (grouper, &story, &why);

  dossier_group_why_clear (&why);
  return lead;
}

/* A new user's database: a few stories, so frequencies tell nothing of
 * which names are common. Numbered issues of a series are not one event,
 * nor are two stories whose only names in common are a company and a
 * country; real coverage of one event still groups. */
static void
test_small_collection (void)
{
  static const char * const nvidia_china[] = { "nvidia", "china", NULL };
  static const char * const export_controls[] = { "export-controls", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();

  /* One feed's series, five hours apart, and its numbered issues. */
  for (gint64 i = 0; i < 6; i++)
    {
      g_autofree char *title = g_strdup_printf ("Nvidia export licence update number %" G_GINT64_FORMAT, i);
      g_autofree char *text = g_strdup_printf ("Update %" G_GINT64_FORMAT " of the series.", i);

      g_assert_cmpint (add_from (grouper, 1 + i, 1, T0 + i * 5 * HOUR, "en", title, text, nvidia,
                                 export_controls), ==, 1 + i);
    }
  for (gint64 i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Chip Wire daily briefing: %" G_GINT64_FORMAT " July 2025", 20 + i);

      g_assert_cmpint (add_from (grouper, 10 + i, 2, T0 + (5 + i) * 24 * HOUR, "en", title,
                                 "Today: export controls, Nvidia and Huawei.", nvidia, export_controls), ==, 10 + i);
    }
  /* The same hour, two feeds, two numbered stories. */
  g_assert_cmpint (add_from (grouper, 20, 3, T0 + 10 * 24 * HOUR, "en", "Nvidia story 1", NULL, nvidia, NULL), ==, 20);
  g_assert_cmpint (add_from (grouper, 21, 4, T0 + 10 * 24 * HOUR, "en", "Nvidia story 2", NULL, nvidia, NULL), ==, 21);
  /* Two different Nvidia stories of one day, in two languages, that share
   * only Nvidia and China. */
  g_assert_cmpint (add_from (grouper, 30, 5, T0 + 20 * 24 * HOUR, "en", "Nvidia opens a research centre in Shanghai",
                             "The chipmaker will hire 200 engineers in China for its new lab.", nvidia_china, NULL), ==, 30);
  g_assert_cmpint (add_from (grouper, 31, 6, T0 + 20 * 24 * HOUR + 4 * HOUR, "ar",
                             "إنفيديا تخسر حصتها في سوق الرقائق في الصين",
                             "تراجعت مبيعات الشركة الأمريكية في الصين أمام المنافسين المحليين.", nvidia_china, NULL), ==, 31);
  /* A feed's boilerplate under titles that have nothing in common. */
  g_assert_cmpint (add_from (grouper, 35, 7, T0 + 25 * 24 * HOUR, "en", "Huawei unveils a new Ascend cluster",
                             "Read the full story on the Chip Wire website, with our analysis.", NULL, NULL), ==, 35);
  g_assert_cmpint (add_from (grouper, 36, 7, T0 + 25 * 24 * HOUR + 5 * HOUR, "en", "EU publishes its AI code of practice",
                             "Read the full story on the Chip Wire website, with our analysis.", NULL, NULL), ==, 36);
  /* Arabic titles over an English summary: its words are no names to
   * meet an English story's. */
  g_assert_cmpint (add_from (grouper, 37, 8, T0 + 27 * 24 * HOUR, "en", "Nvidia export licence update",
                             "Story 37 of the start-up test.", nvidia, NULL), ==, 37);
  g_assert_cmpint (add_from (grouper, 38, 8, T0 + 27 * 24 * HOUR + 5 * HOUR, "ar", "هواوي تطلق رقائق جديدة",
                             "Story 38 of the start-up test.", NULL, NULL), ==, 38);
  g_assert_cmpint (add_from (grouper, 39, 8, T0 + 27 * 24 * HOUR + 10 * HOUR, "ar", "ديب سيك تنشر نموذجاً جديداً",
                             "Story 39 of the start-up test.", NULL, NULL), ==, 39);
  /* Whereas one event's English and Arabic reports still meet on their
   * code and figure. */
  g_assert_cmpint (add_from (grouper, 40, 5, T0 + 30 * 24 * HOUR, "en", "Nvidia to pay 15% of H20 China sales to US",
                             "Nvidia agreed to give the US government 15% of its revenue from H20 chip sales in China.",
                             nvidia_china, export_controls), ==, 40);
  g_assert_cmpint (add_from (grouper, 41, 6, T0 + 30 * 24 * HOUR + 3 * HOUR, "ar",
                             "إنفيديا تدفع 15% من مبيعات H20 في الصين للحكومة الأمريكية",
                             "وافقت الشركة على منح الحكومة الأمريكية 15% من إيرادات رقائق H20 في الصين.",
                             nvidia_china, export_controls), ==, 40);
}

/* The first stories of a database: with a handful of events, every name
 * looks rare, so one name and a topic (DeepSeek, open source) a day apart
 * are not enough to make an Arabic and an English story one event. */
static void
test_handful_of_events (void)
{
  static const char * const huawei_deepseek[] = { "huawei", "deepseek", NULL };
  static const char * const deepseek[] = { "deepseek", NULL };
  static const char * const open_source[] = { "open-source", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();

  g_assert_cmpint (add_from (grouper, 1, 1, T0, "en", "EU weighs AI Act code of practice",
                             "The European Commission published a draft code of practice.", NULL, NULL), ==, 1);
  g_assert_cmpint (add_from (grouper, 4, 1, T0 + 1 * HOUR, "en", "Samsung shows new memory chips",
                             "The memory maker showed faster parts.", NULL, NULL), ==, 4);
  g_assert_cmpint (add_from (grouper, 5, 1, T0 + 2 * HOUR, "en", "Japan funds Rapidus",
                             "The government adds subsidies for the foundry.", NULL, NULL), ==, 5);
  g_assert_cmpint (add_from (grouper, 6, 1, T0 + 3 * HOUR, "en", "Intel names a new board member",
                             "The board grows by one.", NULL, NULL), ==, 6);
  g_assert_cmpint (add_from (grouper, 2, 2, T0 + 43 * HOUR, "ar", "ديب سيك تنشر نموذجاً مفتوح المصدر",
                             "نشرت ديب سيك أوزان النموذج مفتوحة المصدر.", deepseek, open_source), ==, 2);
  g_assert_cmpint (add_from (grouper, 3, 1, T0 + 67 * HOUR, "en", "Huawei readies Ascend chips for DeepSeek models",
                             "Huawei said its Ascend processors will run DeepSeek's open-source models.",
                             huawei_deepseek, open_source), ==, 3);
}


static gint64
add_titled (DossierGrouper     *grouper,
            gint64              id,
            gint64              time,
            const char         *lang,
            const char         *title,
            const char         *text,
            const char * const *entities,
            const char * const *topics,
            const char * const *title_tags)
{
  g_autofree char *link = g_strdup_printf ("https://feed%" G_GINT64_FORMAT ".example/%" G_GINT64_FORMAT, id, id);
  DossierGroupStory story = {
    .id = id, .feed_id = id, .time = time, .lang = lang, .title = title, .text = text,
    .link = link, .entities = entities, .topics = topics, .title_tags = title_tags,
  };
  DossierGroupWhy why = { 0 };
  gint64 lead = dossier_grouper_add (grouper, &story, &why);

  dossier_group_why_clear (&why);
  return lead;
}

/* Three stories of one morning whose names are the week's usual ones
 * (Huawei, DeepSeek, Nvidia): the reaction to the chip curbs, Huawei's
 * chips for DeepSeek's models and Nvidia's return to China. Two of them
 * name Huawei and DeepSeek in their titles, in one language, but their
 * texts have little else in common: not one event (a new user's window
 * showed them as one). */
static void
test_usual_names (void)
{
  static const char * const curbs_e[] = { "nvidia", "nvidia-h20", "amd", "huawei", "alibaba", "tencent",
                                          "deepseek", NULL };
  static const char * const curbs_t[] = { "nvidia", "amd", "huawei", "alibaba", "deepseek", NULL };
  static const char * const ascend_e[] = { "huawei", "huawei-ascend", "deepseek", NULL };
  static const char * const ascend_t[] = { "huawei", "deepseek", NULL };
  static const char * const back_e[] = { "nvidia", "nvidia-h20", "huawei", "huawei-ascend", NULL };
  static const char * const back_t[] = { "nvidia", NULL };
  static const char * const chips[] = { "semiconductors", NULL };
  static const char * const open_chips[] = { "semiconductors", "open-source-ai", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  gint64 curbs, ascend, back;

  ascend = add_titled (grouper, 2, T0, "en", "Huawei readies Ascend chips for DeepSeek models",
                       "Huawei said its Ascend processors will run DeepSeek's open-source models.",
                       ascend_e, open_chips, ascend_t);
  back = add_titled (grouper, 5, T0 + 2 * HOUR, "ar", "Nvidia تعود إلى السوق الصينية بعد أشهر من الحظر",
                     "Nvidia قالت إنها ستبيع رقائق H20 في الصين مجدداً بعد موافقة واشنطن على تراخيص التصدير. "
                     "وقالت هواوي إن رقائق أسند ستتوفر للشركات الصينية.", back_e, chips, back_t);
  curbs = add_titled (grouper, 1, T0 + 4 * HOUR, "en", "Chip curbs: Nvidia, AMD, Huawei, Alibaba and DeepSeek react",
                      "Nvidia and AMD said the H20 and MI308 would ship again. Huawei, Alibaba, Tencent and "
                      "DeepSeek answered with their own chips and models.", curbs_e, chips, curbs_t);
  g_assert_cmpint (ascend, ==, 2);
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 2), !=, dossier_grouper_get_lead (grouper, 1));
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 2), !=, dossier_grouper_get_lead (grouper, 5));
  (void) curbs;
  (void) back;
}

static void
test_keep_apart (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  add (grouper, 1, T0, "en", "China summons Nvidia over H20 chip risks",
       "The Cyberspace Administration of China summoned Nvidia over backdoor risks in H20 chips.",
       "https://en.example/1", cac_h20, &why);
  dossier_grouper_keep_apart (grouper, 2, 1);
  g_assert_cmpint (add (grouper, 2, T0 + HOUR, "en", "China summons Nvidia over H20 chip risks",
                        NULL, "https://en.example/2", cac_h20, &why), ==, 2);
  g_assert_cmpint (why.rule, ==, DOSSIER_GROUP_ALONE);
  dossier_group_why_clear (&why);
}

/* An English and an Arabic event of one news item, until a story that is
 * both shows them to be one, under the first. */
static void
test_bridge_merges (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  add (grouper, 1, T0, "en", "China's cyberspace watchdog summons Nvidia",
       "The regulator asked Nvidia to explain security risks of chips sold in China.",
       "https://en.example/1", nvidia, &why);
  add (grouper, 2, T0 + HOUR, "ar", "الصين تستدعي إنفيديا بسبب ثغرة أمنية في رقائق إتش 20",
       "استدعت هيئة تنظيم الفضاء الإلكتروني الصينية شركة إنفيديا بسبب مخاوف أمنية.",
       "https://ar.example/1", cac_h20, &why);
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 2), ==, 2);
  g_assert_cmpint (add (grouper, 3, T0 + 2 * HOUR, "en", "China's cyberspace watchdog summons Nvidia over H20",
                        "The Cyberspace Administration of China asked Nvidia to explain security risks of H20 chips sold in China.",
                        "https://en.example/3", cac_h20, &why), ==, 1);
  g_assert_cmpuint (why.merged->len, ==, 1);
  g_assert_cmpint (g_array_index (why.merged, gint64, 0), ==, 2);
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 2), ==, 1);
  dossier_group_why_clear (&why);
}

static void
test_why_round_trip (void)
{
  DossierGroupWhy why = { 0 }, back = { 0 };
  g_autofree char *line = NULL;

  why.rule = DOSSIER_GROUP_SHARED_EVIDENCE;
  why.seconds_apart = 10800;
  why.evidence = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (why.evidence, g_strdup ("e:cac"));
  g_ptr_array_add (why.evidence, g_strdup ("c:h20"));
  g_ptr_array_add (why.evidence, g_strdup ("e:bad,slug"));
  line = dossier_group_why_serialize (&why);
  g_assert_cmpstr (line, ==, "evidence;10800;e:cac,c:h20,");
  g_assert_true (dossier_group_why_parse (line, &back));
  g_assert_cmpint (back.rule, ==, DOSSIER_GROUP_SHARED_EVIDENCE);
  g_assert_cmpint (back.seconds_apart, ==, 10800);
  g_assert_cmpuint (back.evidence->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (back.evidence, 1), ==, "c:h20");
  g_assert_false (dossier_group_why_parse ("nonsense", &back));
  dossier_group_why_clear (&why);
  dossier_group_why_clear (&back);
}

/* Stories each a day after the last, each alike the one before: an event
 * that grew with each would span the week. It spans three days from its
 * first story; the next story starts another. */
static void
test_no_chain_in_time (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  gint64 lead = 0;

  for (gint64 i = 0; i < 6; i++)
    {
      gint64 got = add_from (grouper, 1 + i, 1 + i, T0 + i * 23 * HOUR, "en",
                             "Nvidia to resume H20 chip sales to China",
                             "Nvidia will resume sales of its H20 chips to China after Washington assured licences.",
                             nvidia, NULL);

      /* 0, 23, 46 and 69 hours: one event; 92 hours: another. */
      if (i < 4)
        g_assert_cmpint (got, ==, 1);
      else if (i == 4)
        lead = got;
      else
        g_assert_cmpint (got, ==, lead);
    }
  g_assert_cmpint (lead, ==, 5);
}

/* Stories of one kind are worded alike: two plants, two probes the same
 * day. Titles that name other companies, other figures or other products
 * are other news, however alike the rest; the same news from another
 * outlet still joins. */
static void
test_one_kind_other_news (void)
{
  static const char * const huawei[] = { "huawei", NULL };
  static const char * const sensetime[] = { "sensetime", NULL };
  static const char * const subjects[] = { "Battery", "Satellite", "Cloud", "Drone", "Robot", "Telecom",
                                           "Software", "Payments", "Quantum", "Storage", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();

  /* A week of other news first, so that the words are weighed as in a
   * database of some size. */
  for (guint i = 0; subjects[i] != NULL; i++)
    for (guint j = 0; j < 3; j++)
      {
        g_autofree char *title = g_strdup_printf ("%s maker number %u reports results", subjects[i], j);
        g_autofree char *text = g_strdup_printf ("The %s business grew in quarter %u, the firm said.", subjects[i], j);

        add_titled (grouper, 100 + 10 * i + j, T0 - (8 + i) * 24 * HOUR, "en", title, text, NULL, NULL, NULL);
      }
  g_assert_cmpint (add_titled (grouper, 1, T0, "en", "Huawei picks Malaysia for $77 billion chip plant",
                               "Huawei said on Monday it would spend $77 billion on a chipmaking plant in Malaysia, "
                               "with production of its K441 parts due to start in 2027.", huawei, NULL, huawei), ==, 1);
  /* Another company. */
  g_assert_cmpint (add_titled (grouper, 2, T0 + 2 * HOUR, "en", "SenseTime picks India for $77 billion chip plant",
                               "SenseTime said on Monday it would spend $77 billion on a chipmaking plant in India, "
                               "with production of its Z310 parts due to start in 2027.", sensetime, NULL, sensetime), ==, 2);
  /* The same company, another figure in the title. */
  g_assert_cmpint (add_titled (grouper, 3, T0 + 3 * HOUR, "en", "Huawei picks Malaysia for $64 billion chip plant",
                               "Huawei said on Monday it would spend $64 billion on a chipmaking plant in Malaysia, "
                               "with production of its parts due to start in 2027.", huawei, NULL, huawei), ==, 3);
  /* The same company, a product of its own in the title, another in the first. */
  g_assert_cmpint (add_titled (grouper, 4, T0 + 4 * HOUR, "en", "Huawei picks Malaysia for M72 chip plant",
                               "Huawei said on Monday it would spend billions on a chipmaking plant in Malaysia, "
                               "with production of its M72 parts due to start in 2027.", huawei, NULL, huawei), ==, 4);
  /* The first news from another outlet. */
  g_assert_cmpint (add_titled (grouper, 5, T0 + 5 * HOUR, "en", "Huawei picks Malaysia for $77 billion chip plant, sources say",
                               "Huawei said on Monday it would spend $77 billion on a chipmaking plant in Malaysia, "
                               "with production of its K441 parts due to start in 2027.", huawei, NULL, huawei), ==, 1);
}

/* Stories of one kind whose titles name companies that the tagger did
 * not file (no title says it names another, then): the same day's chip
 * pacts, worded alike over the same kind of text. Each is its own event
 * (the titles meet on the words of their kind, which the other events of
 * those days have too, or each text gives its own figures and codes);
 * the same news from another outlet still joins, by what only its event
 * has. */
static void
test_one_kind_unnamed (void)
{
  static const struct { const char *place, *company, *engineers, *code, *background; } pacts[] = {
    { "Vietnam", "Apple", "22,000", "M160", "Officials have courted foreign technology firms with faster licences." },
    { "Singapore", "Broadcom", "40,000", "A979", "Demand for advanced packaging has outstripped supply for a year." },
    { "Japan", "Huawei", "17,000", "Q412", "Critics say such rules favour large firms over start-ups." },
    { "India", "TSMC", "45,000", "K299", "Data centres take a growing share of the grid's power." },
  };
  static const char * const subjects[] = { "Battery", "Satellite", "Cloud", "Drone", "Robot", "Telecom",
                                           "Software", "Payments", "Quantum", "Storage", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();

  for (guint i = 0; subjects[i] != NULL; i++)
    for (guint j = 0; j < 3; j++)
      {
        g_autofree char *title = g_strdup_printf ("%s maker number %u reports results", subjects[i], j);
        g_autofree char *text = g_strdup_printf ("The %s business grew in quarter %u, the firm said.", subjects[i], j);

        add_titled (grouper, 100 + 10 * i + j, T0 - (8 + i) * 24 * HOUR, "en", title, text, NULL, NULL, NULL);
      }
  for (guint i = 0; i < G_N_ELEMENTS (pacts); i++)
    {
      g_autofree char *title = g_strdup_printf ("%s signs chip cooperation pact with %s", pacts[i].place,
                                                pacts[i].company);
      g_autofree char *text = g_strdup_printf ("%s signed a chip cooperation pact with %s on Monday, under which "
                                               "the company will train %s engineers for its %s parts. %s",
                                               pacts[i].place, pacts[i].company, pacts[i].engineers, pacts[i].code,
                                               pacts[i].background);

      g_assert_cmpint (add_titled (grouper, 1 + i, T0 + i * HOUR, "en", title, text, NULL, NULL, NULL), ==, 1 + i);
    }
  g_assert_cmpint (add_titled (grouper, 9, T0 + 6 * HOUR, "en", "Vietnam signs chip cooperation pact with Apple, sources say",
                               "Vietnam signed a chip cooperation pact with Apple on Monday, to train 22,000 engineers "
                               "for its M160 parts, people familiar with the matter said. The pact follows a push to "
                               "draw chip investment with grants and cheap power.", NULL, NULL, NULL), ==, 1);
}

/* Across languages, catalogue names alone (a company and its regulator)
 * are not one event when each text names products of its own: ASML's
 * training centre in Morocco and the curbs on ASML's K788, a day apart,
 * both naming OFAC. A report that names the K788 is the curbs' news. */
static void
test_names_other_codes (void)
{
  static const char * const asml_ofac[] = { "asml", "ofac", NULL };
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();

  g_assert_cmpint (add_titled (grouper, 1, T0, "ar", "إيه إس إم إل تدرب 33 ألف مهندس في المغرب",
                               "أعلنت إيه إس إم إل أنها ستدرب 33 ألف مهندس في المغرب على قطع A760، في وقت شدد فيه "
                               "مكتب مراقبة الأصول الأجنبية قيوده على القطاع.", asml_ofac, NULL, asml_ofac), ==, 1);
  g_assert_cmpint (add_titled (grouper, 2, T0 + 5 * HOUR, "en",
                               "ASML among 23 companies hit by new Office of Foreign Assets Control curbs",
                               "The Office of Foreign Assets Control added 23 companies, ASML among them, to its list "
                               "over sales of K788 tools.", asml_ofac, NULL, asml_ofac), ==, 2);
  g_assert_cmpint (add_titled (grouper, 3, T0 + 9 * HOUR, "ar",
                               "مكتب مراقبة الأصول الأجنبية يضيف 23 شركة بينها إيه إس إم إل",
                               "أضاف مكتب مراقبة الأصول الأجنبية 23 شركة بينها إيه إس إم إل إلى قائمته بسبب مبيعات "
                               "أدوات K788.", asml_ofac, NULL, asml_ofac), ==, 2);
}

static void
test_forget (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  add (grouper, 1, T0, "en", "One", NULL, NULL, NULL, &why);
  add (grouper, 2, T0 + 10 * 24 * HOUR, "en", "Two", NULL, NULL, NULL, &why);
  g_assert_cmpuint (dossier_grouper_get_n_stories (grouper), ==, 2);
  dossier_grouper_forget_before (grouper, T0 + 24 * HOUR);
  g_assert_cmpuint (dossier_grouper_get_n_stories (grouper), ==, 1);
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 1), ==, 0);
  /* A story whose copy was forgotten starts an event again. */
  g_assert_cmpint (add (grouper, 3, T0 + HOUR, "en", "One", NULL, NULL, NULL, &why), ==, 3);
  dossier_group_why_clear (&why);
}

/* Stories of the tests above, for those that read them in other ways. */
typedef struct {
  gint64              id;
  gint64              time;
  const char         *lang;
  const char         *title;
  const char         *text;
  const char         *link;
  const char * const *entities;
} Sample;

static const Sample samples[] = {
  { 1, T0, "en", "Nvidia, AMD to pay US 15% of China chip sales",
    "Nvidia and AMD agreed to give the US government 15% of revenue from H20 and MI308 sales in China.",
    "https://en.example/deal", nvidia_amd },
  { 2, T0 + 1 * HOUR, "en", "Nvidia to build AI supercomputers in Texas",
    "Nvidia will invest up to $500 billion in AI infrastructure in Arizona and Texas with Foxconn and Wistron.",
    "https://en.example/texas", nvidia },
  { 3, T0 + 3 * HOUR, "ar", "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا",
    "وافقت الشركتان على دفع ١٥٪ من إيرادات بيع رقائق MI308 في الصين للحكومة الأمريكية.",
    "https://ar.example/deal", nvidia_amd },
  { 4, T0 + 6 * HOUR, "en", "Nvidia takes $5.5 billion charge on H20 curbs",
    "The chipmaker expects a quarterly charge after Washington required a licence to export the H20.",
    "https://en.example/charge", nvidia },
  { 5, T0 + 7 * HOUR, "en", "Nvidia, AMD agree to pay 15% of China revenue to US",
    "Nvidia and AMD will hand the US government 15% of their H20 and MI308 revenue in China, officials said.",
    "https://other.example/deal", nvidia_amd },
  { 6, T0 + 8 * HOUR, "ar", "إنفيديا تتكبد 5.5 مليار دولار بسبب قيود التصدير",
    "أعلنت الشركة أنها ستسجل رسوما بقيمة 5.5 مليار دولار بسبب قيود تصدير رقائق H20 إلى الصين.",
    "https://ar.example/charge", nvidia },
  { 7, T0 + 9 * HOUR, "en", "CAC summons Nvidia over H20 security risks",
    "The Cyberspace Administration of China summoned Nvidia over backdoor risks in its H20 chips.",
    "https://en.example/cac", cac_h20 },
  { 8, T0 + 30 * HOUR, "en", "China's internet regulator summons Nvidia over H20 chip risks",
    "The CAC asked Nvidia to explain the security risks of its H20 chips sold in China.",
    "https://other.example/cac", cac_h20 },
};

static DossierGroupStory
story_of_sample (const Sample *sample)
{
  DossierGroupStory story = {
    .id = sample->id, .feed_id = sample->id, .time = sample->time, .lang = sample->lang,
    .title = sample->title, .text = sample->text, .link = sample->link, .entities = sample->entities,
  };

  return story;
}

static gpointer
read_samples_cb (gpointer data)
{
  DossierGroupFeatures **features = data;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      DossierGroupStory story = story_of_sample (&samples[i]);

      features[i] = dossier_group_features_new (&story);
    }
  return NULL;
}

/* What each sample's grouping says: its lead and its why. */
static char *
grouped_line (gint64           lead,
              DossierGroupWhy *why)
{
  g_autofree char *line = dossier_group_why_serialize (why);

  return g_strdup_printf ("%" G_GINT64_FORMAT " %s", lead, line);
}

/* Features read in another thread (as a refresh's workers read them)
 * make the same events, for the same reasons, as stories read by the
 * grouper itself. */
static void
test_features_any_thread (void)
{
  g_autoptr(DossierGrouper) direct = dossier_grouper_new ();
  g_autoptr(DossierGrouper) prepared = dossier_grouper_new ();
  DossierGroupFeatures *features[G_N_ELEMENTS (samples)] = { NULL };
  DossierGroupWhy why = { 0 };
  GThread *thread = g_thread_new ("features", read_samples_cb, features);
  guint joined = 0;

  g_thread_join (thread);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      DossierGroupStory story = story_of_sample (&samples[i]);
      gint64 lead = dossier_grouper_add (direct, &story, &why);
      g_autofree char *expected = grouped_line (lead, &why);
      g_autofree char *got = NULL;

      lead = dossier_grouper_add_features (prepared, features[i], story.id, story.feed_id, story.time, &why);
      got = grouped_line (lead, &why);
      g_assert_cmpstr (got, ==, expected);
      joined += lead != story.id;
      dossier_group_features_unref (features[i]);
    }
  /* Not every story alone: the comparison compares groupings. */
  g_assert_cmpuint (joined, >=, 3);
  dossier_group_why_clear (&why);
}

/* Features held by one grouper are copied into another (a refresh tried
 * again after a rollback, while the first grouper still lives): each
 * grouper's events are its own. */
static void
test_features_held_twice (void)
{
  g_autoptr(DossierGrouper) first = dossier_grouper_new ();
  DossierGrouper *second = dossier_grouper_new ();
  DossierGroupFeatures *features[G_N_ELEMENTS (samples)] = { NULL };
  DossierGroupWhy why = { 0 };

  read_samples_cb (features);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    dossier_grouper_add_features (first, features[i], samples[i].id, samples[i].id, samples[i].time, &why);
  /* The second sees them under other ids, a day later. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    dossier_grouper_add_features (second, features[i], 100 + samples[i].id, samples[i].id,
                                  samples[i].time + 24 * HOUR, &why);
  g_assert_cmpint (dossier_grouper_get_lead (first, 3), ==, 1);
  g_assert_cmpint (dossier_grouper_get_lead (second, 103), ==, 101);
  g_assert_cmpint (dossier_grouper_get_lead (first, 103), ==, 0);
  g_assert_cmpint (dossier_grouper_get_lead (second, 3), ==, 0);
  dossier_grouper_free (second);
  /* The first grouper's stories are still whole. */
  g_assert_cmpint (dossier_grouper_get_lead (first, 5), ==, 1);
  g_assert_cmpint (add (first, 9, T0 + 10 * HOUR, "en", "Nvidia and AMD will give Washington 15% of China chip sales",
                        "Nvidia and AMD are to hand 15% of their H20 and MI308 China revenue to the US government.",
                        "https://third.example/deal", nvidia_amd, &why), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    dossier_group_features_unref (features[i]);
  dossier_group_why_clear (&why);
}

/* An event whose first report is forgotten (a long run holds the days
 * around it only) still takes its later reports, and its words still
 * count once for it. */
static void
test_forget_in_event (void)
{
  g_autoptr(DossierGrouper) grouper = dossier_grouper_new ();
  DossierGroupWhy why = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      DossierGroupStory story = story_of_sample (&samples[i]);

      dossier_grouper_add (grouper, &story, &why);
    }
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 7), ==, dossier_grouper_get_lead (grouper, 8));
  /* The first seven go; the CAC story of the next day stays. */
  dossier_grouper_forget_before (grouper, T0 + 10 * HOUR);
  g_assert_cmpuint (dossier_grouper_get_n_stories (grouper), ==, 1);
  g_assert_cmpint (dossier_grouper_get_lead (grouper, 8), ==, 7);
  g_assert_cmpint (add (grouper, 9, T0 + 32 * HOUR, "en", "Beijing's cyberspace regulator summons Nvidia over H20",
                        "The CAC summoned Nvidia to explain the security risks of its H20 chips.",
                        "https://third.example/cac", cac_h20, &why), ==, 7);
  g_assert_cmpint (why.matched, ==, 8);
  dossier_group_why_clear (&why);
}

/* Stories of a few days, in the order of their dates: an event that a
 * story bridges across languages, two stories a day apart that only
 * share DeepSeek, open source and Huawei's chips, and others, while the
 * collection is small enough (fewer than ten events) that how many
 * events it has decides whether those two are one. */
static const char * const week_deepseek[] = { "deepseek", NULL };
static const char * const week_huawei_deepseek[] = { "huawei", "deepseek", NULL };
static const char * const week_open_source[] = { "open-source", NULL };

static const struct {
  gint64      id;
  gint64      hours;
  const char *lang;
  const char *title;
  const char *text;
  const char * const *entities;
  const char * const *topics;
} week[] = {
  { 11, 0, "en", "EU weighs AI Act code of practice", "The European Commission published a draft code of practice.",
    NULL, NULL },
  { 12, 1, "en", "China's cyberspace watchdog summons Nvidia",
    "The regulator asked Nvidia to explain security risks of chips sold in China.", nvidia, NULL },
  { 13, 2, "ar", "الصين تستدعي إنفيديا بسبب ثغرة أمنية في رقائق إتش 20",
    "استدعت هيئة تنظيم الفضاء الإلكتروني الصينية شركة إنفيديا بسبب مخاوف أمنية.", cac_h20, NULL },
  { 14, 3, "en", "China's cyberspace watchdog summons Nvidia over H20",
    "The Cyberspace Administration of China asked Nvidia to explain security risks of H20 chips sold in China.",
    cac_h20, NULL },
  { 15, 4, "en", "Samsung shows new memory chips", "The memory maker showed faster parts.", NULL, NULL },
  { 16, 5, "en", "Japan funds Rapidus", "The government adds subsidies for the foundry.", NULL, NULL },
  { 17, 6, "en", "Intel names a new board member", "The board grows by one.", NULL, NULL },
  { 18, 43, "ar", "ديب سيك تنشر نموذجاً مفتوح المصدر", "نشرت ديب سيك أوزان النموذج مفتوحة المصدر.",
    week_deepseek, week_open_source },
  { 19, 67, "en", "Huawei readies Ascend chips for DeepSeek models",
    "Huawei said its Ascend processors will run DeepSeek's open-source models.", week_huawei_deepseek,
    week_open_source },
};

static DossierGroupFeatures *
week_features (guint i)
{
  g_autofree char *link = g_strdup_printf ("https://feed%" G_GINT64_FORMAT ".example/story", week[i].id);
  DossierGroupStory story = {
    .id = week[i].id, .feed_id = week[i].id, .time = T0 + week[i].hours * HOUR, .lang = week[i].lang,
    .title = week[i].title, .text = week[i].text, .link = link, .entities = week[i].entities,
    .topics = week[i].topics,
  };

  return dossier_group_features_new (&story);
}

static void
week_add (DossierGrouper       *grouper,
          guint                 i,
          DossierGroupFeatures *features)
{
  DossierGroupWhy why = { 0 };

  dossier_grouper_add_features (grouper, features, week[i].id, week[i].id, T0 + week[i].hours * HOUR, &why);
  dossier_group_why_clear (&why);
}

/* A late story (the Arabic report of the summons, from a feed refreshed
 * after the others): the stories dated after it are taken back and come
 * again with it in the order of their dates, and the events are those of
 * that order; taken back and added again three times more, still the
 * same (what the grouper counts of each event goes back exactly, or the
 * counts would grow at each turn until the rules change). */
static void
test_take_back (void)
{
  g_autoptr(DossierGrouper) dated = dossier_grouper_new ();
  g_autoptr(DossierGrouper) late = dossier_grouper_new ();
  const guint n = G_N_ELEMENTS (week), l = 2;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DossierGroupFeatures) features = week_features (i);

      week_add (dated, i, features);
    }
  g_assert_cmpint (dossier_grouper_get_lead (dated, 13), ==, 12);
  g_assert_cmpint (dossier_grouper_get_lead (dated, 19), ==, 19);

  for (guint i = 0; i < n; i++)
    if (i != l)
      {
        g_autoptr(DossierGroupFeatures) features = week_features (i);

        week_add (late, i, features);
      }
  for (int turn = 0; turn < 4; turn++)
    {
      g_autoptr(GHashTable) taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) dossier_group_features_unref);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* From the late story's date on, whole events: the summons's
       * English reports are one event since the first. */
      for (guint i = 1; i < n; i++)
        if (i != l || turn > 0)
          g_array_append_val (ids, week[i].id);
      dossier_grouper_take_back (late, (const gint64 *) ids->data, ids->len, taken);
      g_assert_cmpuint (dossier_grouper_get_n_stories (late), ==, 1);
      g_assert_cmpint (dossier_grouper_get_lead (late, 12), ==, 0);
      for (guint i = 1; i < n; i++)
        {
          g_autoptr(DossierGroupFeatures) features = NULL;

          if (i == l && turn == 0)
            features = week_features (i);
          else
            features = dossier_group_features_ref (g_hash_table_lookup (taken, &week[i].id));
          week_add (late, i, features);
        }
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (dossier_grouper_get_lead (late, week[i].id), ==,
                         dossier_grouper_get_lead (dated, week[i].id));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grouper/same-link", test_same_link);
  g_test_add_func ("/grouper/same-title", test_same_title);
  g_test_add_func ("/grouper/across-languages", test_across_languages);
  g_test_add_func ("/grouper/same-company-other-news", test_same_company_other_news);
  g_test_add_func ("/grouper/small-collection", test_small_collection);
  g_test_add_func ("/grouper/handful-of-events", test_handful_of_events);
  g_test_add_func ("/grouper/usual-names", test_usual_names);
  g_test_add_func ("/grouper/keep-apart", test_keep_apart);
  g_test_add_func ("/grouper/bridge-merges", test_bridge_merges);
  g_test_add_func ("/grouper/why-round-trip", test_why_round_trip);
  g_test_add_func ("/grouper/forget", test_forget);
  g_test_add_func ("/grouper/no-chain-in-time", test_no_chain_in_time);
  g_test_add_func ("/grouper/one-kind-other-news", test_one_kind_other_news);
  g_test_add_func ("/grouper/one-kind-unnamed", test_one_kind_unnamed);
  g_test_add_func ("/grouper/names-other-codes", test_names_other_codes);
  g_test_add_func ("/grouper/features-any-thread", test_features_any_thread);
  g_test_add_func ("/grouper/features-held-twice", test_features_held_twice);
  g_test_add_func ("/grouper/forget-in-event", test_forget_in_event);
  g_test_add_func ("/grouper/take-back", test_take_back);
  return g_test_run ();
}
