/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The first run's content, as shipped in data/: the offline sample feeds
 * parse cleanly, subscribe and refresh from file:// into a real database,
 * are filed as the entity panels expect and survive retention; the curated
 * OPML is well formed and in its folders. */

#include <gio/gio.h>
#include <locale.h>
#include <glib/gi18n.h>
#include <string.h>

#include "config.h"
#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-i18n.h"
#include "dossier-opml.h"
#include "dossier-parser.h"
#include "dossier-refresh.h"
#include "dossier-samples-private.h"
#include "dossier-store.h"
#include "test-util.h"

#define N_SAMPLE_STORIES 47
#define YEAR_2025        G_GINT64_CONSTANT (1735689600)   /* 2025-01-01T00:00:00Z */
#define YEAR_2026        G_GINT64_CONSTANT (1767225600)   /* 2026-01-01T00:00:00Z */
#define DAY              (24 * 3600)
#define DESIGN_STORY     "https://example.org/dossier-samples/ar/2025/08/nvidia-returns-to-china"

typedef struct {
  const char        *file;
  DossierFeedFormat  format;
  guint              items;
  const char        *language;
  const char        *title_prefix;
} SampleFeed;

/* Sorted as dossier_samples_list_feeds () sorts them. */
static const SampleFeed sample_feeds[] = {
  { "arabic-tech-policy.xml", DOSSIER_FEED_FORMAT_RSS20,  17, "ar", "عينات دوسييه" },
  { "policy-briefings.atom",  DOSSIER_FEED_FORMAT_ATOM10,  8, "en", "Dossier Samples" },
  { "tech-policy-wire.xml",   DOSSIER_FEED_FORMAT_RSS20,  22, "en", "Dossier Samples" },
};

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
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
collect_result (const DossierRefreshResult *result,
                gpointer                    user_data)
{
  GArray *statuses = user_data;

  if (result->status == DOSSIER_REFRESH_FAILED || result->status == DOSSIER_REFRESH_GONE)
    g_test_message ("%s: %s", result->url, result->message);
  g_array_append_val (statuses, result->status);
}

/* Refreshes every feed of the store; returns the new stories. */
static guint
refresh_all (Fixture  *f,
             GArray  **statuses_out)
{
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autoptr(GArray) ids = dossier_store_due_feeds (f->store, G_MAXINT64, NULL);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (DossierRefreshStatus));
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  g_assert_nonnull (ids);
  g_assert_true (dossier_refresh_feeds (f->store, fetcher, ids, NULL, collect_result, statuses, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (statuses->len, ==, ids->len);
  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < feeds->len; i++)
    total += ((DossierFeedInfo *) g_ptr_array_index (feeds, i))->article_count;
  if (statuses_out != NULL)
    *statuses_out = g_steal_pointer (&statuses);
  return total;
}

static guint
count_stories (Fixture *f)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  DossierQuery q;
  guint total = 0;

  dossier_query_init (&q);
  q.limit = 1;
  rows = dossier_store_query (f->store, &q, &total, &error);
  g_assert_no_error (error);
  return total;
}

static gboolean
strv_has (GStrv strv, const char *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

/* ---- Finding ------------------------------------------------------------ */

static void
test_find (void)
{
  g_autofree char *dir = dossier_samples_find_dir ();
  g_autofree char *opml = dossier_samples_find_recommended ();
  const char *source = g_getenv ("DOSSIER_SOURCE_DATADIR");
  g_autofree char *expected = g_build_filename (source, "samples", NULL);
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GError) error = NULL;

  /* The tests run uninstalled: the source tree's data/. */
  g_assert_cmpstr (dir, ==, expected);
  g_assert_nonnull (opml);
  g_assert_true (g_str_has_prefix (opml, source));
  g_assert_true (g_str_has_suffix (opml, "recommended.opml"));
  g_assert_true (g_file_test (opml, G_FILE_TEST_IS_REGULAR));

  uris = dossier_samples_list_feeds (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (uris->len, ==, G_N_ELEMENTS (sample_feeds));
  for (guint i = 0; i < uris->len; i++)
    {
      const char *uri = g_ptr_array_index (uris, i);
      g_autofree char *file = g_filename_from_uri (uri, NULL, &error);
      g_autofree char *base = NULL;

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (uri, "file:///"));
      base = g_path_get_basename (file);
      g_assert_cmpstr (base, ==, sample_feeds[i].file);
      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
    }
}

/* Installed, they are looked for under the datadir only. */
static void
test_find_installed (void)
{
  g_autofree char *uninstalled = g_strdup (g_getenv ("DOSSIER_SOURCE_DATADIR"));
  g_autofree char *dir = NULL;
  g_autofree char *opml = NULL;
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (uninstalled);
  g_unsetenv ("DOSSIER_SOURCE_DATADIR");
  dir = dossier_samples_find_dir ();
  opml = dossier_samples_find_recommended ();
  uris = dossier_samples_list_feeds (&error);
  g_setenv ("DOSSIER_SOURCE_DATADIR", uninstalled, TRUE);

  if (dir != NULL)
    g_assert_true (g_str_has_prefix (dir, PKGDATADIR));
  if (opml != NULL)
    g_assert_cmpstr (opml, ==, PKGDATADIR G_DIR_SEPARATOR_S "recommended.opml");
  if (uris == NULL)
    {
      /* Not installed here: a clear error naming where it looked. */
      g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, PKGDATADIR));
    }
  else
    g_assert_true (g_str_has_prefix (g_ptr_array_index (uris, 0), "file://"));
}

/* ---- Parsing ------------------------------------------------------------ */

static void
test_parse (void)
{
  g_autoptr(GPtrArray) uris = dossier_samples_list_feeds (NULL);
  g_autoptr(GHashTable) guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint with_paragraphs = 0;

  g_assert_nonnull (uris);
  for (guint i = 0; i < uris->len; i++)
    {
      const SampleFeed *expect = &sample_feeds[i];
      g_autofree char *file = g_filename_from_uri (g_ptr_array_index (uris, i), NULL, NULL);
      g_autofree char *data = NULL;
      g_autoptr(DossierParsedFeed) feed = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      g_test_message ("%s", expect->file);
      g_assert_true (g_file_get_contents (file, &data, &length, &error));
      g_assert_no_error (error);
      feed = dossier_parse_feed (data, length, g_ptr_array_index (uris, i), NULL, &error);
      g_assert_no_error (error);
      g_assert_false (feed->recovered);
      g_assert_cmpint (feed->format, ==, expect->format);
      g_assert_cmpuint (feed->items->len, ==, expect->items);
      g_assert_cmpstr (feed->language, ==, expect->language);
      g_assert_true (g_str_has_prefix (feed->title, expect->title_prefix));
      /* They say what they are. */
      g_assert_nonnull (feed->description);
      g_assert_true (strstr (feed->description, "Dossier") != NULL ||
                     strstr (feed->description, "دوسييه") != NULL);

      for (guint j = 0; j < feed->items->len; j++)
        {
          DossierParsedItem *item = g_ptr_array_index (feed->items, j);
          const char *text = item->content != NULL ? item->content : item->summary;

          g_assert_nonnull (item->title);
          g_assert_cmpstr (item->title, !=, "");
          g_assert_nonnull (item->link);
          g_assert_true (g_str_has_prefix (item->link, "https://example.org/dossier-samples/"));
          g_assert_cmpint (item->published, >=, YEAR_2025);
          g_assert_cmpint (item->published, <, YEAR_2026);
          g_assert_nonnull (text);
          /* Plain text: the parser took the HTML away. */
          g_assert_null (strstr (text, "<p>"));
          if (strchr (text, '\n') != NULL)
            with_paragraphs++;
          g_assert_nonnull (item->guid);
          g_assert_true (g_hash_table_add (guids, g_strdup (item->guid)));
          g_assert_true (g_hash_table_add (links, g_strdup (item->link)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (guids), ==, N_SAMPLE_STORIES);
  g_test_message ("%u stories with several paragraphs", with_paragraphs);
}

/* ---- Subscribing and refreshing ----------------------------------------- */

static void
test_subscribe (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 99;

  g_assert_true (dossier_samples_subscribe (f->store, NULL, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, G_N_ELEMENTS (sample_feeds));

  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, G_N_ELEMENTS (sample_feeds));
  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);

      g_assert_cmpstr (feed->folder, ==, "Samples");   /* LANGUAGE=en */
      g_assert_cmpint (feed->retention_days, ==, DOSSIER_RETENTION_FOREVER);
      g_assert_true (g_str_has_prefix (feed->url, "file://"));
      g_assert_cmpuint (feed->article_count, ==, 0);   /* nothing fetched yet */
    }

  /* No network: the refresh reads file://. */
  g_assert_cmpuint (refresh_all (f, &statuses), ==, N_SAMPLE_STORIES);
  for (guint i = 0; i < statuses->len; i++)
    g_assert_cmpint (g_array_index (statuses, DossierRefreshStatus, i), ==, DOSSIER_REFRESH_UPDATED);
  g_assert_cmpuint (count_stories (f), ==, N_SAMPLE_STORIES);

  /* Twice adds nothing twice, in any folder, and reading them again
   * stores nothing new. */
  g_assert_true (dossier_samples_subscribe (f->store, "Elsewhere", &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 0);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_cmpuint (feeds->len, ==, G_N_ELEMENTS (sample_feeds));
  g_assert_cmpstr (((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->folder, ==, "Samples");
  g_clear_pointer (&statuses, g_array_unref);
  g_assert_cmpuint (refresh_all (f, &statuses), ==, N_SAMPLE_STORIES);
  for (guint i = 0; i < statuses->len; i++)
    g_assert_cmpint (g_array_index (statuses, DossierRefreshStatus, i), ==, DOSSIER_REFRESH_UNCHANGED);
}

static void
test_subscribe_folder (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0;

  g_assert_true (dossier_samples_subscribe (f->store, "First run/Examples", &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, G_N_ELEMENTS (sample_feeds));
  feeds = dossier_store_list_feeds (f->store, &error);
  for (guint i = 0; i < feeds->len; i++)
    g_assert_cmpstr (((DossierFeedInfo *) g_ptr_array_index (feeds, i))->folder, ==, "First run/Examples");
}

/* The story of DESIGN.md, and enough of Nvidia for a chart with a shape. */
static void
test_filed (Fixture *f, gconstpointer data)
{
  static const char * const entities[] = {
    "nvidia", "cac", "huawei", "deepseek", "alibaba", "moonshot-ai", "zhipu",
  };
  static const char * const topics[] = { "semiconductors", "export-controls", "open-source-ai" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  DossierArticle *design = NULL;
  DossierQuery q;
  guint total = 0, months = 0, nvidia = 0;

  g_assert_true (dossier_samples_subscribe (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refresh_all (f, NULL), ==, N_SAMPLE_STORIES);

  dossier_query_init (&q);
  rows = dossier_store_query (f->store, &q, &total, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      DossierArticle *a = g_ptr_array_index (rows, i);

      if (g_strcmp0 (a->link, DESIGN_STORY) == 0)
        design = a;
    }
  g_assert_nonnull (design);
  g_assert_cmpstr (design->lang, ==, "ar");
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (!strv_has (design->entities, entities[i]))
        g_test_message ("not filed under %s", entities[i]);
      g_assert_true (strv_has (design->entities, entities[i]));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      if (!strv_has (design->topics, topics[i]))
        g_test_message ("not filed under %s", topics[i]);
      g_assert_true (strv_has (design->topics, topics[i]));
    }

  counts = dossier_store_tag_counts (f->store, "nvidia", DOSSIER_PERIOD_MONTH,
                                     DOSSIER_DATE_NONE, DOSSIER_DATE_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < counts->len; i++)
    {
      DossierTagCount *c = &g_array_index (counts, DossierTagCount, i);

      nvidia += c->count;
      if (c->count > 0)
        months++;
    }
  g_test_message ("nvidia: %u stories in %u months", nvidia, months);
  g_assert_cmpuint (nvidia, >=, 12);
  g_assert_cmpuint (months, >=, 6);

  /* Every entity the DESIGN.md story names has a panel of several. */
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_auto(GStrv) one = g_strdupv ((char *[]) { (char *) entities[i], NULL });
      g_autoptr(GPtrArray) some = NULL;
      guint n = 0;

      dossier_query_init (&q);
      q.entities = one;
      q.limit = 1;
      some = dossier_store_query (f->store, &q, &n, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %u stories", entities[i], n);
      g_assert_cmpuint (n, >=, 3);
    }
}

static guint
count_search (Fixture    *f,
              const char *text)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  DossierQuery q;
  guint total = 0;

  dossier_query_init (&q);
  q.search = text;
  rows = dossier_store_query (f->store, &q, &total, &error);
  g_assert_no_error (error);
  return total;
}

/* Issue 20 counted on these stories: إنفيديا found 5 and لإنفيديا 1;
 * الصين 7 and والصين 0. Every form of a word now finds the same. */
static void
test_search_forms (Fixture *f, gconstpointer data)
{
  static const char * const forms[][4] = {
    { "إنفيديا", "لإنفيديا", "وإنفيديا", "بإنفيديا" },
    { "الصين", "والصين", "بالصين", "للصين" },
    { "هواوي", "وهواوي", "لهواوي", "فهواوي" },
    { "chip", "chips", "Chips", "CHIP" },
    { "regulate", "regulation", "regulations", "regulated" },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_samples_subscribe (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refresh_all (f, NULL), ==, N_SAMPLE_STORIES);

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      guint first = count_search (f, forms[i][0]);

      g_test_message ("%s: %u stories", forms[i][0], first);
      g_assert_cmpuint (first, >, 0);
      for (gsize j = 1; j < G_N_ELEMENTS (forms[i]); j++)
        g_assert_cmpuint (count_search (f, forms[i][j]), ==, first);
    }
}

/* Dated 2025, the samples outlive any retention; other feeds do not. */
static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) other = dossier_parsed_feed_new ();
  DossierParsedItem *old = dossier_parsed_item_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = YEAR_2026 + 400 * DAY;
  gint64 other_id;

  g_assert_true (dossier_samples_subscribe (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refresh_all (f, NULL), ==, N_SAMPLE_STORIES);

  other_id = dossier_store_add_feed (f->store, "https://wire.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);
  other->format = DOSSIER_FEED_FORMAT_RSS20;
  other->title = g_strdup ("Wire");
  old->guid = g_strdup ("old");
  old->title = g_strdup ("An old story");
  old->link = g_strdup ("https://wire.example/old");
  old->published = YEAR_2025 + 100 * DAY;
  g_ptr_array_add (other->items, old);
  g_assert_true (dossier_store_merge_feed (f->store, other_id, other, now, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (dossier_store_purge (f->store, now, 7, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (count_stories (f), ==, N_SAMPLE_STORIES);
}

/* Samples subscribed from another checkout are moved here with their
 * stories, not added twice; a file that is no sample is left alone. */
static void
test_moved (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autoptr(DossierParsedFeed) parsed = dossier_parsed_feed_new ();
  DossierParsedItem *kept = dossier_parsed_item_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sample_path = NULL;
  g_autofree char *decoy_path = NULL;
  g_autofree char *old_file = NULL;
  g_autofree char *decoy_file = NULL;
  g_autofree char *old_uri = NULL;
  g_autofree char *decoy_uri = NULL;
  g_autofree char *sample_name = NULL;
  g_autofree char *decoy_name = NULL;
  gint64 old_id, decoy_id;
  guint added = 99;

  uris = dossier_samples_list_feeds (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (uris->len, >=, 2);
  sample_path = g_filename_from_uri (g_ptr_array_index (uris, 0), NULL, NULL);
  decoy_path = g_filename_from_uri (g_ptr_array_index (uris, 1), NULL, NULL);
  sample_name = g_path_get_basename (sample_path);
  decoy_name = g_path_get_basename (decoy_path);
  old_file = g_build_filename (f->dir, "old-checkout", "data", "samples", sample_name, NULL);
  decoy_file = g_build_filename (f->dir, "elsewhere", "samples", decoy_name, NULL);
  old_uri = g_filename_to_uri (old_file, NULL, NULL);
  decoy_uri = g_filename_to_uri (decoy_file, NULL, NULL);

  /* A sample from the old place, with a story of its own. */
  old_id = dossier_store_add_feed (f->store, old_uri, NULL, "Samples", &error);
  g_assert_no_error (error);
  g_assert_true (dossier_store_set_feed_options (f->store, old_id, 0, DOSSIER_RETENTION_FOREVER, &error));
  parsed->format = DOSSIER_FEED_FORMAT_RSS20;
  parsed->title = g_strdup ("Old place");
  kept->guid = g_strdup ("kept");
  kept->title = g_strdup ("A story read from the old place");
  kept->published = YEAR_2025 + 10 * DAY;
  g_ptr_array_add (parsed->items, kept);
  g_assert_true (dossier_store_merge_feed (f->store, old_id, parsed, YEAR_2026, NULL, &error));
  g_assert_no_error (error);
  /* A file of the same name that is not kept for ever is the user's. */
  decoy_id = dossier_store_add_feed (f->store, decoy_uri, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (dossier_samples_subscribe (f->store, NULL, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, uris->len - 1);
  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, uris->len + 1);

  info = dossier_store_get_feed (f->store, old_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->url, ==, g_ptr_array_index (uris, 0));
  g_assert_cmpuint (info->article_count, ==, 1);
  g_clear_pointer (&info, dossier_feed_info_free);
  info = dossier_store_get_feed (f->store, decoy_id, &error);
  g_assert_cmpstr (info->url, ==, decoy_uri);

  /* Subscribing again changes nothing. */
  g_assert_true (dossier_samples_subscribe (f->store, NULL, &added, &error));
  g_assert_cmpuint (added, ==, 0);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_cmpuint (feeds->len, ==, uris->len + 1);
}

/* A sample file that went missing is a failed feed with its reason. */
static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->dir, "gone.xml", NULL);
  g_autofree char *uri = g_filename_to_uri (file, NULL, NULL);
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autoptr(GArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = dossier_store_add_feed (f->store, uri, NULL, "Samples", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refresh_all (f, &statuses), ==, 0);
  g_assert_cmpuint (statuses->len, ==, 1);
  g_assert_cmpint (g_array_index (statuses, DossierRefreshStatus, 0), ==, DOSSIER_REFRESH_FAILED);
  info = dossier_store_get_feed (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->status, ==, DOSSIER_FEED_STATUS_ERROR);
  g_assert_nonnull (info->last_error);
  g_assert_nonnull (strstr (info->last_error, "gone.xml"));
}

/* ---- The recommended feeds ---------------------------------------------- */

static void
test_recommended (void)
{
  static const char * const folders[] = {
    "English/News", "English/Policy and Research", "Arabic/News", "Arabic/Technology",
  };
  g_autofree char *path = dossier_samples_find_recommended ();
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) urls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  entries = dossier_opml_parse (data, length, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (entries->len, >=, 12);

  for (guint i = 0; i < entries->len; i++)
    {
      DossierOpmlEntry *entry = g_ptr_array_index (entries, i);

      g_assert_true (g_str_has_prefix (entry->url, "https://"));
      g_assert_nonnull (entry->title);
      g_assert_nonnull (entry->folder);
      g_assert_true (g_strv_contains (folders, entry->folder));
      if (!g_hash_table_add (urls, entry->url))
        g_test_message ("twice: %s", entry->url);
      g_assert_cmpuint (g_hash_table_size (urls), ==, i + 1);
      g_hash_table_add (seen_folders, entry->folder);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (folders); i++)
    g_assert_true (g_hash_table_contains (seen_folders, folders[i]));
}

static GPtrArray *
recommended_entries (gboolean localized)
{
  g_autofree char *path = dossier_samples_find_recommended ();
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  out = localized ? dossier_samples_localize_recommended (bytes, &error) : g_bytes_ref (bytes);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  entries = dossier_opml_parse (g_bytes_get_data (out, NULL), g_bytes_get_size (out), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  return entries;
}

/* Localized, the list has the same feeds with the same titles; only the
 * folders are named in the interface's language, which is @language. */
static void
check_localized (const char         *language,
                 const char * const *folders)
{
  g_autoptr(GPtrArray) plain = recommended_entries (FALSE);
  g_autoptr(GPtrArray) localized = recommended_entries (TRUE);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (localized->len, ==, plain->len);
  for (guint i = 0; i < plain->len; i++)
    {
      DossierOpmlEntry *a = g_ptr_array_index (plain, i);
      DossierOpmlEntry *b = g_ptr_array_index (localized, i);

      g_assert_cmpstr (b->url, ==, a->url);
      g_assert_cmpstr (b->title, ==, a->title);
      g_assert_true (g_strv_contains (folders, b->folder));
      g_hash_table_add (seen, b->folder);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_strv_length ((char **) folders));
  g_test_message ("folders in %s checked", language);
}

/* One Arabic spelling of the application's name, the interface's, in the
 * Arabic sample feed too, and one name for the samples' folder. */
static void
check_arabic_names (void)
{
  g_autofree char *dir = dossier_samples_find_dir ();
  g_autofree char *path = g_build_filename (dir, "arabic-tech-policy.xml", NULL);
  g_autofree char *text = NULL;
  const char *name = _("Dossier");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (name, ==, "دوسييه");
  g_assert_nonnull (strstr (text, name));
  /* Not the shorter spelling, which is no part of the longer. */
  g_assert_null (strstr (text, "دوسيه"));
  g_assert_cmpstr (_("Samples"), ==, "عينات");
}

static void
test_recommended_localized (void)
{
  static const char * const english[] = {
    "English/News", "English/Policy and Research", "Arabic/News", "Arabic/Technology", NULL,
  };
  static const char * const arabic[] = {
    "بالإنجليزية/أخبار", "بالإنجليزية/سياسات وأبحاث", "بالعربية/أخبار", "بالعربية/تقنية", NULL,
  };
  g_autoptr(GBytes) broken = g_bytes_new_static ("<opml><body><outline", 20);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;

  /* The tests run in English. */
  check_localized ("English", english);

  out = dossier_samples_localize_recommended (broken, &error);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE);
  g_assert_null (out);

  /* In Arabic, in a process of its own, as the locale is the process's. */
  if (g_test_subprocess ())
    {
      g_assert_nonnull (setlocale (LC_ALL, "ar_EG.UTF-8"));
      g_setenv ("LANGUAGE", "ar", TRUE);
      dossier_i18n_init ();
      check_localized ("Arabic", arabic);
      check_arabic_names ();
      g_print ("Arabic folders checked\n");
      return;
    }
  /* The set-up script installs the locale; without it, nothing is
   * checked and the test says so. */
  if (setlocale (LC_ALL, "ar_EG.UTF-8") == NULL)
    {
      g_test_skip ("no ar_EG.UTF-8 locale");
      return;
    }
  setlocale (LC_ALL, "");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Arabic folders checked*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/samples/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/samples/find", test_find);
  g_test_add_func ("/samples/find-installed", test_find_installed);
  g_test_add_func ("/samples/parse", test_parse);
  ADD ("subscribe", test_subscribe);
  ADD ("subscribe-folder", test_subscribe_folder);
  ADD ("filed", test_filed);
  ADD ("search-forms", test_search_forms);
  ADD ("retention", test_retention);
  ADD ("missing-file", test_missing_file);
  ADD ("moved", test_moved);
  g_test_add_func ("/samples/recommended", test_recommended);
  g_test_add_func ("/samples/recommended-localized", test_recommended_localized);

  return g_test_run ();
}
