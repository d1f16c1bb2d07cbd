/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Entity and topic panels and the compare window, in the real window under
 * Xvfb on a temporary database of fixture stories with known dates: the
 * Nvidia panel's count, chart buckets and co-mentions, moving from panel
 * to panel, the compare chart's series, exporting a filter's stories, and
 * screenshots of each in the build folder. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-chart-card.h"
#include "dossier-compare-window.h"
#include "dossier-date.h"
#include "dossier-feed-properties.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "dossier-tag-panel.h"
#include "test-window-util.h"
#include "test-gui-util.h"
#include "test-util.h"

typedef struct {
  char           *dir;
  char           *db;
  DossierContext *context;
  DossierWindow  *window;
} Fixture;

static DossierParsedItem *
story (const char *guid,
       const char *title,
       const char *body,
       const char *date)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://news.example/%s", guid);
  it->summary = g_strdup (body);
  it->published = dossier_date_parse (date);
  g_assert_cmpint (it->published, !=, DOSSIER_DATE_NONE);
  return it;
}

/* Nvidia: three stories in July 2025, one in September; with Huawei in
 * two of them, and under export controls in two. */
static void
fill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(DossierParsedFeed) en = dossier_parsed_feed_new ();
  g_autoptr(DossierParsedFeed) ar = dossier_parsed_feed_new ();
  gint64 feed_en, feed_ar;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  feed_en = dossier_store_add_feed (store, "https://wire.example/feed", NULL, NULL, &error);
  feed_ar = dossier_store_add_feed (store, "https://ar.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);

  en->format = DOSSIER_FEED_FORMAT_RSS20;
  en->title = g_strdup ("Policy Wire");
  g_ptr_array_add (en->items, story ("p1", "Nvidia and Huawei race for Chinese AI buyers",
                                     "Both companies court the same data centres.", "2025-07-07T09:00:00Z"));
  g_ptr_array_add (en->items, story ("p2", "Nvidia resumes H20 sales after export licence",
                                     "The licences ease export controls on one chip.", "2025-07-14T09:00:00Z"));
  g_ptr_array_add (en->items, story ("p3", "Huawei readies Ascend chips for new models",
                                     "The processors ship to Chinese cloud firms.", "2025-07-20T09:00:00Z"));
  g_ptr_array_add (en->items, story ("p4", "Nvidia faces new export controls",
                                     "Washington tightens export controls again.", "2025-09-03T09:00:00Z"));
  ar->format = DOSSIER_FEED_FORMAT_RSS20;
  ar->title = g_strdup ("النشرة التقنية");
  ar->language = g_strdup ("ar");
  g_ptr_array_add (ar->items, story ("a1", "إنفيديا وهواوي تتنافسان على السوق الصينية",
                                     "تسعى الشركتان إلى عملاء مراكز البيانات.", "2025-07-22T09:00:00Z"));
  g_assert_true (dossier_store_merge_feed (store, feed_en, en, now, NULL, &error));
  g_assert_true (dossier_store_merge_feed (store, feed_ar, ar, now, NULL, &error));
  g_assert_no_error (error);
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until @done, for at most 10 s, then a few frames. */
static void
wait_until (Condition     done,
            Fixture      *f,
            gconstpointer data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f, data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  for (int i = 0; i < 30; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
timeline_ready (Fixture *f, gconstpointer data)
{
  GListModel *model = test_window_timeline (f->window);

  if (test_window_is_loading (f->window))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      if (!dossier_story_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

/* The panel shows @data (a slug), read and charted. */
static gboolean
panel_shows (Fixture *f, gconstpointer data)
{
  DossierTagPanel *panel = DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window));

  return test_window_showing_panel (f->window) &&
         g_strcmp0 (dossier_tag_panel_get_slug (panel), data) == 0 &&
         !dossier_tag_panel_is_loading (panel) && dossier_tag_panel_get_name (panel) != NULL &&
         dossier_mention_chart_get_n_series (dossier_tag_panel_get_chart (panel)) > 0;
}

static gboolean
story_shown (Fixture *f, gconstpointer data)
{
  return test_window_story (f->window) != NULL;
}

static guint
timeline_length (Fixture *f)
{
  wait_until (timeline_ready, f, NULL);
  return g_list_model_get_n_items (test_window_timeline (f->window));
}

/* The chart's count for the bucket that starts at @date, or G_MAXUINT. */
static guint
count_at (DossierMentionChart *chart,
          guint                series,
          const char          *date)
{
  gint64 start = dossier_date_parse (date);

  for (guint i = 0; i < dossier_mention_chart_get_n_buckets (chart); i++)
    if (dossier_mention_chart_get_bucket_start (chart, i) == start)
      return dossier_mention_chart_get_count (chart, series, i);
  return G_MAXUINT;
}

static guint
chart_total (DossierMentionChart *chart,
             guint                series)
{
  guint total = 0;

  for (guint i = 0; i < dossier_mention_chart_get_n_buckets (chart); i++)
    total += dossier_mention_chart_get_count (chart, series, i);
  return total;
}

/* The row of @list that stands for @slug, with its subtitle, or NULL. */
static GtkListBoxRow *
find_row (GtkListBox  *list,
          const char  *slug,
          const char **subtitle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "slug"), slug) == 0)
      {
        if (subtitle != NULL)
          *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
        return GTK_LIST_BOX_ROW (child);
      }
  return NULL;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  fill (f);
  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_cmpuint (timeline_length (f), ==, 5);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_free (f->db);
  g_free (f->dir);
}

/* Choosing Nvidia shows its panel beside its stories: its names, how many
 * stories, a chart whose buckets hold the fixture's dates (widened to all
 * time by itself, as every story is older than the default half year),
 * what it is mentioned with, and the names that filed it. */
static void
test_entity_panel (Fixture *f, gconstpointer data)
{
  DossierTagPanel *panel = DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window));
  DossierMentionChart *chart;
  const char *subtitle = NULL;
  g_autofree char *together = NULL;

  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  g_assert_cmpuint (timeline_length (f), ==, 4);
  wait_until (panel_shows, f, "nvidia");
  /* The name in the interface's language. */
  g_assert_cmpstr (dossier_tag_panel_get_name (panel), ==,
                   g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "ar")
                   ? "إنفيديا" : "Nvidia");
  g_assert_false (dossier_tag_panel_is_topic (panel));

  chart = dossier_tag_panel_get_chart (panel);
  g_assert_cmpuint (dossier_mention_chart_get_n_series (chart), ==, 1);
  g_assert_cmpuint (count_at (chart, 0, "2025-07-01T00:00:00Z"), ==, 3);
  g_assert_cmpuint (count_at (chart, 0, "2025-08-01T00:00:00Z"), ==, 0);
  g_assert_cmpuint (count_at (chart, 0, "2025-09-01T00:00:00Z"), ==, 1);
  g_assert_cmpuint (chart_total (chart, 0), ==, 4);

  /* Huawei is in two of its stories, export controls in two. */
  together = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story together", "%u stories together", 2), 2);
  g_assert_nonnull (find_row (dossier_tag_panel_get_related_list (panel, FALSE), "huawei", &subtitle));
  g_assert_cmpstr (subtitle, ==, together);
  g_assert_nonnull (find_row (dossier_tag_panel_get_related_list (panel, TRUE), "export-controls", &subtitle));
  g_assert_cmpstr (subtitle, ==, together);
  g_assert_null (find_row (dossier_tag_panel_get_related_list (panel, FALSE), "deepseek", NULL));
  /* Why: the English and the Arabic name both filed stories. */
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (dossier_tag_panel_get_aliases_list (panel))));
  test_save_screenshot (GTK_WIDGET (f->window), "panel-entity");

  /* A story opens over the panel; the header's button brings it back. */
  test_window_select_story (f->window, 0);
  wait_until (story_shown, f, NULL);
  g_assert_false (test_window_showing_panel (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-overview", NULL));
  wait_until (panel_shows, f, "nvidia");

  /* Choosing Huawei in the panel opens Huawei's panel and stories. */
  g_signal_emit_by_name (dossier_tag_panel_get_related_list (panel, FALSE), "row-activated",
                         find_row (dossier_tag_panel_get_related_list (panel, FALSE), "huawei", NULL));
  wait_until (panel_shows, f, "huawei");
  g_assert_cmpuint (timeline_length (f), ==, 3);
  chart = dossier_tag_panel_get_chart (panel);
  g_assert_cmpuint (count_at (chart, 0, "2025-07-01T00:00:00Z"), ==, 3);
}

/* A topic's panel lists the entities in its stories. */
static void
test_topic_panel (Fixture *f, gconstpointer data)
{
  DossierTagPanel *panel = DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window));
  DossierMentionChart *chart;
  const char *subtitle = NULL;
  g_autofree char *together = NULL;

  test_window_choose (f->window, DOSSIER_FILTER_TOPIC, "export-controls", 0);
  g_assert_cmpuint (timeline_length (f), ==, 2);
  wait_until (panel_shows, f, "export-controls");
  g_assert_true (dossier_tag_panel_is_topic (panel));
  chart = dossier_tag_panel_get_chart (panel);
  g_assert_cmpuint (count_at (chart, 0, "2025-07-01T00:00:00Z"), ==, 1);
  g_assert_cmpuint (count_at (chart, 0, "2025-09-01T00:00:00Z"), ==, 1);

  together = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story together", "%u stories together", 2), 2);
  g_assert_nonnull (find_row (dossier_tag_panel_get_related_list (panel, FALSE), "nvidia", &subtitle));
  g_assert_cmpstr (subtitle, ==, together);

  /* A span the user picks stays: the last 30 days hold nothing. */
  dossier_tag_panel_set_range (panel, 0);
  wait_until (panel_shows, f, "export-controls");
  g_assert_cmpuint (chart_total (dossier_tag_panel_get_chart (panel), 0), ==, 0);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (dossier_tag_panel_get_chart (panel)), >=, 30);
  dossier_tag_panel_set_range (panel, DOSSIER_CHART_RANGE_ALL);
  wait_until (panel_shows, f, "export-controls");
  test_save_screenshot (GTK_WIDGET (f->window), "panel-topic");
}

/* Semiconductors lists, among the words that filed its stories, the chip
 * that was evidence where a story says "chip" only once: by its name in
 * the interface's language, with the entity icon and what it is. */
static void
test_topic_why (Fixture *f, gconstpointer data)
{
  DossierTagPanel *panel = DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window));
  gboolean arabic = g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "ar");
  const char *name = arabic ? "إنفيديا H20" : "Nvidia H20";
  g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "An entity of this topic, named in %u story",
                                                            "An entity of this topic, named in %u stories", 1), 1);
  gboolean found = FALSE, chips = FALSE;

  test_window_choose (f->window, DOSSIER_FILTER_TOPIC, "semiconductors", 0);
  g_assert_cmpuint (timeline_length (f), >=, 2);
  wait_until (panel_shows, f, "semiconductors");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (dossier_tag_panel_get_aliases_list (panel)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *title;

      if (!ADW_IS_ACTION_ROW (row) || ADW_IS_EXPANDER_ROW (row))
        continue;
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      if (g_strcmp0 (title, name) == 0)
        {
          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
          found = TRUE;
        }
      chips |= g_strcmp0 (title, "chips") == 0;
    }
  g_assert_true (found);
  /* The words themselves are there too. */
  g_assert_true (chips);

  /* Scrolled down to the list, to look at. */
  {
    GtkWidget *list = GTK_WIDGET (dossier_tag_panel_get_aliases_list (panel));
    GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
    GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (list, content, &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              point.y - 120);
  }
  test_save_screenshot (GTK_WIDGET (f->window), "panel-topic-why");
}

static gboolean
compare_ready (Fixture *f, gconstpointer data)
{
  DossierCompareWindow *compare = (DossierCompareWindow *) data;

  return !dossier_compare_window_is_loading (compare) &&
         dossier_mention_chart_get_n_series (dossier_compare_window_get_chart (compare)) > 0;
}

/* Nvidia against Huawei and export controls: one series each, in order,
 * with each one's own counts. */
static void
test_compare (Fixture *f, gconstpointer data)
{
  DossierCompareWindow *compare = dossier_compare_window_new (GTK_WINDOW (f->window), f->context);
  DossierMentionChart *chart = dossier_compare_window_get_chart (compare);
  g_auto(GStrv) tags = NULL;

  gtk_window_set_default_size (GTK_WINDOW (compare), 900, 560);
  gtk_window_present (GTK_WINDOW (compare));
  g_assert_true (dossier_compare_window_add_tag (compare, "nvidia"));
  g_assert_true (dossier_compare_window_add_tag (compare, "huawei"));
  dossier_compare_window_set_range (compare, DOSSIER_CHART_RANGE_ALL);
  wait_until (compare_ready, f, compare);
  g_assert_cmpuint (dossier_mention_chart_get_n_series (chart), ==, 2);
  g_assert_cmpuint (count_at (chart, 0, "2025-07-01T00:00:00Z"), ==, 3);
  g_assert_cmpuint (count_at (chart, 0, "2025-09-01T00:00:00Z"), ==, 1);
  g_assert_cmpuint (count_at (chart, 1, "2025-07-01T00:00:00Z"), ==, 3);
  g_assert_cmpuint (count_at (chart, 1, "2025-09-01T00:00:00Z"), ==, 0);

  /* Once only, and an unknown slug is refused. */
  g_assert_false (dossier_compare_window_add_tag (compare, "nvidia"));
  g_assert_false (dossier_compare_window_add_tag (compare, "no-such-tag"));
  g_assert_true (dossier_compare_window_add_tag (compare, "export-controls"));
  wait_until (compare_ready, f, compare);
  g_assert_cmpuint (dossier_mention_chart_get_n_series (chart), ==, 3);
  g_assert_cmpuint (chart_total (chart, 2), ==, 2);
  tags = dossier_compare_window_get_tags (compare);
  g_assert_cmpstr (tags[0], ==, "nvidia");
  g_assert_cmpstr (tags[2], ==, "export-controls");
  g_assert_null (tags[3]);
  test_save_screenshot (GTK_WIDGET (compare), "compare");

  dossier_compare_window_remove_tag (compare, "huawei");
  wait_until (compare_ready, f, compare);
  g_assert_cmpuint (dossier_mention_chart_get_n_series (chart), ==, 2);
  g_assert_cmpuint (count_at (chart, 1, "2025-09-01T00:00:00Z"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (compare));
}

static gboolean
file_written (Fixture *f, gconstpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Exporting from the window writes the filter's stories, all of them. */
static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "nvidia.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  g_assert_cmpuint (timeline_length (f), ==, 4);
  dossier_window_export_stories (f->window, file, FALSE);
  wait_until (file_written, f, path);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_nonnull (strstr (lines[1], "Nvidia faces new export controls"));
  g_assert_nonnull (strstr (lines[4], "Nvidia and Huawei race"));
  g_unlink (path);
}

static gboolean
search_listed (Fixture *f, gconstpointer data)
{
  GPtrArray *searches = test_window_saved_searches (f->window);

  return searches != NULL && searches->len > 0;
}

/* The filter on screen, saved: listed in the sidebar under its name,
 * watched as asked, and showing the same stories when chosen again. */
static void
test_saved_search (Fixture *f, gconstpointer data)
{
  DossierSavedSearch *search;
  g_auto(GStrv) chips = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  dossier_window_set_search (f->window, "export");
  g_assert_cmpuint (timeline_length (f), ==, 2);
  dossier_window_save_search (f->window, "Nvidia and exports", TRUE);
  wait_until (search_listed, f, NULL);
  search = g_ptr_array_index (test_window_saved_searches (f->window), 0);
  g_assert_cmpstr (search->name, ==, "Nvidia and exports");
  g_assert_true (search->watched);
  g_assert_cmpstr (search->search, ==, "export");
  g_assert_cmpstr (search->entities[0], ==, "nvidia");

  /* Shown at once, as its own filter: the typed words went into it. */
  g_assert_cmpuint (timeline_length (f), ==, 2);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpstr (chips[0], ==, "Nvidia and exports");
  g_assert_null (chips[1]);
  test_save_screenshot (GTK_WIDGET (f->window), "saved-search");

  test_window_choose (f->window, DOSSIER_FILTER_ALL, NULL, 0);
  g_assert_cmpuint (timeline_length (f), ==, 5);
  test_window_show_saved_search (f->window, search->id);
  g_assert_cmpuint (timeline_length (f), ==, 2);

  /* What another program sees in the database. */
  store = dossier_store_open (f->db, NULL);
  stored = dossier_store_list_searches (store, NULL);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_true (((DossierSavedSearch *) g_ptr_array_index (stored, 0))->watched);
}

/* Until the window knows there is no subscription, the timeline does not
 * say "No Stories Yet — add a feed": a first run goes straight to the
 * welcome. Checked at every turn of the loop on the way. */
static gboolean
welcome_shown_first (Fixture *f, gconstpointer data)
{
  if (!test_window_is_welcome (f->window))
    g_assert_cmpstr (test_window_empty_title (f->window), !=, _("No Stories Yet"));
  return test_window_is_welcome (f->window);
}

static gboolean
samples_shown (Fixture *f, gconstpointer data)
{
  return !test_window_is_welcome (f->window) && !test_window_is_refreshing (f->window) &&
         timeline_ready (f, NULL) &&
         g_list_model_get_n_items (test_window_timeline (f->window)) > 0;
}

static gboolean
properties_ready (Fixture *f, gconstpointer data)
{
  return dossier_feed_properties_is_ready ((DossierFeedProperties *) data);
}

static gboolean
feed_renamed (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (store, NULL);

  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    if (g_strcmp0 (((DossierFeedInfo *) g_ptr_array_index (feeds, i))->title, "Samples, renamed") == 0)
      return TRUE;
  return FALSE;
}

/* With no subscription the window is a welcome; the sample stories that
 * ship with Dossier load from files, with no network, and fill the
 * panels. Their feeds keep their stories for ever, properties saved or
 * not. */
static void
test_first_run (Fixture *f, gconstpointer data)
{
  DossierTagPanel *panel;
  DossierFeedProperties *properties;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  gint64 feed_id;

  wait_until (welcome_shown_first, f, NULL);
  test_save_screenshot (GTK_WIDGET (f->window), "welcome");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.explore-samples", NULL));
  wait_until (samples_shown, f, NULL);
  /* 47 sample stories, several an Arabic report of an English one: one
   * row per event, as many as the store has (events' first stories). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierStore) events_store = dossier_store_open (f->db, &error);
    g_autoptr(GArray) leads = NULL;
    DossierQuery query;

    g_assert_no_error (error);
    dossier_query_init (&query);
    query.events = TRUE;
    leads = dossier_store_query_ids (events_store, &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (leads->len, <, 47);
    g_assert_cmpuint (leads->len, >=, 38);
    g_assert_cmpuint (timeline_length (f), ==, leads->len);
  }

  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  panel = DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window));
  wait_until (panel_shows, f, "nvidia");
  g_assert_cmpuint (chart_total (dossier_tag_panel_get_chart (panel), 0), >=, 12);
  g_assert_cmpuint (timeline_length (f), ==, chart_total (dossier_tag_panel_get_chart (panel), 0));
  test_save_screenshot (GTK_WIDGET (f->window), "samples-panel");

  store = dossier_store_open (f->db, NULL);
  feeds = dossier_store_list_feeds (store, NULL);
  g_assert_cmpuint (feeds->len, ==, 3);
  feed_id = ((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->id;
  g_assert_cmpint (((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->retention_days, ==,
                   DOSSIER_RETENTION_FOREVER);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  g_clear_pointer (&store, dossier_store_close);

  properties = dossier_feed_properties_new (GTK_WINDOW (f->window), f->context, feed_id);
  gtk_window_present (GTK_WINDOW (properties));
  wait_until (properties_ready, f, properties);
  dossier_feed_properties_edit (properties, "Samples, renamed", "Samples", 2);
  wait_until (feed_renamed, f, NULL);
  store = dossier_store_open (f->db, NULL);
  feeds = dossier_store_list_feeds (store, NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);

      if (feed->id == feed_id)
        g_assert_cmpint (feed->retention_days, ==, DOSSIER_RETENTION_FOREVER);
    }
}

/* On a narrow screen the panel is a page of its own, reached from the
 * timeline's header and left with the back button. */
static void
test_narrow (Fixture *f, gconstpointer data)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), 390, 760);
  test_window_choose (f->window, DOSSIER_FILTER_ENTITY, "nvidia", 0);
  g_assert_cmpuint (timeline_length (f), ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-overview", NULL));
  wait_until (panel_shows, f, "nvidia");
  g_assert_true (gtk_widget_get_mapped (dossier_window_get_tag_panel (f->window)));
  g_assert_false (gtk_widget_get_mapped (test_window_list_view (f->window)));
  test_save_screenshot (GTK_WIDGET (f->window), "panel-narrow");
}

static gboolean
suggested (Fixture *f, gconstpointer data)
{
  return test_string_property (test_window_timeline_view (f->window), "suggestion") != NULL;
}

static gboolean
not_suggested (Fixture *f, gconstpointer data)
{
  return test_string_property (test_window_timeline_view (f->window), "suggestion") == NULL;
}

/* A search that names an entity, in another spelling, offers its panel. */
static void
test_search_opens_panel (Fixture *f, gconstpointer data)
{
  dossier_window_set_search (f->window, "انفيديا");
  wait_until (suggested, f, NULL);
  g_assert_cmpstr (test_string_property (test_window_timeline_view (f->window), "suggestion"), ==, "nvidia");
  /* The filter bar's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (test_window_timeline_view (f->window)),
                                             "timeline.open-suggestion", NULL));
  wait_until (panel_shows, f, "nvidia");
  /* The panel's stories, no longer the search's. */
  g_assert_cmpuint (timeline_length (f), ==, 4);

  /* Words that name nothing offer nothing, however much was offered just
   * before. */
  dossier_window_set_search (f->window, "HUAWEI");
  wait_until (suggested, f, NULL);
  dossier_window_set_search (f->window, "licence");
  wait_until (not_suggested, f, NULL);
}

static void
fixture_set_up_empty (Fixture *f, gconstpointer data)
{
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/panels/entity", Fixture, NULL, fixture_set_up, test_entity_panel, fixture_tear_down);
  g_test_add ("/panels/topic", Fixture, NULL, fixture_set_up, test_topic_panel, fixture_tear_down);
  g_test_add ("/panels/topic-why", Fixture, NULL, fixture_set_up, test_topic_why, fixture_tear_down);
  g_test_add ("/panels/compare", Fixture, NULL, fixture_set_up, test_compare, fixture_tear_down);
  g_test_add ("/panels/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/panels/search-opens-panel", Fixture, NULL, fixture_set_up, test_search_opens_panel,
              fixture_tear_down);
  g_test_add ("/panels/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/panels/first-run", Fixture, NULL, fixture_set_up_empty, test_first_run, fixture_tear_down);
  g_test_add ("/panels/saved-search", Fixture, NULL, fixture_set_up, test_saved_search, fixture_tear_down);

  return g_test_run ();
}
