/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Entities and topics in the store, on real SQLite files: the user's own
 * entities and aliases, filing stored stories again (and resuming it),
 * the counts per day, week and month, related tags, and the bookkeeping
 * when stories go. */

#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-util.h"

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        feed;
} Fixture;

#define DAY (24 * 3600)
#define T0  G_GINT64_CONSTANT (1752566400)   /* Tue 2025-07-15T08:00:00Z */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->feed = dossier_store_add_feed (f->store, "https://wire.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->store, dossier_store_close);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  dossier_store_close (f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
}

static DossierParsedItem *
story (const char *guid,
       const char *title,
       const char *body,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://wire.example/%s", guid);
  it->published = published;
  it->content = g_strdup (body);
  return it;
}

static DossierParsedFeed *
new_feed (void)
{
  DossierParsedFeed *feed = dossier_parsed_feed_new ();

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Wire");
  return feed;
}

static void
merge (Fixture *f, DossierParsedFeed *feed)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_merge_feed (f->store, f->feed, feed, T0, NULL, &error));
  g_assert_no_error (error);
}

static guint
count_filed (Fixture *f, const char *slug, gboolean topic)
{
  const char *slugs[] = { slug, NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  DossierQuery q;
  guint total = 0;

  dossier_query_init (&q);
  if (topic)
    q.topics = (GStrv) slugs;
  else
    q.entities = (GStrv) slugs;
  rows = dossier_store_query (f->store, &q, &total, &error);
  g_assert_no_error (error);
  return total;
}

static gint64
sql_int (Fixture *f, const char *sql)
{
  return test_sql_int (dossier_store_get_db (f->store), sql);
}

static guint
mentions (Fixture *f, const char *slug)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierTagInfo) info = dossier_store_get_tag (f->store, slug, &error);

  g_assert_no_error (error);
  return info->mentions;
}

/* The precomputed counts agree with the filed stories. */
static void
assert_counts_agree (Fixture *f)
{
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tags t WHERE mentions !="
                               " (SELECT count(*) FROM article_tags l WHERE l.tag_id = t.id)"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tag_days d WHERE count !="
                               " (SELECT count(*) FROM article_tags l WHERE l.tag_id = d.tag_id"
                               "  AND l.published / 86400 = d.day)"), ==, 0);
}

static gboolean
retag_needed (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean needed = FALSE;

  g_assert_true (dossier_store_retag_needed (f->store, &needed, &error));
  g_assert_no_error (error);
  return needed;
}

static void
retag (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_retag (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (retag_needed (f));
}

static const DossierArticleTag *
find_match (DossierArticle *article, const char *slug)
{
  for (guint i = 0; i < article->tag_matches->len; i++)
    {
      DossierArticleTag *match = g_ptr_array_index (article->tag_matches, i);

      if (g_str_equal (match->slug, slug))
        return match;
    }
  g_error ("“%s” was not filed under %s", article->title, slug);
}

/* ---- The user's own entities and aliases -------------------------------- */

static void
test_user_entity (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierTagInfo) info = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *slugs[] = { "globex", NULL };
  DossierQuery q;

  g_ptr_array_add (feed->items, story ("1", "Globex opens a chip plant in Ohio", "The plant makes wafers.", T0));
  g_ptr_array_add (feed->items, story ("2", "جلوبكس تفتتح مصنعاً", "قالت لجلوبكس إن المصنع جاهز.", T0 + DAY));
  g_ptr_array_add (feed->items, story ("3", "Globetrotters in Ohio", "Nothing about the company.", T0 + 2 * DAY));
  merge (f, feed);
  g_assert_false (retag_needed (f));

  g_assert_true (dossier_store_add_tag (f->store, "globex", "company", "Globex", "جلوبكس",
                                        "A maker of chips", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_add_tag_alias (f->store, "globex", "Globex", NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_add_tag_alias (f->store, "globex", "جلوبكس", NULL, FALSE, &error));
  g_assert_no_error (error);

  /* Stored stories wait for a re-tag; then both languages are filed, and
   * "Globetrotters" is not. */
  g_assert_true (retag_needed (f));
  g_assert_cmpuint (count_filed (f, "globex", FALSE), ==, 0);
  retag (f);
  g_assert_cmpuint (count_filed (f, "globex", FALSE), ==, 2);
  g_assert_cmpuint (mentions (f, "globex"), ==, 2);

  info = dossier_store_get_tag (f->store, "globex", &error);
  g_assert_no_error (error);
  g_assert_true (info->user_defined);
  g_assert_cmpstr (info->kind, ==, "company");
  g_assert_cmpstr (info->name_ar, ==, "جلوبكس");
  g_assert_cmpuint (info->aliases->len, ==, 2);
  g_assert_cmpstr (((DossierAlias *) g_ptr_array_index (info->aliases, 1))->lang, ==, "ar");

  /* Why it was filed: the Arabic alias, once in the title, once (with a
   * proclitic) in the body. */
  dossier_query_init (&q);
  q.entities = (GStrv) slugs;
  ids = dossier_store_query_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  article = dossier_store_get_article (f->store, g_array_index (ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (find_match (article, "globex")->title_count, ==, 1);
  g_assert_cmpuint (find_match (article, "globex")->body_count, ==, 1);
  g_assert_cmpstr (find_match (article, "globex")->aliases, ==, "جلوبكس");

  /* New stories are filed at ingest with no re-tag. */
  g_clear_pointer (&feed, dossier_parsed_feed_free);
  feed = new_feed ();
  g_ptr_array_add (feed->items, story ("4", "Globex raises prices", NULL, T0 + 3 * DAY));
  merge (f, feed);
  g_assert_cmpuint (count_filed (f, "globex", FALSE), ==, 3);
  g_assert_false (retag_needed (f));

  /* A rename keeps the stories; removing the entity unfiles them. */
  g_assert_true (dossier_store_edit_tag (f->store, "globex", "Globex Corp", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, dossier_tag_info_free);
  info = dossier_store_get_tag (f->store, "globex", &error);
  g_assert_cmpstr (info->name_en, ==, "Globex Corp");
  g_assert_cmpstr (info->description_en, ==, "A maker of chips");
  retag (f);
  g_assert_cmpuint (count_filed (f, "globex", FALSE), ==, 3);

  g_assert_true (dossier_store_remove_tag (f->store, "globex", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags l LEFT JOIN tags t ON t.id = l.tag_id"
                               " WHERE t.id IS NULL"), ==, 0);
  g_assert_null (dossier_store_get_tag (f->store, "globex", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  assert_counts_agree (f);
}

static void
test_user_topic (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (feed->items, story ("1", "Quantum computing funding doubles",
                                       "Quantum computing start-ups and post-quantum cryptography.", T0));
  g_ptr_array_add (feed->items, story ("2", "A market report",
                                       "One line mentions quantum computing in passing.", T0 + DAY));
  merge (f, feed);

  g_assert_true (dossier_store_add_tag (f->store, "quantum", "topic", "Quantum", "الحوسبة الكمومية",
                                        NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_add_tag_alias (f->store, "quantum", "quantum computing", NULL, FALSE, &error));
  g_assert_true (dossier_store_add_tag_alias (f->store, "quantum", "post-quantum", NULL, FALSE, &error));
  g_assert_no_error (error);
  retag (f);

  /* A topic needs evidence: the title, or more than one passing word. */
  g_assert_cmpuint (count_filed (f, "quantum", TRUE), ==, 1);
  g_assert_cmpuint (count_filed (f, "quantum", FALSE), ==, 0);

  g_autoptr(GPtrArray) topics = dossier_store_list_tags (f->store, DOSSIER_TAG_FILTER_TOPICS, &error);
  g_assert_no_error (error);
  gboolean listed = FALSE;
  for (guint i = 0; i < topics->len; i++)
    {
      DossierTagInfo *info = g_ptr_array_index (topics, i);

      g_assert_cmpstr (info->kind, ==, "topic");
      if (g_str_equal (info->slug, "quantum"))
        listed = info->user_defined && info->mentions == 1;
    }
  g_assert_true (listed);
}

static void
test_alias_on_shipped (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierTagInfo) info = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(DossierArticle) article = NULL;
  const char *slugs[] = { "nvidia", NULL };
  DossierQuery q;

  g_ptr_array_add (feed->items, story ("1", "Team Green ships a new accelerator",
                                       "Gamers cheer.", T0));
  g_ptr_array_add (feed->items, story ("2", "The H20 is back on sale", NULL, T0 + DAY));
  merge (f, feed);
  g_assert_cmpuint (count_filed (f, "nvidia", FALSE), ==, 1);
  /* H20 is Nvidia's: the product is filed and so is its maker. */
  g_assert_cmpuint (count_filed (f, "nvidia-h20", FALSE), ==, 1);

  g_assert_true (dossier_store_add_tag_alias (f->store, "nvidia", "Team Green", NULL, TRUE, &error));
  g_assert_no_error (error);
  retag (f);
  g_assert_cmpuint (count_filed (f, "nvidia", FALSE), ==, 2);

  dossier_query_init (&q);
  q.entities = (GStrv) slugs;
  ids = dossier_store_query_ids (f->store, &q, &error);
  article = dossier_store_get_article (f->store, g_array_index (ids, gint64, 1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->title, ==, "Team Green ships a new accelerator");
  g_assert_nonnull (strstr (find_match (article, "nvidia")->aliases, "Team Green"));

  /* Only the user's own aliases can be taken away; shipped tags stay. */
  g_assert_false (dossier_store_remove_tag_alias (f->store, "nvidia", "Nvidia", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_remove_tag (f->store, "nvidia", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_edit_tag (f->store, "nvidia", "NVDA", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);

  /* The user's alias survives a catalogue update: the next start finds a
   * catalogue it has not synced, with a shipped entity it no longer ships
   * and one more the user had given an alias of their own. */
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
    "UPDATE tagger_state SET value = 'an older catalogue' WHERE key = 'catalogue';"
    "INSERT INTO tags (slug, kind, name_en, name_ar) VALUES ('gone', 'company', 'Gone', 'Gone');"
    "INSERT INTO tags (slug, kind, name_en, name_ar) VALUES ('kept', 'company', 'Kept', 'Kept');"
    "INSERT INTO tag_aliases (tag_id, alias, lang) SELECT id, 'Kept Inc', 'en' FROM tags WHERE slug = 'kept';",
    NULL, NULL, NULL), ==, SQLITE_OK);
  reopen (f);
  g_assert_cmpuint (count_filed (f, "nvidia", FALSE), ==, 2);
  info = dossier_store_get_tag (f->store, "nvidia", &error);
  g_assert_no_error (error);
  g_assert_false (info->user_defined);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < info->aliases->len; i++)
      {
        DossierAlias *alias = g_ptr_array_index (info->aliases, i);

        if (g_str_equal (alias->text, "Team Green"))
          found = alias->user && alias->exact_case;
      }
    g_assert_true (found);
  }
  g_clear_pointer (&info, dossier_tag_info_free);
  g_assert_null (dossier_store_get_tag (f->store, "gone", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  info = dossier_store_get_tag (f->store, "kept", &error);
  g_assert_no_error (error);
  g_assert_true (info->user_defined);

  /* Taking the alias away unfiles the story again. */
  g_assert_true (dossier_store_remove_tag_alias (f->store, "nvidia", "Team Green", &error));
  g_assert_no_error (error);
  retag (f);
  g_assert_cmpuint (count_filed (f, "nvidia", FALSE), ==, 1);
  assert_counts_agree (f);
}

static void
test_user_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DossierStore *s = f->store;

  g_assert_false (dossier_store_add_tag (s, "Not A Slug", "company", "X", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_add_tag (s, "acme", "planet", "Acme", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_add_tag (s, "acme", "company", "", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  /* A shipped slug is taken. */
  g_assert_false (dossier_store_add_tag (s, "huawei", "company", "Huawei", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (dossier_store_add_tag (s, "acme", "company", "Acme", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_add_tag (s, "acme", "company", "Acme", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (dossier_store_edit_tag (s, "acme", "", NULL, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_add_tag_alias (s, "acme", "a", NULL, FALSE, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_add_tag_alias (s, "nobody", "Nobody", NULL, FALSE, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_remove_tag (s, "nobody", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_remove_tag_alias (s, "acme", "Acme", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* None of the failures left a transaction open or a row behind. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tags WHERE user_defined = 1"), ==, 1);
  g_assert_true (dossier_store_begin (s, &error));
  dossier_store_rollback (s);
}

/* ---- Re-tagging --------------------------------------------------------- */

static gboolean
stop_after_first (guint64 done, guint64 total, gpointer user_data)
{
  guint64 *seen = user_data;

  g_assert_cmpuint (done, <=, total);
  seen[0]++;
  seen[1] = done;
  seen[2] = total;
  return FALSE;
}

static gboolean
note_progress (guint64 done, guint64 total, gpointer user_data)
{
  guint64 *seen = user_data;

  g_assert_cmpuint (done, >=, seen[1]);
  if (seen[0] == 0)
    seen[3] = done;
  seen[0]++;
  seen[1] = done;
  seen[2] = total;
  return TRUE;
}

static void
test_retag_resumes (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;
  guint64 seen[4] = { 0, 0, 0, 0 };
  guint64 stopped_at;
  const guint n = 2500;
  gint64 huawei_before;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%u", i);
      g_autofree char *title = g_strdup_printf ("Initech report %u", i);

      g_ptr_array_add (feed->items, story (guid, title, i % 2 ? "Huawei said so." : "هواوي قالت ذلك.",
                                           T0 + (gint64) i * 600));
    }
  merge (f, feed);
  huawei_before = count_filed (f, "huawei", FALSE);
  g_assert_cmpint (huawei_before, ==, n);

  g_assert_true (dossier_store_add_tag (f->store, "initech", "company", "Initech", NULL, NULL, NULL, &error));
  g_assert_true (dossier_store_add_tag_alias (f->store, "initech", "Initech", NULL, FALSE, &error));
  g_assert_no_error (error);

  /* Stopped after the first batch: that batch is kept, newest first. */
  g_assert_false (dossier_store_retag (f->store, stop_after_first, seen, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (seen[0], ==, 1);
  g_assert_cmpuint (seen[2], ==, n);
  g_assert_cmpuint (seen[1], >, 0);
  g_assert_cmpuint (seen[1], <, n);
  g_assert_cmpuint (count_filed (f, "initech", FALSE), ==, seen[1]);
  g_assert_cmpint (sql_int (f, "SELECT min (published) FROM article_tags l JOIN tags t ON t.id = l.tag_id"
                               " WHERE t.slug = 'initech'"), >, T0 + (gint64) (n - seen[1] - 1) * 600);
  g_assert_true (retag_needed (f));
  stopped_at = seen[1];

  /* As after a crash: a new process picks up where it stopped. */
  reopen (f);
  g_assert_true (retag_needed (f));
  memset (seen, 0, sizeof seen);
  g_assert_true (dossier_store_retag (f->store, note_progress, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen[1], ==, n);
  g_assert_cmpuint (seen[2], ==, n);
  /* It went on from the stop: the first batch was not done twice. */
  g_assert_cmpuint (seen[3], >, stopped_at);
  g_assert_false (retag_needed (f));
  g_assert_cmpuint (count_filed (f, "initech", FALSE), ==, n);
  g_assert_cmpuint (count_filed (f, "huawei", FALSE), ==, huawei_before);
  g_assert_cmpuint (mentions (f, "initech"), ==, n);
  assert_counts_agree (f);

  /* Nothing changed: a second run has nothing to do. */
  memset (seen, 0, sizeof seen);
  g_assert_true (dossier_store_retag (f->store, note_progress, seen, &error));
  g_assert_cmpuint (seen[0], ==, 0);

  /* An edit during an interrupted run starts it again from the top. */
  g_assert_true (dossier_store_add_tag_alias (f->store, "initech", "إنيتك", NULL, FALSE, &error));
  memset (seen, 0, sizeof seen);
  g_assert_false (dossier_store_retag (f->store, stop_after_first, seen, &error));
  g_clear_error (&error);
  g_assert_true (dossier_store_add_tag_alias (f->store, "initech", "Initech Corp", NULL, FALSE, &error));
  g_assert_no_error (error);
  memset (seen, 0, sizeof seen);
  g_assert_true (dossier_store_retag (f->store, note_progress, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen[0], >=, 3);
  g_assert_cmpuint (count_filed (f, "initech", FALSE), ==, n);
  assert_counts_agree (f);
}

/* ---- Counts and related tags -------------------------------------------- */

static void
test_counts (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) weeks = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GPtrArray) related = NULL;
  gint64 day0 = T0 - T0 % DAY;
  DossierTagCount *c;

  /* Tue 15 July twice, Wed 16, Mon 21 (a new week), 20 August. */
  g_ptr_array_add (feed->items, story ("1", "Nvidia and Huawei", NULL, T0));
  g_ptr_array_add (feed->items, story ("2", "Nvidia and Huawei again", NULL, T0 + 3600));
  g_ptr_array_add (feed->items, story ("3", "Nvidia alone", NULL, T0 + DAY));
  g_ptr_array_add (feed->items, story ("4", "Nvidia and AMD", NULL, T0 + 6 * DAY));
  g_ptr_array_add (feed->items, story ("5", "إنفيديا وهواوي", NULL, T0 + 36 * DAY));
  merge (f, feed);

  days = dossier_store_tag_counts (f->store, "nvidia", DOSSIER_PERIOD_DAY, DOSSIER_DATE_NONE,
                                   DOSSIER_DATE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 37);
  c = &g_array_index (days, DossierTagCount, 0);
  g_assert_cmpint (c->start, ==, day0);
  g_assert_cmpuint (c->count, ==, 2);
  g_assert_cmpuint (g_array_index (days, DossierTagCount, 1).count, ==, 1);
  g_assert_cmpuint (g_array_index (days, DossierTagCount, 2).count, ==, 0);
  g_assert_cmpuint (g_array_index (days, DossierTagCount, 6).count, ==, 1);
  g_assert_cmpuint (g_array_index (days, DossierTagCount, 36).count, ==, 1);

  /* Weeks start on Monday 14 July. */
  weeks = dossier_store_tag_counts (f->store, "nvidia", DOSSIER_PERIOD_WEEK, DOSSIER_DATE_NONE,
                                    DOSSIER_DATE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, 6);
  g_assert_cmpint (g_array_index (weeks, DossierTagCount, 0).start, ==, day0 - DAY);
  g_assert_cmpuint (g_array_index (weeks, DossierTagCount, 0).count, ==, 3);
  g_assert_cmpint (g_array_index (weeks, DossierTagCount, 1).start, ==, day0 + 6 * DAY);
  g_assert_cmpuint (g_array_index (weeks, DossierTagCount, 1).count, ==, 1);
  g_assert_cmpuint (g_array_index (weeks, DossierTagCount, 2).count, ==, 0);
  g_assert_cmpuint (g_array_index (weeks, DossierTagCount, 5).count, ==, 1);

  /* Months: July and August 2025, and a window that cuts July. */
  months = dossier_store_tag_counts (f->store, "nvidia", DOSSIER_PERIOD_MONTH, DOSSIER_DATE_NONE,
                                     DOSSIER_DATE_NONE, &error);
  g_assert_cmpuint (months->len, ==, 2);
  g_assert_cmpint (g_array_index (months, DossierTagCount, 0).start, ==, G_GINT64_CONSTANT (1751328000));
  g_assert_cmpuint (g_array_index (months, DossierTagCount, 0).count, ==, 4);
  g_assert_cmpint (g_array_index (months, DossierTagCount, 1).start, ==, G_GINT64_CONSTANT (1754006400));
  g_assert_cmpuint (g_array_index (months, DossierTagCount, 1).count, ==, 1);
  g_clear_pointer (&days, g_array_unref);
  days = dossier_store_tag_counts (f->store, "nvidia", DOSSIER_PERIOD_DAY, day0 + DAY, day0 + 3 * DAY, &error);
  /* @until is not included. */
  g_assert_cmpuint (days->len, ==, 2);
  g_assert_cmpuint (g_array_index (days, DossierTagCount, 0).count, ==, 1);

  g_assert_null (dossier_store_tag_counts (f->store, "nobody", DOSSIER_PERIOD_DAY, DOSSIER_DATE_NONE,
                                           DOSSIER_DATE_NONE, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Huawei with Nvidia three times, AMD once. */
  related = dossier_store_related_tags (f->store, "nvidia", DOSSIER_DATE_NONE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (related->len, >=, 2);
  g_assert_cmpstr (((DossierTagInfo *) g_ptr_array_index (related, 0))->slug, ==, "huawei");
  g_assert_cmpuint (((DossierTagInfo *) g_ptr_array_index (related, 0))->mentions, ==, 3);
  g_assert_cmpstr (((DossierTagInfo *) g_ptr_array_index (related, 1))->slug, ==, "amd");
  g_assert_cmpuint (((DossierTagInfo *) g_ptr_array_index (related, 1))->mentions, ==, 1);
  g_clear_pointer (&related, g_ptr_array_unref);
  related = dossier_store_related_tags (f->store, "nvidia", T0 + 2 * DAY, 10, &error);
  g_assert_cmpuint (related->len, ==, 2);
  g_assert_cmpuint (((DossierTagInfo *) g_ptr_array_index (related, 0))->mentions, ==, 1);

  g_assert_cmpuint (mentions (f, "nvidia"), ==, 5);
  g_assert_cmpuint (mentions (f, "huawei"), ==, 3);
}

/* Stories going (retention, a feed removed) take their mentions along. */
static void
test_counts_follow_deletes (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = new_feed ();
  g_autoptr(GError) error = NULL;
  gint64 now = T0 + 100 * DAY;

  g_ptr_array_add (feed->items, story ("old", "Huawei long ago", NULL, T0));
  g_ptr_array_add (feed->items, story ("new", "Huawei lately", NULL, now - DAY));
  merge (f, feed);
  g_assert_cmpuint (mentions (f, "huawei"), ==, 2);

  g_assert_cmpint (dossier_store_purge (f->store, now, 30, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions (f, "huawei"), ==, 1);
  assert_counts_agree (f);

  g_assert_true (dossier_store_remove_feed (f->store, f->feed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mentions (f, "huawei"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags"), ==, 0);
  assert_counts_agree (f);
}

static char *
sql_text (Fixture *f, const char *sql)
{
  sqlite3 *db = dossier_store_get_db (f->store);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Leads count as events: the counts by tag and day agree with the rows
 * whose story leads its event. */
static void
assert_event_counts_agree (Fixture *f)
{
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tags t WHERE t.events != (SELECT count(*) FROM article_tags l"
                               " JOIN articles a ON a.id = l.article_id WHERE l.tag_id = t.id AND a.event_id IS NULL)"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tag_days d WHERE d.events != (SELECT count(*) FROM article_tags l"
                               " JOIN articles a ON a.id = l.article_id WHERE l.tag_id = d.tag_id"
                               " AND l.published / 86400 = d.day AND a.event_id IS NULL)"), ==, 0);
}

/* A refresh's batch counts its new tag rows in two statements instead of
 * the row triggers (schema 13): the counts must come out as the triggers
 * keep them, through batches that add to days already counted, a feed
 * that lists an item twice, stories changed and filed again, a re-tag and
 * a feed removed. */
static void
test_counts_batched (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) wire = new_feed ();
  g_autoptr(DossierParsedFeed) other = new_feed ();
  g_autoptr(DossierParsedFeed) later = new_feed ();
  g_autoptr(DossierParsedFeed) changed = new_feed ();
  g_autoptr(GError) error = NULL;
  gint64 second = dossier_store_add_feed (f->store, "https://other.example/feed", NULL, NULL, &error);

  g_assert_no_error (error);
  g_ptr_array_add (wire->items, story ("1", "Nvidia and Huawei race for Chinese buyers",
                                       "Nvidia said its H20 sales would resume.", T0));
  g_ptr_array_add (wire->items, story ("2", "Huawei unveils Ascend chips",
                                       "Huawei said the chips would ship next year.", T0 + 3600));
  g_ptr_array_add (wire->items, story ("3", "TSMC profits climb", "TSMC and Nvidia gained.", T0 + DAY));
  /* The same item twice, the second with other words: it replaces the
   * first in the stage, tags included. */
  g_ptr_array_add (wire->items, story ("4", "Samsung expands memory chip output", "Samsung said so.", T0 + DAY));
  g_ptr_array_add (wire->items, story ("4", "Intel expands chip output", "Intel said its chips would ship with Huawei.", T0 + DAY));
  g_ptr_array_add (other->items, story ("a", "نفيديا تستأنف مبيعات رقائق H20 إلى الصين",
                                        "قالت إنفيديا وهواوي إن المبيعات ستستأنف.", T0 + 2 * 3600));
  g_ptr_array_add (other->items, story ("b", "Nvidia shares rise", "Nvidia rose.", T0 + 2 * DAY));

  /* Two feeds in one transaction: one batch, as a refresh writes them. */
  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (dossier_store_merge_feed (f->store, f->feed, wire, T0, NULL, &error));
  g_assert_true (dossier_store_merge_feed (f->store, second, other, T0, NULL, &error));
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags"), >=, 10);
  g_assert_cmpuint (mentions (f, "intel"), ==, 1);
  g_assert_cmpuint (mentions (f, "samsung"), ==, 0);
  assert_counts_agree (f);
  assert_event_counts_agree (f);

  /* A story filed under more tags than one statement stages: its rows
   * are those the row-by-row path files when it changes a little. */
  {
    g_autoptr(DossierParsedFeed) many = new_feed ();
    g_autoptr(DossierParsedFeed) again = new_feed ();
    const char *title = "Nvidia, AMD, Intel, TSMC, Samsung, Huawei, Qualcomm, SMIC and ASML chips";
    g_autofree char *staged = NULL;
    g_autofree char *filed = NULL;

    g_ptr_array_add (many->items, story ("9", title, "The chip makers met in Taipei.", T0 + 4 * DAY));
    merge (f, many);
    staged = sql_text (f, "SELECT group_concat (tag_id || ':' || title_count || ':' || body_count, ' ')"
                          " FROM (SELECT * FROM article_tags WHERE article_id ="
                          " (SELECT id FROM articles WHERE guid = '9') ORDER BY tag_id)");
    g_ptr_array_add (again->items, story ("9", title, "The chip makers met in Taipei on Monday.", T0 + 4 * DAY));
    merge (f, again);
    filed = sql_text (f, "SELECT group_concat (tag_id || ':' || title_count || ':' || body_count, ' ')"
                         " FROM (SELECT * FROM article_tags WHERE article_id ="
                         " (SELECT id FROM articles WHERE guid = '9') ORDER BY tag_id)");
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags WHERE article_id ="
                                 " (SELECT id FROM articles WHERE guid = '9')"), >=, 9);
    g_assert_cmpstr (staged, ==, filed);
    assert_counts_agree (f);
    assert_event_counts_agree (f);
  }

  /* A second batch adds to the days and tags counted by the first. */
  g_ptr_array_add (later->items, story ("5", "Huawei and Nvidia in talks", "Nvidia and Huawei met.", T0 + 5 * 3600));
  g_ptr_array_add (later->items, story ("6", "TSMC opens a plant", "TSMC said so.", T0 + DAY + 3600));
  merge (f, later);
  assert_counts_agree (f);
  assert_event_counts_agree (f);

  /* A story changed in place is filed again by the row triggers. */
  g_ptr_array_add (changed->items, story ("1", "Nvidia alone", "Nvidia said its sales would resume.", T0));
  merge (f, changed);
  assert_counts_agree (f);
  assert_event_counts_agree (f);

  /* A re-tag after a new entity, then a feed removed. */
  g_assert_true (dossier_store_add_tag (f->store, "globex", "company", "Globex", "جلوبكس",
                                        NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_add_tag_alias (f->store, "globex", "Nvidia", NULL, FALSE, &error));
  g_assert_no_error (error);
  retag (f);
  /* The stories that write Nvidia in Latin letters: 1, 3, 5, 9 and b. */
  g_assert_cmpuint (mentions (f, "globex"), ==, 5);
  assert_counts_agree (f);
  assert_event_counts_agree (f);

  g_assert_true (dossier_store_remove_feed (f->store, second, &error));
  g_assert_no_error (error);
  assert_counts_agree (f);
  assert_event_counts_agree (f);
  g_assert_true (dossier_store_remove_feed (f->store, f->feed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tags WHERE mentions != 0 OR events != 0"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tag_days WHERE count != 0 OR events != 0"), ==, 0);
}

/* Filing stored stories from nothing (after an upgrade, or when the
 * catalogue changed) counts the new rows a batch at a time rather than
 * by the row triggers: the counts by tag and day come out as the
 * triggers kept them, for stories that follow an event and for days
 * before 1970. */
static void
test_retag_counts_batched (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) wire = new_feed ();
  g_autofree char *tags_before = NULL;
  g_autofree char *days_before = NULL;
  g_autofree char *tags_after = NULL;
  g_autofree char *days_after = NULL;
  static const char *tags_sql =
    "SELECT group_concat (slug || ':' || mentions || ':' || events, ' ')"
    " FROM (SELECT * FROM tags WHERE mentions > 0 ORDER BY slug)";
  static const char *days_sql =
    "SELECT group_concat (tag_id || ':' || day || ':' || count || ':' || events, ' ')"
    " FROM (SELECT * FROM tag_days WHERE count > 0 ORDER BY tag_id, day)";

  g_ptr_array_add (wire->items, story ("1", "Nvidia and Huawei race for Chinese buyers",
                                       "Nvidia said its H20 sales would resume.", T0));
  g_ptr_array_add (wire->items, story ("2", "Nvidia resumes H20 sales to China",
                                       "Huawei and Nvidia compete.", T0 + 600));
  g_ptr_array_add (wire->items, story ("3", "TSMC profits climb", "TSMC and Nvidia gained.", T0 + DAY));
  g_ptr_array_add (wire->items, story ("4", "Huawei unveils Ascend chips",
                                       "Huawei said the chips would ship.", -10 * DAY));
  g_ptr_array_add (wire->items, story ("5", "سامسونج توسع إنتاج رقائق الذاكرة",
                                       "قالت سامسونج وإنفيديا ذلك.", -10 * DAY + 3600));
  merge (f, wire);
  /* Story 2 follows story 1's event: its rows are mentions, not events. */
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
                                 "UPDATE articles SET event_id = (SELECT id FROM articles WHERE guid = '1')"
                                 " WHERE guid = '2' AND event_id IS NULL"
                                 " AND (SELECT event_id FROM articles WHERE guid = '1') IS NULL",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE event_id IS NOT NULL"), >=, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags WHERE published < 0"), >=, 3);
  assert_counts_agree (f);
  assert_event_counts_agree (f);
  tags_before = sql_text (f, tags_sql);
  days_before = sql_text (f, days_sql);

  /* As an older Dossier left them: stored, and filed under nothing. */
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
                                 "DELETE FROM article_tags;"
                                 "DELETE FROM tagger_state WHERE key IN ('tagged_with', 'retag_next', 'retag_target');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM tags WHERE mentions != 0 OR events != 0"), ==, 0);
  reopen (f);
  g_assert_true (retag_needed (f));
  retag (f);

  tags_after = sql_text (f, tags_sql);
  days_after = sql_text (f, days_sql);
  g_assert_cmpstr (tags_after, ==, tags_before);
  g_assert_cmpstr (days_after, ==, days_before);
  assert_counts_agree (f);
  assert_event_counts_agree (f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tags/user-entity", test_user_entity);
  ADD ("/tags/user-topic", test_user_topic);
  ADD ("/tags/alias-on-shipped", test_alias_on_shipped);
  ADD ("/tags/user-errors", test_user_errors);
  ADD ("/tags/retag-resumes", test_retag_resumes);
  ADD ("/tags/counts", test_counts);
  ADD ("/tags/counts-follow-deletes", test_counts_follow_deletes);
  ADD ("/tags/counts-batched", test_counts_batched);
  ADD ("/tags/retag-counts-batched", test_retag_counts_batched);

  return g_test_run ();
}
