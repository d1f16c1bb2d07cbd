/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dossier-catalogue.h"
#include "dossier-error.h"
#include "dossier-spelling.h"
#include "dossier-tagger.h"
#include "dossier-tagger-private.h"
#include "test-util.h"

static DossierCatalogue *builtin;
static DossierTagger *tagger;

static int
compare_slugs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The slugs a story is filed under, sorted, as one string. */
static char *
tag_story (DossierTagger *with,
           const char    *title,
           const char    *body)
{
  g_autoptr(DossierTagResult) result = dossier_tag_result_new (with);
  g_autoptr(GPtrArray) slugs = g_ptr_array_new ();
  DossierCatalogue *catalogue = dossier_tagger_get_catalogue (with);

  dossier_tagger_run (with, title, body, result);
  for (guint i = 0; i < dossier_tag_result_get_n_matches (result); i++)
    {
      const DossierTagMatch *match = dossier_tag_result_get_match (result, i);

      g_ptr_array_add (slugs, dossier_catalogue_get_tag (catalogue, match->tag)->slug);
    }
  g_ptr_array_sort (slugs, compare_slugs);
  g_ptr_array_add (slugs, NULL);
  return g_strjoinv (" ", (char **) slugs->pdata);
}

static gboolean
has_tag (const char *tags,
         const char *slug)
{
  g_auto(GStrv) list = g_strsplit (tags, " ", -1);

  return g_strv_contains ((const char * const *) list, slug);
}

static void
assert_tagged (const char *title,
               const char *body,
               const char *expected)
{
  g_autofree char *tags = tag_story (tagger, title, body);

  if (g_strcmp0 (tags, expected) != 0)
    g_test_message ("title: %s / body: %s", title, body ? body : "");
  g_assert_cmpstr (tags, ==, expected);
}

static void
test_catalogue (void)
{
  static const struct { const char *slug, *kind, *en, *ar; } design[] = {
    { "nvidia", "company", "Nvidia", "إنفيديا" },
    { "huawei", "company", "Huawei", "هواوي" },
    { "cac", "agency", "Cyberspace Administration of China", "إدارة الفضاء الإلكتروني الصينية" },
    { "deepseek", "company", "DeepSeek", "ديب سيك" },
    { "alibaba", "company", "Alibaba", "علي بابا" },
    { "moonshot-ai", "company", "Moonshot AI", "مون شوت" },
    { "zhipu", "company", "Zhipu AI (Z.ai)", "تشيبو" },
    { "export-controls", "topic", "Export controls", "ضوابط التصدير" },
    { "semiconductors", "topic", "Semiconductors", "أشباه الموصلات" },
    { "open-source-ai", "topic", "Open-source AI", "الذكاء الاصطناعي مفتوح المصدر" },
  };
  guint entities = 0, topics = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (design); i++)
    {
      int index = dossier_catalogue_find (builtin, design[i].slug);
      DossierTagDef *tag;

      g_assert_cmpint (index, >=, 0);
      tag = dossier_catalogue_get_tag (builtin, index);
      g_assert_cmpstr (tag->kind, ==, design[i].kind);
      g_assert_cmpstr (tag->name_en, ==, design[i].en);
      g_assert_cmpstr (tag->name_ar, ==, design[i].ar);
    }

  /* Every entry is complete in both languages and can be found. */
  for (guint i = 0; i < dossier_catalogue_get_n_tags (builtin); i++)
    {
      DossierTagDef *tag = dossier_catalogue_get_tag (builtin, i);
      gboolean arabic = FALSE;

      if (dossier_tag_def_is_topic (tag))
        topics++;
      else
        entities++;
      g_assert_true (dossier_slug_is_valid (tag->slug));
      g_assert_nonnull (tag->description_en);
      g_assert_nonnull (tag->description_ar);
      g_assert_true (g_utf8_validate (tag->name_ar, -1, NULL));
      g_assert_cmpuint (tag->aliases->len, >, 0);
      for (guint a = 0; a < tag->aliases->len; a++)
        if (g_strcmp0 (((DossierAlias *) g_ptr_array_index (tag->aliases, a))->lang, "ar") == 0)
          arabic = TRUE;
      if (!arabic)
        g_test_message ("%s has no Arabic alias", tag->slug);
      g_assert_true (arabic);
      if (tag->parent != NULL)
        g_assert_cmpint (dossier_catalogue_find (builtin, tag->parent), >=, 0);
    }
  g_assert_cmpuint (entities, >=, 60);
  g_assert_cmpuint (topics, >=, 15);
}

static void
test_bad_catalogue (void)
{
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new ();
  g_autoptr(GError) error = NULL;
  const char *twice = "{\"entities\": [{\"slug\": \"a\", \"kind\": \"company\", \"name\": {\"en\": \"A\"}},"
                      " {\"slug\": \"a\", \"kind\": \"company\", \"name\": {\"en\": \"A\"}}]}";

  g_assert_false (dossier_catalogue_add_json (catalogue, "{", 1, &error));
  g_clear_error (&error);
  g_assert_false (dossier_catalogue_add_json (catalogue, "[]", 2, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_catalogue_add_json (catalogue, twice, strlen (twice), &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);

  /* The members that decide weak names and rules are checked too. */
  {
    static const char * const broken[] = {
      "{\"entities\": [{\"slug\": \"b\", \"kind\": \"company\", \"name\": {\"en\": \"B\"},"
      " \"aliases\": {\"en\": [\"B\"]}, \"exclude\": {\"C\": [\"C 40\"]}}]}",
      "{\"entities\": [{\"slug\": \"c\", \"kind\": \"company\", \"name\": {\"en\": \"C\"},"
      " \"near\": [{\"within\": 3, \"sets\": [[\"one\"]]}]}]}",
      "{\"entities\": [{\"slug\": \"d\", \"kind\": \"company\", \"name\": {\"en\": \"D\"},"
      " \"context\": \"chips\"}]}",
      "{\"entities\": [{\"slug\": \"e\", \"kind\": \"company\", \"name\": {\"en\": \"E\"},"
      " \"near\": [{\"within\": 90, \"sets\": [[\"a\"], [\"b\"]]}]}]}",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (broken); i++)
      {
        g_autoptr(DossierCatalogue) other = dossier_catalogue_new ();

        g_clear_error (&error);
        g_assert_false (dossier_catalogue_add_json (other, broken[i], strlen (broken[i]), &error));
        g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
      }
  }
}

static void
test_boundaries (void)
{
  /* Latin word boundaries, and forms a name may take. */
  assert_tagged ("Shares in Intel, not intelligence", NULL, "intel");
  assert_tagged ("Business intelligence tools", NULL, "");
  assert_tagged ("army arms Arm", NULL, "arm");
  assert_tagged ("army arms", NULL, "");
  assert_tagged ("Z.ai ships GLM-4.5", NULL, "zhipu");
  assert_tagged ("z.ai", NULL, "zhipu");
  assert_tagged ("The zai river", NULL, "");
  assert_tagged ("H20", NULL, "nvidia nvidia-h20");
  assert_tagged ("H200", NULL, "nvidia nvidia-h100");
  assert_tagged ("H2O", NULL, "");
  assert_tagged ("Deep Seek", NULL, "deepseek");
  assert_tagged ("Deep-Seek", NULL, "deepseek");
  assert_tagged ("DeepSeek", NULL, "deepseek");
  assert_tagged ("DEEPSEEK", NULL, "deepseek");
  assert_tagged ("deep seeking", NULL, "");
  assert_tagged ("Open AI", NULL, "openai");
  assert_tagged ("Moon shot", NULL, "");
  assert_tagged ("Moonshot AI", NULL, "moonshot-ai");
  /* Case decides for ambiguous words. */
  assert_tagged ("meta", NULL, "");
  assert_tagged ("Models from Meta", NULL, "meta");
  assert_tagged ("Data from META", NULL, "");
  assert_tagged ("Kimi K2", NULL, "moonshot-ai");
  assert_tagged ("kimi", NULL, "");
  /* Punctuation ends a name; a link hides one. */
  assert_tagged ("Nvidia, Huawei.", NULL, "huawei nvidia");
  assert_tagged ("see https://nvidia.com/huawei", NULL, "");
  assert_tagged ("nvidia.com", NULL, "");
  assert_tagged ("Nvidia's", NULL, "nvidia");
}

static void
test_proclitics (void)
{
  static const char * const prefixes[] = {
    "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
  };
  static const char * const with_article[] = {
    "ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "فكال", "لل", "ولل", "فلل",
  };
  static const char * const wrong[] = { "س", "م", "ت", "ي", "ن", "بب", "لب", "الل", "والو" };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *nvidia = g_strconcat (prefixes[i], "إنفيديا", NULL);
      g_autofree char *huawei = g_strconcat (prefixes[i], "هواوي", NULL);

      assert_tagged (nvidia, NULL, "nvidia");
      assert_tagged (huawei, NULL, "huawei");
    }

  /* A name with its own article: لل absorbs the alef of ال. */
  for (gsize i = 0; i < G_N_ELEMENTS (with_article); i++)
    {
      const char *prefix = with_article[i];
      g_autofree char *text = NULL;

      if (g_str_has_suffix (prefix, "ال"))
        {
          g_autofree char *bare = g_strndup (prefix, strlen (prefix) - strlen ("ال"));

          text = g_strconcat (bare, "المفوضية الأوروبية", NULL);
        }
      else
        text = g_strconcat (prefix, "مفوضية الأوروبية", NULL);
      assert_tagged (text, NULL, "european-commission");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *text = g_strconcat (wrong[i], "هواوي", NULL);

      assert_tagged (text, NULL, "");
    }
}

static void
test_arabic_letters (void)
{
  /* Hamza and alef forms, taa marbuta, alef maqsura, tashkeel, tatweel. */
  assert_tagged ("انفيديا", NULL, "nvidia");
  assert_tagged ("أنفيديا", NULL, "nvidia");
  assert_tagged ("آنفيديا", NULL, "nvidia");
  assert_tagged ("إِنْفِيدِيَا", NULL, "nvidia");
  assert_tagged ("إنـــفيديا", NULL, "nvidia");
  assert_tagged ("هواوى", NULL, "huawei");
  assert_tagged ("ادارة الفضاء الالكتروني الصينيه", NULL, "cac");
  assert_tagged ("إدارة الفضاء الإلكترونيّة", NULL, "");
  /* ZWNJ and bidi marks inside a name do not break it. */
  assert_tagged ("هوا\u200cوي", NULL, "huawei");
  assert_tagged ("\u200fهواوي\u200f", NULL, "huawei");
}

static void
test_topics_need_evidence (void)
{
  /* One passing keyword in the body is not enough... */
  assert_tagged ("Results", "The company mentioned privacy once.", "");
  /* ...one in the title is, and so are two different ones in the body. */
  assert_tagged ("Privacy rules", NULL, "data-security");
  assert_tagged ("Results", "Personal data and data security reviews.", "data-security");
  /* Three mentions of one keyword too. */
  assert_tagged ("Results", "Chips, chips and chips.", "semiconductors");
}

static void
test_why (void)
{
  g_autoptr(DossierTagResult) result = dossier_tag_result_new (tagger);
  const DossierTagMatch *match;
  DossierTagDef *tag;

  dossier_tagger_run (tagger, "Nvidia and NVIDIA Corp", "إنفيديا، لإنفيديا وإنفيديه", result);
  g_assert_cmpuint (dossier_tag_result_get_n_matches (result), ==, 1);
  match = dossier_tag_result_get_match (result, 0);
  tag = dossier_catalogue_get_tag (builtin, match->tag);
  g_assert_cmpstr (tag->slug, ==, "nvidia");
  /* "NVIDIA Corp" holds "Nvidia": one mention, not two. */
  g_assert_cmpuint (match->title_count, ==, 2);
  g_assert_cmpuint (match->body_count, ==, 3);
  g_assert_cmpstr (match->aliases, ==, "Nvidia\nNVIDIA Corp\nإنفيديا\nإنفيديه");
}

static void
test_user_alias (void)
{
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (NULL);
  g_autoptr(DossierTagger) extended = NULL;
  g_autofree char *before = tag_story (tagger, "Team Green wins", NULL);
  g_autofree char *after = NULL;
  g_autofree char *own = NULL;
  guint index;

  g_assert_cmpstr (before, ==, "");
  dossier_catalogue_add_alias (catalogue, dossier_catalogue_find (catalogue, "nvidia"),
                               "Team Green", "en", FALSE, TRUE);
  index = dossier_catalogue_add_tag (catalogue, "openeuler", "product", "openEuler", "أوبن أويلر");
  dossier_catalogue_add_alias (catalogue, index, "openEuler|أوبن أويلر", NULL, TRUE, TRUE);
  extended = dossier_tagger_new (catalogue);

  after = tag_story (extended, "Team Green wins", NULL);
  g_assert_cmpstr (after, ==, "nvidia");
  own = tag_story (extended, "Huawei's openEuler", "وأوبن أويلر");
  g_assert_cmpstr (own, ==, "huawei openeuler");
  {
    g_autofree char *mine = dossier_catalogue_fingerprint (catalogue);
    g_autofree char *shipped = dossier_catalogue_fingerprint (builtin);

    g_assert_cmpstr (mine, !=, shipped);
  }
}

/* A catalogue the user grew past 65,536 automaton states takes the
 * table with 32-bit entries; the shipped one the 16-bit table. Both must
 * find the same names. */
static void
test_large_catalogue (void)
{
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new_builtin (NULL);
  g_autoptr(DossierTagger) large = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *story = NULL;

  for (guint i = 0; i < 8000; i++)
    {
      g_autofree char *slug = g_strdup_printf ("maker-%u", i);
      char name[16];
      guint index;

      for (guint k = 0; k < 13; k++)
        name[k] = k == 6 ? ' ' : 'a' + g_rand_int_range (rand, 0, 26);
      name[13] = '\0';
      index = dossier_catalogue_add_tag (catalogue, slug, "company", name, name);
      dossier_catalogue_add_alias (catalogue, index, name, NULL, FALSE, TRUE);
      if (i == 0)
        first = g_strdup (name);
      g_free (last);
      last = g_strdup (name);
    }
  large = dossier_tagger_new (catalogue);
  g_assert_cmpuint (dossier_tagger_get_size (large), >, 4 * dossier_tagger_get_size (tagger));

  story = g_strdup_printf ("%s and %s sign a deal with Nvidia", first, last);
  tags = tag_story (large, story, "وقالت إنفيديا إن الصفقة كبيرة.");
  g_assert_cmpstr (tags, ==, "maker-0 maker-7999 nvidia");
  g_clear_pointer (&tags, g_free);
  tags = tag_story (tagger, story, "وقالت إنفيديا إن الصفقة كبيرة.");
  g_assert_cmpstr (tags, ==, "nvidia");
}

static void
test_proclitic_latin (void)
{
  /* و ف ب ل ك glued to a Latin name, after a tatweel or a hyphen. */
  assert_tagged ("وTikTok تواجه الحظر", NULL, "bytedance");
  assert_tagged ("شراكة بـSamsung", NULL, "samsung");
  assert_tagged ("نماذج لـ OpenAI", NULL, "openai");
  assert_tagged ("شراكة و-OpenAI", NULL, "openai");
  assert_tagged ("تطلق علي بابا وDeepSeek نماذج", NULL, "alibaba deepseek");
  assert_tagged ("فNvidia تقول", NULL, "nvidia");
  assert_tagged ("كNvidia", NULL, "nvidia");
  assert_tagged ("وبـHuawei", NULL, "huawei");
  /* Not after other letters, nor inside a Latin word. */
  assert_tagged ("سDeepSeek", NULL, "");
  assert_tagged ("xDeepSeek", NULL, "");
}

static void
test_weak_names (void)
{
  /* A name that is also something else needs a second sign. */
  assert_tagged ("Kimi wins in Miami", "The Mercedes driver Kimi Antonelli led from the start.", "");
  assert_tagged ("Kimi K2 is out", NULL, "moonshot-ai");
  assert_tagged ("Kimi beats GPT", "The chatbot's new model answers faster.", "moonshot-ai");
  assert_tagged ("كيمي أنتونيلي يفوز", "فاز سائق مرسيدس كيمي بالسباق.", "");
  assert_tagged ("كيمي يتحدى ديب سيك", NULL, "deepseek moonshot-ai");
  /* A phrase naming the other meaning cancels the name in the story. */
  assert_tagged ("Paris stocks", "The CAC 40 fell; the CAC's losses followed Beijing's data.", "");
  assert_tagged ("CAC summons Nvidia", "Beijing's regulator asked questions.", "cac nvidia");
  assert_tagged ("BIS annual report", "The Bank for International Settlements says the BIS will expand.", "");
  assert_tagged ("BIS adds firms", "The BIS added 12 firms to the Entity List.", "bis export-controls");
  assert_tagged ("Fires in the Amazon", "Amazon deforestation rose in the Amazon rainforest.", "");
  assert_tagged ("حرائق الأمازون", "تراجعت إزالة الغابات في منطقة الأمازون.", "");
  assert_tagged ("Amazon expands", "Amazon Web Services opens a region.", "amazon");
  /* A capital that opens a sentence or a Title-Case headline says
   * nothing; in the middle of a sentence it does. */
  assert_tagged ("It’s Feast or Famine for Apple Growers", "Apple prices rose.", "");
  assert_tagged ("Growers", "The crop sold to Apple and Samsung suppliers.", "apple samsung");
  assert_tagged ("Apple shifts production", "Apple said iPhone output moves to India.", "apple");
  /* Another spelling of the same name is a second sign. */
  assert_tagged ("Claude and Anthropic", NULL, "anthropic");
  assert_tagged ("Claude Monet's garden", "The painter Claude loved water lilies.", "");
}

static void
test_spelling_variants (void)
{
  static const struct { const char *alias; DossierSpellingKind kind; const char *variant; } table[] = {
    /* A long vowel added or dropped. */
    { "رقائق أسند", DOSSIER_SPELLING_NAME, "رقايق اسيند" },
    { "ليانج وينفنج", DOSSIER_SPELLING_NAME, "ليانج وينفينج" },
    { "ليانج وينفينج", DOSSIER_SPELLING_NAME, "ليانج وينفنج" },
    { "نفيديا", DOSSIER_SPELLING_NAME, "نيفيديا" },
    { "إنفيديا", DOSSIER_SPELLING_NAME, "انفديا" },
    /* A doubled letter written once, a letter written twice. */
    { "أنتونيللي", DOSSIER_SPELLING_NAME, "انتونيلي" },
    { "أنتونيلي", DOSSIER_SPELLING_NAME, "انتونيللي" },
    /* G as ج or غ. */
    { "ليانغ وينفنغ", DOSSIER_SPELLING_NAME, "ليانج وينفنغ" },
    /* Near-synonyms inside a name, after proclitics. */
    { "تايوان لصناعة أشباه الموصلات", DOSSIER_SPELLING_PHRASE, "تايوان لتصنيع اشباه الموصلات" },
    { "إدارة الفضاء الإلكتروني", DOSSIER_SPELLING_PHRASE, "اداره الفضاء السيبراني" },
    { "وزارة التجارة الأمريكية", DOSSIER_SPELLING_PHRASE, "وزاره التجاره الاميركيه" },
    /* The article on every word or on none (the first word bare: the
     * matcher takes its article as a proclitic); يات and ات. */
    { "أبواب خلفية", DOSSIER_SPELLING_PHRASE, "ابواب الخلفيه" },
    { "الأبواب الخلفية", DOSSIER_SPELLING_PHRASE, "ابواب خلفيه" },
    { "معالجات الرسوميات", DOSSIER_SPELLING_PHRASE, "معالجات الرسومات" },
    /* The article on or off each word of a phrase on its own. */
    { "سلاسل التوريد", DOSSIER_SPELLING_PHRASE, "سلاسل توريد" },
    { "القيود على التصدير", DOSSIER_SPELLING_PHRASE, "قيود علي تصدير" },
    { "تصنيع الرقائق", DOSSIER_SPELLING_PHRASE, "تصنيع رقايق" },
    /* A transliterated name in one word or two. */
    { "سامسونج", DOSSIER_SPELLING_NAME, "سام سونج" },
    { "مايكروسوفت", DOSSIER_SPELLING_NAME, "مايكرو سوفت" },
    { "مون شوت", DOSSIER_SPELLING_NAME, "مونشوت" },
    /* United States, US, U.S. */
    { "Committee on Foreign Investment in the United States", DOSSIER_SPELLING_PHRASE,
      "committee on foreign investment in the us" },
    { "US Trade Representative", DOSSIER_SPELLING_PHRASE, "u.s. trade representative" },
  };
  static const struct { const char *alias; DossierSpellingKind kind; const char *never; } absent[] = {
    /* One-word names stay whole where an edit makes another word:
     * شاومي without its و is شامي, Damascene. */
    { "شاومي", DOSSIER_SPELLING_NAME, "شامي" },
    { "كيمي", DOSSIER_SPELLING_NAME, "كمي" },
    /* Arabic words with the article are not transliterations. */
    { "تايوان لصناعة أشباه الموصلات", DOSSIER_SPELLING_NAME, "تايوان لصناعه اشباه المصلات" },
    /* الولايات is no plural in يات. */
    { "الولايات المتحدة", DOSSIER_SPELLING_PHRASE, "الولاات المتحده" },
    /* The head of a construct never takes the article, nor does a
     * preposition; آلية is no article and a word. */
    { "مراكز البيانات", DOSSIER_SPELLING_PHRASE, "المراكز البيانات" },
    { "قيود على التصدير", DOSSIER_SPELLING_PHRASE, "قيود العلي التصدير" },
    { "آلية فحص الاستثمار", DOSSIER_SPELLING_PHRASE, "يه فحص الاستثمار" },
    /* A word with the article is no name to split; a short name stays whole. */
    { "الصين", DOSSIER_SPELLING_NAME, "الص ين" },
    { "هواوي", DOSSIER_SPELLING_NAME, "هوا وي" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto(GStrv) variants = dossier_spelling_variants (table[i].alias, table[i].kind);

      if (!g_strv_contains ((const char * const *) variants, table[i].variant))
        g_test_message ("%s: no %s", table[i].alias, table[i].variant);
      g_assert_true (g_strv_contains ((const char * const *) variants, table[i].variant));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (absent); i++)
    {
      g_auto(GStrv) variants = dossier_spelling_variants (absent[i].alias, absent[i].kind);

      g_assert_false (g_strv_contains ((const char * const *) variants, absent[i].never));
      g_assert_false (g_strv_contains ((const char * const *) variants, absent[i].alias));
    }

  /* And the tagger uses them. */
  assert_tagged ("شرائح أسيند الجديدة", NULL, "ai-compute huawei huawei-ascend semiconductors");
  assert_tagged ("تأسست على يد ليانج وينفينج", NULL, "deepseek liang-wenfeng");
  assert_tagged ("أسهم نيفيديا", NULL, "nvidia");
  /* A company's own name is no evidence of a topic: the chips in
   * TSMC's name are TSMC's; the chips beside it are the story's. */
  assert_tagged ("تايوان لتصنيع أشباه الموصلات", NULL, "tsmc");
  assert_tagged ("تايوان لتصنيع أشباه الموصلات تضاعف إنتاج الرقائق", NULL, "semiconductors tsmc");
  assert_tagged ("هواتف سام سونج", NULL, "samsung");
  /* Quotation marks inside a name. */
  assert_tagged ("أجهزة شركة «أبل» وذاكرة شركة «مايكرون تكنولوجي»", NULL, "apple micron");
  assert_tagged ("إدارة \"الفضاء الإلكتروني\" الصينية", NULL, "cac");
}

static void
test_described_agencies (void)
{
  /* A core phrase and a country word within a few words. */
  assert_tagged ("قالت الهيئة المعنية بتنظيم السوق في الصين إن التحقيق مستمر", NULL, "samr");
  assert_tagged ("China's market regulator fined the firm", NULL, "samr");
  assert_tagged ("China's internet watchdog summoned the company", NULL, "cac");
  assert_tagged ("الهيئة الوطنية للفضاء السيبراني في الصين", NULL, "cac");
  assert_tagged ("قالت وزارة التجارية الصينية في بيان", NULL, "mofcom");
  assert_tagged ("وكالة الأمن الصناعي بوزارة التجارة", NULL, "bis");
  /* Too far apart, or another sentence. */
  assert_tagged ("The market regulator in Brussels acted. China said nothing.", NULL, "");
  assert_tagged ("هيئة تنظيم السوق في مصر أعلنت غرامة على شركات لا علاقة لها بالصين", NULL, "");
}

static void
test_headed_products (void)
{
  /* A product's bare name with a head noun on either side. */
  assert_tagged ("Huawei ships Ascend chips", NULL, "ai-compute huawei huawei-ascend semiconductors");
  assert_tagged ("رقائق Ascend الجديدة", NULL, "ai-compute huawei huawei-ascend semiconductors");
  assert_tagged ("سلسلة أسيند من هواوي", NULL, "huawei huawei-ascend");
  assert_tagged ("رقاقة Ascend 950", NULL, "ai-compute huawei huawei-ascend semiconductors");
  assert_tagged ("Prices ascend as demand grows", NULL, "");
  /* A brand that is no ordinary word matches in any case. */
  assert_tagged ("Minimax and MiniMax", NULL, "minimax");
}

static void
test_topic_proximity (void)
{
  /* A restriction word within a few words of an export word. */
  assert_tagged ("Results", "Washington imposed new restrictions on chip exports.", "export-controls");
  assert_tagged ("نتائج", "فرضت الولايات المتحدة قيودا جديدة على تصدير المعدات.", "export-controls");
  assert_tagged ("نتائج", "رفعت الإدارة الحظر على تصدير الرقائق.", "export-controls");
  /* (Chips beside a chip maker are semiconductors too.) */
  assert_tagged ("Results", "The US restricted Nvidia from selling its chips to China.",
                 "export-controls nvidia semiconductors");
  /* Not across sentences, nor far apart. */
  assert_tagged ("Results", "The ban was lifted. Exports of cars rose.", "");
  assert_tagged ("Results", "The ban on smoking in restaurants was praised by doctors, while car exports rose.", "");
}

static void
test_implied_topics (void)
{
  g_autoptr(DossierTagResult) result = dossier_tag_result_new (tagger);
  gboolean found = FALSE;

  /* An AI chip is evidence for semiconductors: with one weak keyword
   * beside it, the story is filed, and the why list names it. */
  assert_tagged ("Results", "The H20 is back; buyers queue for chips.", "nvidia nvidia-h20 semiconductors");
  /* Alone it is not enough. */
  assert_tagged ("Results", "The H20 remains licensable.", "nvidia nvidia-h20");
  assert_tagged ("Results", "Buyers queue for chips.", "");
  /* A weak keyword twice is enough on its own. */
  assert_tagged ("Results", "Buyers queue for chips, and more chips.", "semiconductors");

  dossier_tagger_run (tagger, "Results", "The H20 is back; buyers queue for chips.", result);
  for (guint i = 0; i < dossier_tag_result_get_n_matches (result); i++)
    {
      const DossierTagMatch *match = dossier_tag_result_get_match (result, i);
      g_auto(GStrv) lines = g_strsplit (match->aliases, "\n", -1);

      if (g_strcmp0 (dossier_catalogue_get_tag (builtin, match->tag)->slug, "semiconductors") != 0)
        continue;
      found = TRUE;
      g_assert_true (g_strv_contains ((const char * const *) lines, "chips"));
      for (guint l = 0; lines[l] != NULL; l++)
        if (g_strcmp0 (dossier_tag_why_entity (lines[l]), "nvidia-h20") == 0)
          found = TRUE + 1;
      g_assert_cmpint (found, ==, TRUE + 1);
    }
  g_assert_true (found);
  g_assert_null (dossier_tag_why_entity ("chips"));
}

static void
test_arabic_keywords (void)
{
  /* Arabic chip vocabulary. */
  assert_tagged ("نتائج", "تطور الشركة شرائح جديدة، وتبيع الشرائح في الصين.", "semiconductors");
  assert_tagged ("نتائج", "ارتفعت مبيعات رقاقة الشركة ومعالجاتها.", "semiconductors");
  /* With and without the article, and both plural spellings. */
  assert_tagged ("نتائج", "حذرت من الأبواب الخلفية في الأجهزة.", "cybersecurity");
  assert_tagged ("نتائج", "تبيع معالجات الرسومات للمصانع.", "semiconductors");
  /* Chips to eat are not chips. */
  assert_tagged ("رقائق البطاطس", "تناول رقائق البطاطس يوميا يضر بالصحة، والرقائق مالحة.", "");
  assert_tagged ("Potato chips", "Chips and more chips: potato chips sales rose.", "");
}

/* The catalogue as an editor builds it: the words policy reporters use,
 * in both languages, and rules over them rather than fixed sentences. */
static void
test_catalogue_vocabulary (void)
{
  /* A keyword with the article on one word and not the other. */
  assert_tagged ("نتائج", "تعطلت سلاسل توريد السيارات، وتضررت سلاسل إمداد أخرى.", "supply-chains");
  /* Permission is the other side of a restriction. */
  assert_tagged ("Results", "Washington allowed Nvidia to sell the chips to China.",
                 "export-controls nvidia semiconductors");
  assert_tagged ("نتائج", "علقت الصين تصدير بعض المكونات.", "export-controls");
  /* Curbs on advanced chips, and a licence for one. */
  assert_tagged ("Results", "The new rules restrict China's access to advanced chips.", "export-controls semiconductors");
  assert_tagged ("Results", "Nvidia still has not received a license for its H20 AI chip.",
                 "ai-compute export-controls nvidia nvidia-h20 semiconductors");
  /* Put on a blacklist: the Entity List, and a sanction. */
  assert_tagged ("نتائج", "أدرجت واشنطن شركات صينية عديدة في القائمة السوداء.", "export-controls sanctions");
  /* Supplies of chips at risk. */
  assert_tagged ("Results", "The move may disrupt chip supplies to carmakers.", "supply-chains");
  /* The state takes a stake. */
  assert_tagged ("Results", "The government will take a 10% stake in the company.", "industrial-policy");
  /* Production at home is no supply chain moving: made in the US twice. */
  assert_tagged ("Results", "The chips will be made in the United States. More will be produced in America.", "");
  /* A regulator by what it does. */
  assert_tagged ("نتائج", "قالت هيئة مراقبة الأمن السيبراني الصينية إن المنتجات خطرة.", "cac");
  /* Bare ميكرون, the company only with a sign of chips. */
  assert_tagged ("نتائج", "حظرت الصين رقائق ميكرون.", "micron semiconductors");
  assert_tagged ("نتائج", "يبلغ قطر الشعرة نحو 70 ميكرون.", "");
  /* Words count once: a keyword inside a longer one of the same topic. */
  assert_tagged ("نتائج", "أكدت الشركة التزامها بحماية خصوصية المستخدمين.", "");
  /* Tracking as a backdoor worry is no smuggling. */
  assert_tagged ("نتائج", "تخشى الهيئة من تتبع الرقائق وإيقافها عن بعد.", "");
  /* A field's name said once in passing is no evidence of the field;
   * twice, or with another of its words, it is. */
  assert_tagged ("Results", "Cybersecurity experts cautioned that the app is popular.", "");
  assert_tagged ("Results", "Cybersecurity experts warned of ransomware in the app.", "cybersecurity");
  assert_tagged ("نتائج", "تستخدم المعادن في أشباه الموصلات والسيارات.", "");
  /* Hard negatives of the wider vocabulary. */
  assert_tagged ("Results", "Potato chip sales rose as the snack maker cut prices.", "");
  assert_tagged ("نتائج", "تحتوي رقائق البطاطس على المعادن الأساسية.", "");
  assert_tagged ("نتائج", "ارتفعت تعرفة الكهرباء، وقالت الشركة إن التعرفة الجديدة عادلة.", "");
  /* A sanction of a football club is no sanctions policy. */
  assert_tagged ("نتائج", "فرض الاتحاد عقوبات على النادي بعد المباراة، وشملت العقوبة غرامة.", "");
  /* Supplies as a verb is no supply chain; tariffs, the field's own
   * name, said once in passing are no trade story, said again they are. */
  assert_tagged ("Results", "TSMC, which supplies chips for Apple, warned of tariffs.",
                 "apple semiconductors tsmc");
  assert_tagged ("Results", "TSMC, which supplies chips for Apple, warned of tariffs. The tariffs would raise prices.",
                 "apple semiconductors trade-tariffs tsmc");
  /* The press's everyday words for hackers, and a forced sale. */
  assert_tagged ("نتائج", "هاكرز يخترقون أنظمة متجر في لندن", "cybersecurity");
  assert_tagged ("نتائج", "تعارض بكين البيع الإجباري للتطبيق.", "investment-screening");
  /* Sell, or face a ban; but a ban on selling chips is no forced sale. */
  assert_tagged ("نتائج", "اقتربت المهلة الممنوحة لبايت دانس لبيع عملياتها الأمريكية أو مواجهة حظر شامل.",
                 "bytedance investment-screening");
  assert_tagged ("Results", "ByteDance must sell the app or face a ban.", "bytedance investment-screening");
  assert_tagged ("Results", "ByteDance must sell the app.", "bytedance");
  /* A telecom network hacked is a cyberattack, not telecoms news. */
  assert_tagged ("Results", "The hackers breached telecom networks. Hacking of telecom companies went on.",
                 "cybersecurity");
  /* The singular is a penalty; football's are no sanctions either. */
  assert_tagged ("نتائج", "حذر النادي جماهيره من العقوبات، وتبلغ أقصى عقوبة مليون دولار.", "");
}

static GStrv
member_strv (JsonObject *object,
             const char *member)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  JsonArray *array = json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (list, g_strdup (json_array_get_string_element (array, i)));
  g_ptr_array_add (list, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

static void
test_other_meanings (void)
{
  /* A topic's words in a company's epithet describe the company, and
   * the story is about what the company did. */
  assert_tagged ("نتائج", "اتهمت الصين شركة صناعة الرقائق الأمريكية إنفيديا بانتهاك قانون مكافحة الاحتكار.",
                 "antitrust nvidia");
  assert_tagged ("نتائج", "قالت الصين إن الشركة الأميركية المتخصصة في صناعة الرقائق إنفيديا انتهكت قانون مكافحة الاحتكار.",
                 "antitrust nvidia");
  assert_tagged ("نتائج", "أعلنت شركة الاتصالات الصينية العملاقة هواوي عن هاتف جديد.", "huawei");
  /* Only a noun in construct opens an epithet: the company as the
   * subject, or a head after the chips, leaves them chips. */
  assert_tagged ("نتائج", "تطور الشركة شرائح جديدة.", "");
  assert_tagged ("نتائج", "تطور الشركة شرائح جديدة، وتبيع الشرائح في الصين.", "semiconductors");
  assert_tagged ("نتائج", "ستبيع إنفيديا الرقائق التي تصنعها شركة تايوانية.", "nvidia semiconductors");
  assert_tagged ("نتائج", "قالت شركة الرقائق إنفيديا إنها ستوسع أعمالها.", "nvidia");

  /* Tracking of chips is no privacy story, tracking of users is. */
  assert_tagged ("Results",
                 "The Cyberspace Administration of China asked about tracking features in the chips.",
                 "cac");
  assert_tagged ("Results", "The Cyberspace Administration of China fined an app for tracking users.",
                 "cac data-security");
}

static void
test_more_evidence (void)
{
  /* An agency that is about nothing else files its topic on its own;
   * one with a wider remit does not. */
  assert_tagged ("Results", "CFIUS approved the purchase.", "cfius investment-screening");
  assert_tagged ("Results", "The FTC approved the purchase.", "ftc");
  /* An AI accelerator named as a chip, and chips made for AI. */
  assert_tagged ("نتائج", "وافقت الصين على واردات رقائق H200.", "ai-compute nvidia nvidia-h100 semiconductors");
  assert_tagged ("نتائج", "تخطط الشركة لشراء رقائق مخصصة لتقنيات الذكاء الاصطناعي.", "ai-compute");
  /* Making them is the chip industry too: تصنيع الرقائق without its
   * article. */
  assert_tagged ("نتائج", "تخطط الشركة لتصنيع رقائق مخصصة لتقنيات الذكاء الاصطناعي.",
                 "ai-compute semiconductors");
  assert_tagged ("Results", "The startup designs chips built for AI.", "ai-compute");
  /* Trade talks, and talks on tariffs with words between. */
  assert_tagged ("Results", "Officials met in Madrid for trade talks.", "trade-tariffs");
  assert_tagged ("نتائج", "عقد مسؤولون مباحثات جديدة في مدريد بشأن الرسوم.", "trade-tariffs");
  /* Where production goes, twice in a story. */
  assert_tagged ("Results", "Most iPhones will be made in India. Vietnam will be a production hub.",
                 "apple supply-chains");
  assert_tagged ("Results", "Most iPhones will be made in India.", "apple");
  /* TikTok's user data. */
  assert_tagged ("Results", "Oracle will manage TikTok user data.", "bytedance data-security");
  /* A weak Arabic name of Meta, with a second sign. */
  assert_tagged ("نتائج", "تضم شركات مثل ميتا وOpenAI.", "meta openai");
  assert_tagged ("نتائج", "عثر عليه ميتا في منزله.", "");
  /* An agency's name with a noun in the plural, and the accusative
   * ending of an indefinite noun in either order of its marks. */
  assert_tagged ("نتائج", "تدرس لجنة الاستثمارات الأجنبية في الولايات المتحدة العرض.",
                 "cfius investment-screening");
  assert_tagged ("نتائج", "تخوض الصين وأميركا حرباً تجارية.", "trade-tariffs");
  assert_tagged ("نتائج", "تخوض الصين وأميركا حربًا تجارية.", "trade-tariffs");
  /* SMIC by its description. */
  assert_tagged ("نتائج", "فرضت واشنطن قيودا على شركة سيميكونداكتور الدولية الصينية لصناعة أشباه الموصلات.",
                 "semiconductors smic");
}

/* The scan writes into room it reserved once a text: texts far longer than
 * its first buffer, characters that unfold into many (ﷺ is eighteen
 * letters once normalised), Arabic runs up to the last byte and a name
 * after all of them must not write past it (the ASan build runs this). */
static void
test_scan_room (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *tags = NULL;

  for (int i = 0; i < 3000; i++)
    g_string_append (body, i % 3 == 0 ? "\xef\xb7\xba" : i % 3 == 1 ? "ـــكتابةٌ " : "lowercasewords ");
  g_string_append (body, "إنفيديا وهواوي. Nvidia");
  tags = tag_story (tagger, "\xef\xb7\xba\xef\xb7\xba", body->str);
  g_assert_cmpstr (tags, ==, "huawei nvidia");
  assert_tagged ("", "إنفيديا", "nvidia");
  assert_tagged ("إنفيديا", "", "nvidia");
  assert_tagged ("", "وإنفيديا\xd9", "nvidia");
}

static void
test_fifth_round (void)
{
  /* Bare أبل is also the camel (إبل, its hamza folded): the name counts
   * with a sign of the company beside it, never alone, and the camels'
   * phrases no longer veto the name everywhere. */
  assert_tagged ("نتائج", "قال تيم كوك إن أبل ستطلق جهازا جديدا.", "apple");
  assert_tagged ("نتائج", "رفضت المفوضية الأوروبية طلب أبل وجوجل.", "apple european-commission google");
  assert_tagged ("نتائج", "خالفت أبل القواعد عبر متجر تطبيقات الشركة.", "apple");
  assert_tagged ("نتائج", "نفقت أبل كثيرة في الصحراء.", "");
  assert_tagged ("نتائج", "أقيم مهرجان الإبل في الرياض بمشاركة شركات التكنولوجيا.", "");
  assert_tagged ("نتائج", "خصصت جوائز للإبل الفائزة في السباق.", "");

  /* A rule's reach counts the words between its terms: a term of two
   * words takes no more of it than a term of one. */
  assert_tagged ("نتائج", "قالت الهيئة إن المنتجات تشكل خطرا أمنيا حقيقيا على الشبكة. وأشارت إلى مخاطر أمنية حقيقية على الشبكة.",
                 "cybersecurity");
  assert_tagged ("نتائج", "قالت الهيئة إن المنتجات تشكل خطرا أمنيا. وتحدثت عن الشبكة في بيان آخر عن الشبكة.", "");
  /* Advanced semiconductors denied, in Arabic words. */
  assert_tagged ("نتائج", "تسعى الولايات المتحدة إلى حرمان الصين من أشباه الموصلات المتقدمة.",
                 "export-controls");
  /* Sanctions broken are the story's subject; named in passing they are not. */
  assert_tagged ("نتائج", "قد يعد ذلك انتهاكًا للعقوبات الأميركية.", "sanctions");
  assert_tagged ("Results", "The shipments would violate US sanctions.", "sanctions");
  assert_tagged ("Results", "Despite US sanctions, the company grew.", "");
  /* Rules for AI in any words; rules for exporting AI chips are not. */
  assert_tagged ("نتائج", "اقترحت المفوضية تخفيف العبء التنظيمي في مجال الذكاء الاصطناعي، وتأجيل قواعد الاتحاد المتعلقة بأنظمة الذكاء الاصطناعي.",
                 "ai-governance");
  assert_tagged ("Results", "New export rules for AI chips took effect. The rules on chips for AI were tightened.",
                 "ai-compute semiconductors");
  /* A bare "ministry of commerce" is whose its story says: Washington's
   * beside its export bureau, Beijing's beside its minerals, nobody's
   * alone or where another country's is named. */
  assert_tagged ("نتائج", "قالت وزارة التجارة إن مكتب الصناعة والأمن سيراجع الطلبات.",
                 "bis us-commerce");
  assert_tagged ("نتائج", "قالت وزارة التجارة إن تصدير الغاليوم يحتاج إلى ترخيص.",
                 "critical-minerals export-controls mofcom");
  assert_tagged ("نتائج", "قالت وزارة التجارة إن الأسعار مستقرة.", "");
  assert_tagged ("نتائج", "قالت وزارة التجارة السعودية إن وزارة التجارة ستراجع قائمة الكيانات.",
                 "export-controls");
  /* An order to sell, whichever person the verb is in. */
  assert_tagged ("نتائج", "وقع بايدن قانونا يلزم الشركة ببيع عملياتها الأمريكية، ويلزم ملاكها ببيع حصصهم.",
                 "investment-screening");
}

static void
test_story_decision (void)
{
  /* A topic said once in passing, on a common word, in a later sentence,
   * next to a topic the story is plainly about, is a side remark... */
  assert_tagged ("Export controls tightened",
                 "The new export controls add firms to the Entity List and require export licences. "
                 "Officials said the rules take effect at once. Huawei also sells telecom gear.",
                 "export-controls huawei");
  /* ...but the same sentence alone, or in the lead, or said again, files it. */
  assert_tagged ("Results", "Officials spoke. Huawei also sells telecom gear.", "huawei telecom-5g");
  assert_tagged ("Export controls tightened",
                 "Huawei also sells telecom gear. The new export controls add firms to the Entity List "
                 "and require export licences. Officials said the rules take effect at once.",
                 "export-controls huawei telecom-5g");
  assert_tagged ("Export controls tightened",
                 "The new export controls add firms to the Entity List and require export licences. "
                 "Officials said the rules take effect at once. Huawei also sells telecom gear, "
                 "and telecom operators buy it.",
                 "export-controls huawei telecom-5g");
  /* In Arabic too. */
  assert_tagged ("تشديد ضوابط التصدير",
                 "أضافت ضوابط التصدير الجديدة شركات إلى قائمة الكيانات وفرضت تراخيص التصدير. "
                 "وقال المسؤولون إن القواعد تسري فورا. وتبيع هواوي أيضا معدات الاتصالات.",
                 "export-controls huawei");
  assert_tagged ("نتائج", "تحدث المسؤولون. وتبيع هواوي أيضا معدات الاتصالات.", "huawei telecom-5g");

  /* Export controls are about technology: a ban on exporting rice is
   * not, whatever its words, unless the story names a technology, a
   * catalogue entity or the Entity List. */
  assert_tagged ("Rice", "India banned exports of broken rice and imposed restrictions on exports of other grades.", "");
  assert_tagged ("الأرز", "فرضت الهند حظر التصدير على الأرز المكسور وقيودا على تصدير الأنواع الأخرى.", "");
  assert_tagged ("Chips", "India banned exports of chips and imposed restrictions on exports of chipmaking tools.",
                 "export-controls semiconductors");
  assert_tagged ("نتائج", "فرضت الهند حظر التصدير على التكنولوجيا المتقدمة.", "export-controls");
  assert_tagged ("Results", "India imposed restrictions on exports, Nvidia said.", "export-controls nvidia");
  assert_tagged ("Results", "Washington tightened export controls on China.", "export-controls");
  assert_tagged ("نتائج", "شددت واشنطن ضوابط التصدير على بكين.", "export-controls");

  /* A device's chip is its spec sheet, not chip news: a phone that runs
   * on a processor, a SIM card (شريحة), a golfer's chip. Chips made,
   * developed or sold stay chips. */
  assert_tagged ("نتائج", "يعمل هاتف Galaxy S26 بمعالج جديد، ويعمل بواسطة مجموعة شرائح حديثة.", "");
  assert_tagged ("Results", "The phone runs on a new chip and is powered by a faster processor.", "");
  assert_tagged ("نتائج", "تعمل الشركة على تطوير رقائق جديدة وتصنيع شرائح متقدمة.", "semiconductors");
  assert_tagged ("ما هي ميزة شريحة eSIM على الهواتف؟", "يمكن تفعيل شريحة الاتصال دون بطاقة.", "");
  assert_tagged ("US PGA Championship", "His chip is tame. He is forced to chip out sideways.", "");
  assert_tagged ("Results", "His chips are new. The chip is fast.", "semiconductors");
  /* A maker's privacy feature is product news, not data protection. */
  assert_tagged ("نتائج", "أعلنت الشركة عن ميزات الخصوصية الجديدة وإعدادات الخصوصية للأطفال.", "");
  assert_tagged ("نتائج", "أعلنت الهيئة قواعد الخصوصية الجديدة. وقالت إن الخصوصية حق.", "data-security");

  /* Supply chains disrupted, threatened or shifted are the point of a
   * sentence; said once as a field's name they are not. Supply chains of
   * food are no technology's (the same gate as export controls). */
  assert_tagged ("Results", "The tariffs could disrupt supply chains for chips.", "supply-chains");
  assert_tagged ("نتائج", "أثارت القيود مخاوف بشأن استقرار سلاسل الإمداد للمواد الخام.", "supply-chains");
  assert_tagged ("Results", "Supply chains for chips were discussed.", "");
  assert_tagged ("Rice", "The ban caused disruptions in rice supply chains across Asia.", "");

  /* Cybersecurity concerns or risks cited as a reason are the point. */
  assert_tagged ("Results", "The department banned the app, citing cybersecurity concerns.", "cybersecurity");
  assert_tagged ("نتائج", "قالت الهيئة إن المنتجات تشكل مخاطر أمنية كبيرة على البنية التحتية للمعلومات.", "cybersecurity");
  assert_tagged ("Results", "Cybersecurity experts cautioned.", "");

  /* An export approved is an export licensed; restrictions that deprive
   * a company of parts are export controls. */
  assert_tagged ("Results", "Commerce approved applications for Nvidia to resume exporting its H20 chip to China.",
                 "ai-compute export-controls nvidia nvidia-h20 semiconductors");
  assert_tagged ("نتائج", "قد تواجه الشركة المزيد من القيود الأميركية التي قد تحرمها من مكونات الآلات.",
                 "export-controls");

  /* A ban unless the app cuts ties with its parent, or a joint venture
   * formed to avoid one, is the divest-or-ban law's. */
  assert_tagged ("نتائج", "أقر المجلس قانونا قد يحظر التطبيق إذا لم تقطع الشبكة الاجتماعية صلاتها بالشركة الأم.",
                 "investment-screening");
  assert_tagged ("Results", "The company formed a joint venture owned by American investors to avoid a ban on the app.",
                 "investment-screening");

  /* A policy given as the background of a story about something else
   * ("given ongoing export restrictions", "في ظل نزاع تجاري") is not its
   * point; the same words as the point are. No need for data centres is
   * no data-centre news. */
  assert_tagged ("Results", "Given ongoing export restrictions on chips, the firms built their own tools.", "");
  assert_tagged ("Results", "The new export restrictions on chips took effect.", "export-controls");
  assert_tagged ("نتائج", "تأتي هذه الإجراءات في ظل نزاع تجاري متصاعد مع الولايات المتحدة.", "");
  assert_tagged ("نتائج", "اندلع نزاع تجاري متصاعد مع الولايات المتحدة.", "trade-tariffs");
  assert_tagged ("نتائج", "يتيح النموذج أداء قويا دون الحاجة لاستثمارات ضخمة في مراكز البيانات.", "");
  assert_tagged ("نتائج", "تستثمر الشركة في مراكز البيانات.", "ai-compute");

  /* Brands that are their company's own: Snapdragon, Exynos; Gemini in
   * Arabic is weak (a star sign too) and counts beside a model. */
  assert_tagged ("نتائج", "يعمل الطراز الآخر بمعالج «سنابدراغون Snapdragon 820».", "qualcomm");
  assert_tagged ("نتائج", "يأتي الهاتف بمعالج إكسينوس.", "samsung");
  assert_tagged ("نتائج", "يتأخر النموذج أمام «جيميناي» في الاختبارات.", "google");
  assert_tagged ("نتائج", "ولد تحت برج «جيميناي».", "");

  /* Chips exported illegally are smuggled, in either word order; other
   * goods are not this topic. Regulators beside an acquisition review a
   * merger. */
  assert_tagged ("Results", "Four men were arrested for illegally exporting chips to China.",
                 "chip-smuggling");
  assert_tagged ("نتائج", "اتهم الرجال بتصدير الرقائق بشكل غير قانوني إلى الصين.", "chip-smuggling");
  assert_tagged ("Results", "Four men were arrested for illegally exporting cattle.", "");
  assert_tagged ("Results", "She defended the plan to purchase the firm despite concerns raised by regulators.",
                 "antitrust");

  /* An entity's own name is no evidence of the topic its words name:
   * "Semiconductor" in TSMC's name is TSMC's, even in a headline. */
  assert_tagged ("Taiwan Semiconductor Manufacturing Co. opens an office", NULL, "tsmc");
  assert_tagged ("Taiwan Semiconductor Manufacturing Co. makes more chips", NULL, "semiconductors tsmc");
}

/* The causes of the seventh set's mistakes, each as a rule for every
 * story of its kind (README, issue 20's eighth round). */
static void
test_seventh_set_causes (void)
{
  /* A company's own products name it: WhatsApp and Instagram are Meta's,
   * Xbox Microsoft's; a brand's own spelling (Zhipu.AI) is a name; a bare
   * "Moonshot" is weak and counts beside another AI lab. */
  assert_tagged ("نتائج", "أطلق تطبيق واتساب تحديثا للمستخدمين.", "meta");
  assert_tagged ("Results", "Xbox sales rose and Instagram added a tab.", "meta microsoft");
  assert_tagged ("Results", "Zhipu.AI released a model.", "zhipu");
  assert_tagged ("Results", "Moonshot and DeepSeek released new models.", "deepseek moonshot-ai");
  assert_tagged ("Results", "The team called the project a Moonshot for the city.", "");
  /* A former unit under its old name is another company. */
  assert_tagged ("Results", "HMN Tech, formerly Huawei Marine, won the contract.", "");

  /* Export controls in the adjective's form, an export allowed to be
   * shipped, a Commerce listing however it is called, access to chips
   * limited, an import that needs Washington's approval. */
  assert_tagged ("نتائج", "أدرجت الصين التقنيات ضمن قائمة الضوابط التصديرية.", "export-controls");
  assert_tagged ("Results", "Washington allowed the chips to be shipped to China.", "export-controls");
  assert_tagged ("نتائج", "أضافت وزارة التجارة الأمريكية شركات صينية إلى قائمة الشركات الخاضعة للعقوبات.",
                 "export-controls us-commerce");
  assert_tagged ("New rules limit China's chip access", NULL, "export-controls semiconductors");
  assert_tagged ("نتائج", "ستخضع عملية استيراد الرقائق لموافقة السلطات الأمريكية.", "export-controls");
  /* ...but the Treasury's blacklist is sanctions alone; a sale allowed
   * "even after" is background; exporting a chat is an app's feature. */
  assert_tagged ("Results", "The Treasury placed five Chinese firms on its blacklist.", "sanctions");
  assert_tagged ("نتائج", "تواصل الحكومة دعم الشركات حتى بعد أن وافقت واشنطن على بيع الرقائق إلى الصين.", "");
  assert_tagged ("نتائج", "تمنع الميزة الآخرين من تصدير سجل المحادثات في تطبيق واتساب.", "meta");

  /* A field's name said once is no evidence: cyber warfare as one of a
   * list of uses, supply chain resilience as one of a list of benefits;
   * said again it is. */
  assert_tagged ("Results", "The chips could be used for military or cyber warfare purposes.", "");
  assert_tagged ("Results", "Cyber warfare grew. Cyber warfare units expanded.", "cybersecurity");
  assert_tagged ("Results", "The grants will help chip jobs, national security and supply chain resilience.", "");

  /* Users' data leaked is data protection; a company's leak in a hack is
   * cybersecurity; surveillance software is spyware; records compromised
   * are a breach of personal data. */
  assert_tagged ("نتائج", "غرمت الهيئة الشركة بسبب تسريب بيانات المستخدمين.", "data-security");
  assert_tagged ("نتائج", "أكدت الشركة تسرب البيانات بعد هجوم القراصنة.", "cybersecurity");
  assert_tagged ("Results", "The firm denied that surveillance software was installed.", "cybersecurity");
  assert_tagged ("Results", "Patients' medical records were compromised.", "data-security");
  /* A new feature announced is product news, whatever privacy it adds. */
  assert_tagged ("نتائج", "أطلقت المنصة ميزة جديدة لتعزيز خصوصية المستخدمين. وتحمي الخصوصية المحادثات.", "");

  /* A share of revenue is no equity stake. */
  assert_tagged ("نتائج", "ستحصل الحكومة على حصة تصل إلى 25% من عائدات المبيعات.", "");
  assert_tagged ("Results", "The government will take a 10% stake in the company.", "industrial-policy");

  /* Retaliation over tariffs is trade; the trade war as the frame of a
   * blacklisting is not. */
  assert_tagged ("Results", "China curbed magnet exports in retaliation over US tariffs.",
                 "export-controls trade-tariffs");
  assert_tagged ("نتائج", "أدرجت واشنطن هواوي في القائمة السوداء في خطوة تصعيدية في الحرب التجارية.",
                 "export-controls huawei sanctions");

  /* Rules to label AI-generated content; frontier AI's safety protocols. */
  assert_tagged ("Results", "The draft regulation requires platforms to label AI-generated content.",
                 "ai-governance censorship");
  assert_tagged ("Results", "The act covers frontier artificial intelligence. Developers must publish safety protocols.",
                 "ai-safety");

  /* What minerals are for, and a phone's processor named by its brand,
   * are no chip news. */
  assert_tagged ("نتائج", "تعد هذه المعادن أساسية لقطاعي الدفاع وصناعة الرقائق.", "");
  assert_tagged ("نتائج", "سيأتي الهاتف بمعالج جديد، وقد يكون معالج Exynos 2600.", "samsung");

  /* Words the catalogue lacked: open weights in the singular, investment
   * restricted in the accusative. */
  assert_tagged ("نتائج", "أطلقت الشركة نموذجا بوزن مفتوح.", "open-source-ai");
  assert_tagged ("نتائج", "فرضت واشنطن قيودا على الاستثمار في الشركات.", "investment-screening");
}

/* The eighth set's causes that are a rule for every story of their kind
 * (in sentences of their own): abuse of dominance and a distortion of
 * competition are antitrust; a limit on exports or on advanced chips is
 * export controls, as the limit on access already was. */
static void
test_eighth_set_causes (void)
{
  assert_tagged ("نتائج", "غرمت المفوضية الشركة لاستغلالها هيمنتها على سوق البحث.", "antitrust");
  assert_tagged ("Results", "The commission said the firm exploited its dominance in search.", "antitrust");
  assert_tagged ("نتائج", "قالت الهيئة إن الاتفاق أدى إلى تشويه المنافسة. وتشويه المنافسة يضر بالمستهلكين.",
                 "antitrust");
  assert_tagged ("نتائج", "تسعى واشنطن للحد من صادرات الرقائق إلى الصين.", "export-controls");
  assert_tagged ("نتائج", "تخطط الحكومة للحد من انتقال الرقائق المتقدمة إلى الصين.", "export-controls semiconductors");
  /* An order to sell with the company named between the verb and the
   * sale, as Arabic puts it. */
  assert_tagged ("نتائج", "أقر الكونغرس قانونا يجبر شركة \"بايت دانس\" على بيع التطبيق.",
                 "bytedance investment-screening");
  /* ...but a limit on emissions is nothing of it, dominance in a match
   * is no market's, and a forced sale of crops is no investment's. */
  assert_tagged ("نتائج", "أجبرت الأمطار المزارعين في القرية على بيع المحاصيل.", "");
  assert_tagged ("نتائج", "تسعى الدولة للحد من الانبعاثات الصادرة عن المصانع.", "");
  assert_tagged ("نتائج", "فرض الفريق هيمنته على المباراة.", "");
}

/* The ninth set's causes, each as a rule for every story of its kind
 * (README, issue 20's tenth round), in sentences of their own. */
static void
test_ninth_set_causes (void)
{
  /* Posts or content removed, takedown requests and shadow bans are
   * censorship in both languages; a battery removed is not. */
  assert_tagged ("Results", "The platform removed thousands of posts about the protests.", "censorship");
  assert_tagged ("نتائج", "حذفت المنصة آلاف المنشورات المؤيدة للمتظاهرين.", "censorship");
  assert_tagged ("نتائج", "قيدت الشبكة الحسابات ثم أزالت المحتوى الذي نشره الناشطون.", "censorship");
  assert_tagged ("Results", "The ministry sent takedown requests to the video site.", "censorship");
  assert_tagged ("نتائج", "استجابت الشركة لمعظم طلبات الحذف الحكومية.", "censorship");
  assert_tagged ("Results", "Creators say the app shadowbanned them for a week.", "censorship");
  assert_tagged ("نتائج", "يشكو ناشطون من الشادو بان على المنصة.", "censorship");
  assert_tagged ("Results", "The technician removed the battery from the phone.", "");

  /* Rules that require labels on AI-generated content: AI governance, and
   * the labels censorship, however the content is called. */
  assert_tagged ("Results", "New guidelines require labels on all artificial intelligence-generated images.",
                 "ai-governance censorship");
  assert_tagged ("Results", "Critics oppose the labeling of generative AI art.", "censorship");

  /* Patients' or customers' records published or leaked are a breach of
   * personal data; a company's own data leaked is still cybersecurity. */
  assert_tagged ("Hackers publish patient records from two clinics", NULL, "cybersecurity data-security");
  assert_tagged ("نتائج", "نشرت العصابة سجلات المرضى على موقع مجهول.", "data-security");
  assert_tagged ("نتائج", "حذر خبير من تسريب بيانات العميل في بعض المتاجر.", "cybersecurity data-security");

  /* OFAC is about sanctions and nothing else; the Chinese
   * Military-Industrial Complex list bars investment. */
  assert_tagged ("Results", "OFAC designated two shipping firms on Tuesday.", "ofac sanctions");
  assert_tagged ("نتائج", "أعلن مكتب مراقبة الأصول الأجنبية إجراءات جديدة.", "ofac sanctions");
  assert_tagged ("Results", "The firm was put on the Chinese Military-Industrial Complex list.",
                 "investment-screening");

  /* The FTC vouches for a weak Amazon; the Arabic AI Office beside the EU
   * is the EU's, and alone it is any office. */
  assert_tagged ("Results", "The FTC said Amazon misled shoppers.", "amazon ftc");
  assert_tagged ("نتائج", "قال الاتحاد الأوروبي إن مكتب الذكاء الاصطناعي سيبدأ عمله.", "eu-ai-office");
  assert_tagged ("نتائج", "افتتحت الجامعة مكتب الذكاء الاصطناعي للطلاب.", "");
  /* A weak name listed among companies is the company; the iPhone in
   * two words. */
  assert_tagged ("نتائج", "لن تدفع شركات مثل أبل أي رسوم.", "apple");
  assert_tagged ("نتائج", "يأتي الهاتف بتصميم مشابه لآي فون.", "apple");

  /* A phone's spec sheet is no chip or telecom news: a GPU beside a
   * phone chip's brand, a chip named by its brand, a participle in the
   * accusative without its mark, a device that supports 5G. A chip shot
   * is golf's. */
  assert_tagged ("جاء الطراز الجديد مزودا بمعالجات حديثة", NULL, "");
  assert_tagged ("نتائج", "يأتي الجهاز اللوحي بمعالج Exynos 2400 مع معالج رسوميات جديد.", "samsung");
  assert_tagged ("شريحة A18 Bionic في الهاتف الجديد", NULL, "");
  assert_tagged ("نتائج", "أطلقت الشركة هاتفها الداعم لاتصالات الجيل الخامس.", "");
  assert_tagged ("Results", "The phone supports 5G and has a larger screen.", "");
  /* An analyst's field is the analyst's, not the story's. */
  assert_tagged ("نتائج", "قال محلل الاتصالات إن هاتف هواوي الجديد لافت.", "huawei");
  assert_tagged ("The chip that won the tournament", "His chip shot rolled into the cup.", "");

  /* The competition commissioner is antitrust; localising an industry is
   * industrial policy; controlling exports, or an is-informed letter, is
   * export controls; alignment evaluations and jailbreaking are AI
   * safety. */
  assert_tagged ("نتائج", "قالت مفوضة شؤون المنافسة إن الشركة أضرت بالمستهلكين.", "antitrust");
  assert_tagged ("Results", "The competition commissioner fined the company.", "antitrust");
  assert_tagged ("نتائج", "تسعى المملكة إلى توطين هذه الصناعة خلال عشر سنوات.", "industrial-policy");
  assert_tagged ("Results", "India wants to localise chip production by 2030.", "industrial-policy semiconductors");
  assert_tagged ("Results", "Washington is controlling GPU exports to China.", "export-controls");
  assert_tagged ("Results", "The firm received an is-informed letter about its GPUs.", "export-controls");
  assert_tagged ("Results", "The labs ran alignment evaluations and jailbreaking tests.", "ai-safety");
}

/* Keywords by their forms: each keyword of a topic (or rule term) matches
 * the forms the press writes it in, generated from it, and no other word
 * that only looks like one. Each story holds one form, in its headline. */
static void
test_word_forms (void)
{
  static const struct {
    const char *slug;
    const char *keyword;   /* as the catalogue lists it */
    const char *forms[6];
    const char *unlike[3];
  } table[] = {
    /* Form VIII: the past, the future, the participle, the plural, a
     * pronoun after the verb. */
    { "cybersecurity", "اختراق",
      { "مجهول اخترق شبكة الشركة", "مجهولون سيخترقون الخوادم", "حساب مخترق في المصرف",
        "اختراقات متكررة للحسابات", "اخترقها مجهول الأسبوع الماضي", NULL },
      /* an invention is no breach */
      { "اختراع جديد في المصرف", NULL } },
    /* A broken plural's singular, with the accusative's alef and the
     * dual's ending. */
    { "cybersecurity", "قراصنة",
      { "قرصان يسرب الملفات", "اعتقلت الشرطة قرصانا", "اعتقال قرصانين في المدينة", NULL },
      { NULL } },
    /* The taa marbuta before a pronoun. */
    { "data-security", "الخصوصية",
      { "تطبيق ينتهك خصوصيتهم", NULL },
      { NULL } },
    /* Form I: the present and the passive participle of a noun that is
     * its own past. */
    { "censorship", "حجب",
      { "السلطات تحجب المنصة", "موقع محجوب في البلاد", NULL },
      { NULL } },
    /* A word of two letters takes no ending: شحن (shipping) is no شح
     * (shortage). A فعلة's bare past is not made: الثغر is a port, not
     * a ثغرة. Form II's verbs are other words: يصدر issues. */
    { "supply-chains", "شح",
      { NULL },
      { "شحن البضائع بحرا", NULL } },
    { "cybersecurity", "ثغرة",
      { "ثغرتها في النظام", NULL },
      { "زيارة رسمية إلى الثغر", NULL } },
    { "export-controls", "تصدير",
      { NULL },
      { "الرئيس يصدر مرسوما بشأن الرقائق", NULL } },
    /* English: the plural, and -ies; not -ed, whose verb is another word
     * (a grant; granted). */
    { "censorship", "watermark",
      { "Platforms must add watermarks", NULL },
      { NULL } },
    { "ai-governance", "algorithm registry",
      { "Algorithm registries expand", NULL },
      { NULL } },
    { "industrial-policy", "grant",
      { NULL },
      { "The court granted the request", NULL } },
  };

  for (guint t = 0; t < G_N_ELEMENTS (table); t++)
    {
      for (guint f = 0; table[t].forms[f] != NULL; f++)
        {
          g_autofree char *tags = tag_story (tagger, table[t].forms[f], NULL);

          if (!has_tag (tags, table[t].slug))
            g_test_message ("%s: \"%s\" missed (%s)", table[t].keyword, table[t].forms[f], tags);
          g_assert_true (has_tag (tags, table[t].slug));
        }
      for (guint u = 0; table[t].unlike[u] != NULL; u++)
        {
          g_autofree char *tags = tag_story (tagger, table[t].unlike[u], NULL);

          if (has_tag (tags, table[t].slug))
            g_test_message ("%s: \"%s\" matched", table[t].keyword, table[t].unlike[u]);
          g_assert_false (has_tag (tags, table[t].slug));
        }
    }
}

static void
test_tenth_set_causes (void)
{
  /* A telecom word in a company's name or epithet says what the company
   * is, not what the story is about: a country's telecom operator, the
   * biggest maker or supplier of telecom gear. */
  assert_tagged ("نتائج", "وقعت هواوي اتفاقا مع مصر للاتصالات لبناء مركز بيانات.", "ai-compute huawei");
  assert_tagged ("نتائج", "أعلنت هواوي، أكبر مورد لمعدات الاتصالات في العالم، عن شريحة للذكاء الاصطناعي.",
                 "ai-compute huawei");
  assert_tagged ("Results", "The telecom equipment maker Huawei posted higher phone sales.", "huawei");

  /* Penalties under competition law are antitrust, not sanctions, and
   * bid rigging is antitrust in both languages. */
  assert_tagged ("نتائج", "فرض مجلس المنافسة عقوبات مالية على الشركات، وقرر معاقبة المخالفين.", "antitrust");
  assert_tagged ("Results", "The competition authority imposed sanctions on the firms, and sanctions on two executives.",
                 "antitrust");
  assert_tagged ("Results", "Prosecutors charged three firms with bid rigging on road contracts.", "antitrust");
  assert_tagged ("نتائج", "أدانت المحكمة الشركات بالتواطؤ في المناقصات الحكومية.", "antitrust");

  /* China's unreliable entity list punishes firms for what they did:
   * sanctions, and its name holds no Entity List. */
  assert_tagged ("نتائج", "أضافت بكين شركتين إلى قائمة الكيانات غير الموثوقة.", "sanctions");
  assert_tagged ("Results", "China put two US drone makers on its unreliable entity list.", "sanctions");

  /* Investors barred from buying a company's shares: an investment ban. */
  assert_tagged ("Results", "The order bars American investors from buying shares in the listed companies.",
                 "investment-screening");
  assert_tagged ("نتائج", "يمنع القرار المستثمرين الأمريكيين من شراء أسهم هذه الشركات.", "investment-screening");

  /* مكونات alone is as often a dish's ingredients as a machine's parts:
   * a food export ban files nothing. Chips named after a mineral in the
   * same sentence, however far, are what the measure answered. */
  assert_tagged ("نتائج", "حظرت الحكومة تصدير الأرز لأنه من مكونات الغذاء الأساسية.", "");
  assert_tagged ("نتائج",
                 "حظرت الصين تصدير الغاليوم إلى الولايات المتحدة، وذلك بعد أيام من حملة أمريكية واسعة على قطاع أشباه الموصلات في الصين.",
                 "critical-minerals export-controls");

  /* A cybersecurity council or centre is an agency's name, not a hack. */
  assert_tagged ("نتائج", "أطلق مجلس الأمن السيبراني حملة توعية، وعقد مجلس الأمن السيبراني ورشة للطلاب.", "");
  assert_tagged ("Results", "The Cyber Security Centre opened an office; the Cyber Security Centre hired staff.", "");

  /* Accounts and pages removed, influence operations: censorship. */
  assert_tagged ("Results", "The platform removed hundreds of accounts linked to the campaign.", "censorship");
  assert_tagged ("نتائج", "أزالت المنصة مئات الحسابات المرتبطة بالحملة.", "censorship");
  assert_tagged ("Results", "Researchers traced the influence operation to a marketing firm.", "censorship");
  assert_tagged ("نتائج", "كشف الباحثون عن حملة تأثير تديرها شركة تسويق.", "censorship");

  /* A cluster of anything else is no computing cluster. */
  assert_tagged ("Results", "Police broke up a cluster of fake shops and another cluster of scam sites.", "");

  /* Data brokers, location data, personal data sold; a leak offered for
   * sale is the buyer's market, not a hack. */
  assert_tagged ("Results", "Regulators fined a data broker over the sale of location data.", "data-security");
  assert_tagged ("نتائج", "عرض مجهولون بيانات العملاء للبيع على الإنترنت.", "data-security");
  assert_tagged ("نتائج", "حذرت الهيئة من تسريب بيانات العملاء وبيعها.", "data-security");

  /* AI out of human control is AI safety. */
  assert_tagged ("نتائج", "حذر الباحث من أنظمة الذكاء الاصطناعي الخارجة عن السيطرة.", "ai-safety");
  assert_tagged ("Results", "The spy chief warned of rogue AI.", "ai-safety");

  /* A state cutting reliance on foreign technology: self-sufficiency. */
  assert_tagged ("Results", "Beijing wants to reduce reliance on foreign chips.", "industrial-policy");
  assert_tagged ("نتائج", "تسعى الحكومة إلى تقليل الاعتماد على التكنولوجيا المستوردة.", "industrial-policy");

  /* Supply chains brought home; plants idled or shut. */
  assert_tagged ("نتائج", "سيستغرق الأمر وقتا لإعادة سلاسل التوريد إلى الوطن، كما يقول صانعو الرقائق.",
                 "supply-chains");
  assert_tagged ("Results", "Plants could be idled by July, and two factories were shut down.", "supply-chains");

  /* تتبع alone is also "follows". */
  assert_tagged ("نتائج", "تراجعت مبيعات فورد، تتبعها جنرال موتورز، وتتبعها شيفروليه.", "");

  /* Trade disputes suspended: a truce. */
  assert_tagged ("نتائج", "اتفق البلدان على تعليق النزاعات الاقتصادية والتجارية لمدة عام.", "trade-tariffs");

  /* Names: AMD spelled with إي, SMIC's name in Arabic order, a nickname
   * that is another company's name, Ascend by its model number beside
   * Huawei, the Entity List as لائحة, a Latin name glued to an Arabic
   * word that lost its space, Gemma, the A100 beside a chip word. */
  assert_tagged ("نتائج", "أعلنت إي إم دي عن معالج جديد.", "amd semiconductors");
  assert_tagged ("نتائج", "تعد شركة تصنيع أشباه الموصلات الدولية أكبر مصنع للرقائق في البلاد.", "semiconductors smic");
  assert_tagged ("نتائج", "أطلقت أبل الشرق هاتفا جديدا، وهي شاومي المنافسة لسامسونج.", "samsung xiaomi");
  assert_tagged ("نتائج", "بدأت هواوي شحن رقائق 910C إلى العملاء.", "huawei huawei-ascend semiconductors");
  assert_tagged ("نتائج", "أضافت وزارة التجارة 12 شركة إلى لائحة الكيانات.", "export-controls us-commerce");
  assert_tagged ("نتائج", "قال الرئيس التنفيذي لشركةIntel إن الأزمة ستطول.", "intel");
  assert_tagged ("Results", "Gemma 3 is an open model that runs on a laptop.", "google");
  assert_tagged ("نتائج", "باعت الشركة رقائق A100 للعملاء في الصين.", "ai-compute");
}

static void
test_arabic_vocabulary (void)
{
  /* One pass over each topic's Arabic words against real articles of
   * Gulf, Egyptian, Levantine and Maghrebi outlets: the words their
   * writers use that the catalogue lacked. Competition law's dominance
   * and restraint of competition. */
  assert_tagged ("نتائج", "اتهم الجهاز الشركة باستغلال الوضع المسيطر في سوق الأسمنت.", "antitrust");
  assert_tagged ("نتائج", "حذر الجهاز من تقييد المنافسة، وقال إن تقييد المنافسة يضر المستهلك.", "antitrust");
  /* Ransomware as the press writes it, denial of service (no censorship:
   * حجب here is the attack's), phishing said twice. */
  assert_tagged ("نتائج", "أصاب فيروس الفدية أجهزة المستشفى.", "cybersecurity");
  assert_tagged ("نتائج", "تعرض الموقع لهجوم حجب الخدمة.", "cybersecurity");
  assert_tagged ("نتائج", "انتشرت رسائل التصيد، وحذر الخبراء من التصيد الاحتيالي.", "cybersecurity");
  /* The Great Firewall's other name, a state banning social media,
   * accounts restricted under community standards. */
  assert_tagged ("نتائج", "يعمل الجدار الناري العظيم على منع المواقع الأجنبية.", "censorship");
  assert_tagged ("نتائج", "فرضت الحكومة حظر وسائل التواصل الاجتماعي لمدة أسبوع.", "censorship");
  assert_tagged ("نتائج", "اشتكى صناع المحتوى من تقييد الحسابات ومن مخالفة معايير المجتمع.", "censorship");
  /* The data trade and electronic tracking. */
  assert_tagged ("نتائج", "تزدهر تجارة البيانات، ويقلق الخبراء من التتبع الإلكتروني.", "data-security");
  /* Secondary sanctions, the SDN list in Arabic. */
  assert_tagged ("نتائج", "تخشى البنوك عقوبات ثانوية.", "sanctions");
  assert_tagged ("نتائج", "أضيف اسمه إلى قائمة الأشخاص المحددين.", "sanctions");
  /* A fab; شريحة as a segment of people or a loan's tranche is no chip. */
  assert_tagged ("نتائج", "افتتحت الشركة مصنع أشباه الموصلات في أريزونا.", "semiconductors");
  assert_tagged ("نتائج", "تستهدف الحملة شريحة عريضة، وشريحة عريضة.", "");
  assert_tagged ("نتائج", "رفعت الحكومة الشرائح الضريبية، وعدلت الشرائح الضريبية للأفراد.", "");
  assert_tagged ("نتائج", "يستفيد من الدعم شرائح الدخل المحدود، وشرائح الدخل المتوسط.", "");
  assert_tagged ("نتائج", "وافق الصندوق على صرف الشريحة الخامسة من القرض، وهي أكبر الشرائح.", "");
  /* Computing power, 4G and fibre, a tariff war, third countries, a red
   * team, the EU's act in Arabic word order. */
  assert_tagged ("نتائج", "تحتاج النماذج إلى الطاقة الحاسوبية، والطاقة الحاسوبية مكلفة.", "ai-compute");
  assert_tagged ("نتائج", "أطلقت الشركة شبكات الجيل الرابع ومدت الألياف الضوئية.", "telecom-5g");
  assert_tagged ("نتائج", "تصاعدت حرب الرسوم بين البلدين.", "trade-tariffs");
  assert_tagged ("نتائج", "وصلت الرقائق إلى الصين عبر دول ثالثة، ثم عبر دول وسيطة أخرى.", "chip-smuggling");
  assert_tagged ("نتائج", "استعان المختبر بالفريق الأحمر لاختبار النموذج.", "ai-safety");
  assert_tagged ("نتائج", "دخل قانون الاتحاد الأوروبي للذكاء الاصطناعي حيز التنفيذ.", "ai-governance");
  /* Egypt's deepening of local manufacturing, local content, cutting
   * reliance on imports; CFIUS under another Arabic name. */
  assert_tagged ("نتائج", "تعمل الوزارة على تعميق التصنيع المحلي.", "industrial-policy");
  assert_tagged ("نتائج", "رفعت الحكومة نسبة المكون المحلي، وتطالب بزيادة المكون المحلي.", "industrial-policy");
  assert_tagged ("نتائج", "تسعى الدولة إلى تقليل الاعتماد على الاستيراد.", "industrial-policy");
  assert_tagged ("نتائج", "راجعت لجنة الاستثمارات الخارجية الصفقة.", "cfius investment-screening");
}

static void
test_eleventh_set_causes (void)
{
  /* A capability an AI model is tested for is the evaluation's subject:
   * cyberattacks listed beside biological, chemical or CBRN weapons are
   * a catastrophic-risk category, not a story about cybersecurity. */
  assert_tagged ("Results",
                 "Evaluators test each model for dangerous capabilities, such as uplift for biological weapons or autonomous cyberattacks.",
                 "ai-safety");
  assert_tagged ("Results", "The framework asks whether a system could help build CBRN weapons or mount cyber threats.", "");
  assert_tagged ("نتائج", "تقيس الاختبارات قدرة النماذج على المساعدة في تطوير أسلحة بيولوجية أو تنفيذ هجمات سيبرانية.",
                 "");

  /* AI that makes pandemics likelier is AI safety's misuse risk. */
  assert_tagged ("Results", "Experts warn that AI could make engineered pandemics more likely.", "ai-safety");
  assert_tagged ("نتائج", "حذر الخبراء من أن الذكاء الاصطناعي قد يجعل الأوبئة أكثر احتمالا.", "ai-safety");

  /* ثغرات in rules or policies are loopholes, not vulnerabilities. */
  assert_tagged ("نتائج", "انتقد النواب ثغرات في اللوائح، وطالبوا بسد ثغرات القوانين.", "");

  /* A field's name in a company's epithet describes the company. */
  assert_tagged ("Results", "A cybersecurity firm and a cybersecurity company both sponsored the league.", "");

  /* A state's access to users' data, or data leaking to a government,
   * is data protection, not a hack. */
  assert_tagged ("Results", "Officials fear the app could give the Chinese government access to user data.", "data-security");
  assert_tagged ("نتائج", "يخشى المسؤولون تسرب البيانات إلى الحكومة الصينية.", "data-security");

  /* A telecom regulator's name is no telecom news, nor are telecom users
   * threatened by ransomware. */
  assert_tagged ("نتائج", "حذر جهاز تنظيم الاتصالات من فيروس الفدية، وقالت هيئة تنظيم الاتصالات إنه يشفر الملفات.",
                 "cybersecurity");
  assert_tagged ("فيروس الفدية يهدد مستخدمي الاتصالات", "أصاب البرنامج أجهزة كثيرة.", "cybersecurity");
  assert_tagged ("Results", "The telecom regulator warned of phishing texts; the telecom regulator said fines will follow.",
                 "cybersecurity");

  /* Trade talks named as where a measure is a lever are its background;
   * tariffs in a list of practice areas are a firm's services. */
  assert_tagged ("Results", "Analysts see the drone rules as a bargaining chip in trade talks.", "");
  assert_tagged ("نتائج", "يرى المحللون أن القيود ورقة ضغط في المحادثات التجارية.", "");
  assert_tagged ("Results", "Our lawyers advise on tariffs, classification, valuation and anti-dumping cases.", "");

  /* Stability beside supply chains in a list of concerns is not their
   * stability; the stability of supply chains still is. */
  assert_tagged ("Results", "Buyers of AI software weigh legal compliance, geopolitical stability, supply chain resilience and maintenance costs.",
                 "");
  assert_tagged ("Results", "The ministry acted to ensure the stability of global supply chains for chips.", "supply-chains");

  /* Memory scarce or its prices up, inputs depended on, production that
   * restrictions disrupt: supply chains. */
  assert_tagged ("Results", "Memory chip scarcity and a DRAM shortage hit smartphone makers.",
                 "semiconductors supply-chains");
  assert_tagged ("Results", "AI data centres now absorb most DRAM and NAND supply, and memory prices doubled.",
                 "ai-compute semiconductors supply-chains");
  assert_tagged ("Results", "Memory prices fell last year and memory chip prices rebounded this quarter.", "semiconductors");
  assert_tagged ("Results", "Carmakers are dependent on these magnets, and factories are reliant on imported components.",
                 "supply-chains");
  assert_tagged ("Results", "Export restrictions could disrupt production at factories.", "supply-chains");

  /* China's IC fund by its Arabic name and the finance ministry's
   * stake: industrial policy. */
  assert_tagged ("نتائج", "ضخ صندوق استثمار الدوائر المتكاملة أموالا جديدة.", "industrial-policy semiconductors");
  assert_tagged ("نتائج", "تملك وزارة المالية حصة تبلغ 17 في المئة من الصندوق.", "industrial-policy");

  /* A law that makes a use of AI a crime is AI governance. */
  assert_tagged ("Results", "The new law criminalizes sharing deepfakes made without consent.", "ai-governance censorship");
  assert_tagged ("نتائج", "أقر البرلمان قانونا جديدا يجرم استخدام الذكاء الاصطناعي في التزييف العميق.",
                 "ai-governance censorship");

  /* Data sent abroad, exports of data: cross-border data. */
  assert_tagged ("Results", "Firms may now send data abroad without review, and exports of data for payroll are exempt.",
                 "cross-border-data");

  /* Diversion that due diligence prevents is smuggling; chips or servers
   * smuggled are a breach of export controls. */
  assert_tagged ("Results", "The rule asks foundries to vet customers to prevent diversion of advanced chips.",
                 "chip-smuggling semiconductors");
  assert_tagged ("Results", "Hospitals are diverting patients after the outage; ambulances are diverting too.", "");
  assert_tagged ("Firm smuggled servers to China", "Prosecutors say the firm was illegally diverting AI servers.",
                 "ai-compute chip-smuggling export-controls");

  /* A blacklisting beside sanctions is the Treasury's: no export control. */
  assert_tagged ("نتائج",
                 "فرضت واشنطن عقوبات على شركتين في الصين، وقد يتعرض من يتعامل معهما للعقوبات أو للإدراج في القائمة السوداء الأمريكية.",
                 "sanctions");

  /* A phone's GPU by its brand is its spec sheet. */
  assert_tagged ("نتائج", "يأتي الجهاز مع معالج رسوميات من نوع Adreno 640، ويضم معالج رسوميات أدرينو 650.", "");

  /* A platform named as the place something happens is not the company:
   * apps topping the stores of Apple and Google, a brand's Facebook page. */
  assert_tagged ("نتائج", "تصدر التطبيق متجري أبل وغوغل هذا الأسبوع.", "");
  assert_tagged ("Results", "Fans can vote on the brand's Facebook page until May.", "");
  assert_tagged ("Results", "The games sat in the children's section of the Apple App Store for a year.", "");
  assert_tagged ("نتائج", "نشر النادي البيان عبر صفحته الرسمية على فيسبوك.", "");

  /* A bare وزارة التجارة that bars American companies or widens the
   * Entity List is Washington's, even where Beijing's ministry is named
   * after it (named before it, the bare one refers back to it). */
  assert_tagged ("نتائج", "في عام 2022 منعت وزارة التجارة الشركات الأمريكية من شحن المعدات إلى الصين.",
                 "us-commerce");
  assert_tagged ("نتائج", "وسعت وزارة التجارة قائمة الكيانات، وانتقدت وزارة التجارة الصينية القاعدة.",
                 "export-controls mofcom us-commerce");
  assert_tagged ("نتائج", "أضافت وزارة التجارة الصينية شركات أمريكية إلى قائمة الكيانات غير الموثوقة.",
                 "export-controls mofcom sanctions");
}

typedef struct {
  const char *slug;
  guint       seen;
  gboolean    rule;
  gboolean    learned;
  gboolean    accepted;
} TopicSeen;

static void
note_topic (guint        tag,
            const float *features,
            gboolean     rule_accepted,
            gboolean     accepted,
            gpointer     user_data)
{
  TopicSeen *seen = user_data;

  for (guint f = 0; f < DOSSIER_TOPIC_N_FEATURES; f++)
    g_assert_true (isfinite (features[f]));
  if (!g_str_equal (dossier_catalogue_get_tag (builtin, tag)->slug, seen->slug))
    return;
  seen->seen++;
  seen->rule = rule_accepted;
  seen->learned = dossier_tagger_topic_learned_accepts (tagger, tag, features);
  seen->accepted = accepted;
}

static TopicSeen
decide_topic (const char *title,
              const char *body,
              const char *slug)
{
  g_autoptr(DossierTagResult) result = dossier_tag_result_new (tagger);
  TopicSeen seen = { slug, 0, FALSE, FALSE, FALSE };

  dossier_tagger_run (tagger, title, body, result);
  dossier_tag_result_foreach_topic (result, note_topic, &seen);
  /* The topic had evidence, or the decision was never asked. */
  g_assert_cmpuint (seen.seen, ==, 1);
  /* The story is filed by the decision the table ships. */
  g_assert_cmpint (seen.accepted, ==, dossier_tagger_topic_learned_shipped () ? seen.learned
                                                                              : seen.rule);
  return seen;
}

static void
test_learned_decision (void)
{
  const char * const *names = dossier_tagger_topic_feature_names ();
  guint n_topics = 0;
  TopicSeen seen;

  /* The weights table loads: a name for each weight, and a bias of its
   * own for every topic of the catalogue (all are labelled in the sets
   * it was trained on). */
  g_assert_cmpuint (g_strv_length ((char **) names), ==, DOSSIER_TOPIC_N_FEATURES);
  for (guint t = 0; t < dossier_catalogue_get_n_tags (builtin); t++)
    if (dossier_tag_def_is_topic (dossier_catalogue_get_tag (builtin, t)))
      {
        g_assert_true (isfinite (dossier_tagger_get_topic_bias (tagger, t)));
        n_topics++;
      }
  g_assert_cmpuint (n_topics, >, 0);
  g_assert_cmpuint (dossier_tagger_get_n_learned_topics (tagger), ==, n_topics);

  /* Strong evidence in the headline, said again in the lead: filed, by
   * the learned decision as by the hand-set one. */
  seen = decide_topic ("US tightens export controls on advanced chips to China",
                       "The Commerce Department announced new export controls on sales of "
                       "advanced AI chips to China on Monday.",
                       "export-controls");
  g_assert_true (seen.learned);
  g_assert_true (seen.rule);
  g_assert_true (seen.accepted);

  /* One plain word, once, late in a story about something else: not. */
  seen = decide_topic ("Quarterly results beat forecasts",
                       "Sales rose in Europe and Asia. Margins held steady. "
                       "The chief executive mentioned privacy once.",
                       "data-security");
  g_assert_false (seen.learned);
  g_assert_false (seen.rule);
  g_assert_false (seen.accepted);
}

static void
test_fixtures (void)
{
  g_autofree char *path = test_source_path ("fixtures", "tagger", "stories.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *stories;
  guint true_pos = 0, false_pos = 0, false_neg = 0, traps = 0;
  double precision, recall;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "stories");
  g_assert_cmpuint (json_array_get_length (stories), >=, 60);

  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);
      g_auto(GStrv) entities = member_strv (story, "entities");
      g_auto(GStrv) topics = member_strv (story, "topics");
      g_auto(GStrv) never = member_strv (story, "not");
      g_autofree char *got = tag_story (tagger, json_object_get_string_member (story, "title"),
                                        json_object_get_string_member (story, "body"));
      g_auto(GStrv) found = g_strsplit (got, " ", -1);
      const char *id = json_object_get_string_member (story, "id");

      for (guint f = 0; found[f] != NULL; f++)
        {
          if (found[f][0] == '\0')
            continue;
          if (g_strv_contains ((const char * const *) entities, found[f]) ||
              g_strv_contains ((const char * const *) topics, found[f]))
            true_pos++;
          else
            {
              false_pos++;
              printf ("# %s: filed under %s, which it is not about\n", id, found[f]);
            }
        }
      for (guint k = 0; k < 2; k++)
        for (char **want = k == 0 ? entities : topics; *want != NULL; want++)
          if (!has_tag (got, *want))
            {
              false_neg++;
              printf ("# %s: missed %s\n", id, *want);
            }

      /* The traps never spring, whatever the totals. */
      for (guint n = 0; never[n] != NULL; n++)
        {
          traps++;
          if (has_tag (got, never[n]))
            g_error ("%s: filed under %s, a false-positive trap", id, never[n]);
        }
    }

  precision = (double) true_pos / MAX (true_pos + false_pos, 1);
  recall = (double) true_pos / MAX (true_pos + false_neg, 1);
  printf ("# tagger over %u stories: precision %.1f%%, recall %.1f%% (%u right, %u wrong, %u missed, %u traps held)\n",
          json_array_get_length (stories), precision * 100, recall * 100,
          true_pos, false_pos, false_neg, traps);
  g_assert_cmpfloat (precision, >=, 0.95);
  g_assert_cmpfloat (recall, >=, 0.95);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  builtin = dossier_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  tagger = dossier_tagger_new (builtin);

  g_test_add_func ("/tagger/catalogue", test_catalogue);
  g_test_add_func ("/tagger/bad-catalogue", test_bad_catalogue);
  g_test_add_func ("/tagger/boundaries", test_boundaries);
  g_test_add_func ("/tagger/proclitics", test_proclitics);
  g_test_add_func ("/tagger/arabic-letters", test_arabic_letters);
  g_test_add_func ("/tagger/topics-need-evidence", test_topics_need_evidence);
  g_test_add_func ("/tagger/why", test_why);
  g_test_add_func ("/tagger/user-alias", test_user_alias);
  g_test_add_func ("/tagger/large-catalogue", test_large_catalogue);
  g_test_add_func ("/tagger/proclitic-latin", test_proclitic_latin);
  g_test_add_func ("/tagger/weak-names", test_weak_names);
  g_test_add_func ("/tagger/spelling-variants", test_spelling_variants);
  g_test_add_func ("/tagger/catalogue-vocabulary", test_catalogue_vocabulary);
  g_test_add_func ("/tagger/described-agencies", test_described_agencies);
  g_test_add_func ("/tagger/headed-products", test_headed_products);
  g_test_add_func ("/tagger/topic-proximity", test_topic_proximity);
  g_test_add_func ("/tagger/implied-topics", test_implied_topics);
  g_test_add_func ("/tagger/arabic-keywords", test_arabic_keywords);
  g_test_add_func ("/tagger/other-meanings", test_other_meanings);
  g_test_add_func ("/tagger/more-evidence", test_more_evidence);
  g_test_add_func ("/tagger/fifth-round", test_fifth_round);
  g_test_add_func ("/tagger/scan-room", test_scan_room);
  g_test_add_func ("/tagger/story-decision", test_story_decision);
  g_test_add_func ("/tagger/seventh-set-causes", test_seventh_set_causes);
  g_test_add_func ("/tagger/word-forms", test_word_forms);
  g_test_add_func ("/tagger/eighth-set-causes", test_eighth_set_causes);
  g_test_add_func ("/tagger/ninth-set-causes", test_ninth_set_causes);
  g_test_add_func ("/tagger/tenth-set-causes", test_tenth_set_causes);
  g_test_add_func ("/tagger/arabic-vocabulary", test_arabic_vocabulary);
  g_test_add_func ("/tagger/eleventh-set-causes", test_eleventh_set_causes);
  g_test_add_func ("/tagger/learned-decision", test_learned_decision);
  g_test_add_func ("/tagger/fixtures", test_fixtures);

  status = g_test_run ();
  dossier_tagger_free (tagger);
  dossier_catalogue_unref (builtin);
  return status;
}
