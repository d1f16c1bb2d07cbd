/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window as a new user meets it: real clicks and keys sent through the
 * X server with xdotool (under Xvfb), at the default three-pane size and
 * at 400 × 780, in the language of the run (test-window-use-ar runs it in
 * Arabic, right to left). What is checked is what is on screen: the row
 * widgets made, the pane shown, the text a label lays out. */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-document-view.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-chip-strip.h"
#include "dossier-headline.h"
#include "dossier-story-row.h"
#include "dossier-tag-panel.h"
#include "dossier-add-feed-dialog.h"
#include "dossier-compare-window.h"
#include "dossier-range-dialog.h"
#include "dossier-mention-chart.h"
#include "test-window-util.h"
#include "test-gui-util.h"
#include "test-util.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

typedef struct {
  char           *dir;
  char           *db;
  gint64          now;
  gint64          feed_en;
  gint64          feed_ar;
  DossierContext *context;
  DossierWindow  *window;
  GSettings      *settings;
} Fixture;

static gboolean
arabic (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "ar");
}

/* ---- The database -------------------------------------------------------- */

static DossierParsedItem *
story (const char *guid,
       const char *title,
       const char *body,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();
  g_autoptr(GRegex) tags = g_regex_new ("<[^>]+>", 0, 0, NULL);

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://news.example/%s", guid);
  /* The text for search and tagging, the HTML for the story view. */
  it->content = g_regex_replace_literal (tags, body, -1, 0, " ", 0, NULL);
  it->html = g_strdup (body);
  it->html_is_content = TRUE;
  it->author = g_strdup ("Staff");
  it->published = published;
  return it;
}

static void
fill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(DossierParsedFeed) en = dossier_parsed_feed_new ();
  g_autoptr(DossierParsedFeed) ar = dossier_parsed_feed_new ();

  g_assert_no_error (error);
  f->feed_en = dossier_store_add_feed (store, "http://127.0.0.1:9/wire.xml", NULL, NULL, &error);
  f->feed_ar = dossier_store_add_feed (store, "http://127.0.0.1:9/ar.xml", NULL, NULL, &error);
  g_assert_no_error (error);

  en->format = DOSSIER_FEED_FORMAT_RSS20;
  en->title = g_strdup ("Policy Wire");
  /* Many entities: the row cannot show them all. */
  g_ptr_array_add (en->items, story ("e1", "Chip curbs: Nvidia, AMD, Huawei, Alibaba and DeepSeek react",
                                     "<p>Nvidia and AMD said the H20 and MI308 would ship again. Huawei, "
                                     "Alibaba, Tencent and DeepSeek answered with their own chips and "
                                     "models.</p>", f->now - 1 * HOUR));
  g_ptr_array_add (en->items, story ("e2", "Huawei readies Ascend chips for DeepSeek models",
                                     "<p>Huawei said its Ascend processors will run DeepSeek's open-source "
                                     "models.</p>", f->now - 5 * HOUR));
  g_ptr_array_add (en->items, story ("e3", "CAC summons Nvidia over H20 security risks",
                                     "<p>The Cyberspace Administration of China asked about backdoors.</p>",
                                     f->now - 1 * DAY - 2 * HOUR));
  g_ptr_array_add (en->items, story ("e4", "EU weighs AI Act code of practice",
                                     "<p>The European Commission published a draft code of practice.</p>",
                                     f->now - 3 * DAY));
  ar->format = DOSSIER_FEED_FORMAT_RSS20;
  ar->title = g_strdup ("النشرة التقنية");
  ar->language = g_strdup ("ar");
  /* An Arabic headline and paragraph that start with a Latin name. */
  g_ptr_array_add (ar->items, story ("a1", "Nvidia تعود إلى السوق الصينية بعد أشهر من الحظر",
                                     "<p>Nvidia قالت إنها ستبيع رقائق H20 في الصين مجدداً بعد موافقة "
                                     "واشنطن على تراخيص التصدير.</p><p>وقالت هواوي إن رقائق أسند ستتوفر "
                                     "للشركات الصينية.</p>", f->now - 3 * HOUR));
  g_ptr_array_add (ar->items, story ("a2", "ديب سيك تنشر نموذجاً مفتوح المصدر",
                                     "<p>نشرت ديب سيك أوزان النموذج مفتوحة المصدر.</p>",
                                     f->now - 1 * DAY - 5 * HOUR));
  g_assert_true (dossier_store_merge_feed (store, f->feed_en, en, f->now, NULL, &error));
  g_assert_true (dossier_store_merge_feed (store, f->feed_ar, ar, f->now, NULL, &error));
  g_assert_no_error (error);
}

/* ---- Waiting ------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @done says so, for at most 10 s, then a few
 * frames more for the rows to lay out and draw. */
static void
wait_for (Condition  done,
          Fixture   *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f))
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

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (DOSSIER_IS_STORY_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The story rows on screen, top to bottom. */
static GPtrArray *
shown_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (test_window_list_view (f->window), rows);
  return rows;
}

static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
row_title (GtkWidget *row)
{
  return dossier_headline_get_text (DOSSIER_HEADLINE (find_child (row, DOSSIER_TYPE_HEADLINE)));
}

/* The row showing @title, which must be on screen. */
static GtkWidget *
row_titled (Fixture    *f,
            const char *title)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (row_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  g_error ("no row shows “%s” (%u rows on screen)", title, rows->len);
  return NULL;
}

/* Every row on screen shows its title. */
static gboolean
rows_shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);

  if (test_window_is_loading (f->window) || rows->len == 0)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (row_title (rows->pdata[i]) == NULL || row_title (rows->pdata[i])[0] == '\0' ||
        gtk_widget_get_width (rows->pdata[i]) == 0)
      return FALSE;
  return TRUE;
}

static AdwLeaflet *
leaflet (Fixture *f)
{
  return ADW_LEAFLET (find_child (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET));
}

/* What the folded window shows: the timeline, the story pane. */
static gboolean
showing_timeline (Fixture *f)
{
  return adw_leaflet_get_visible_child (leaflet (f)) == dossier_window_get_timeline_view (f->window);
}

static gboolean
showing_story_pane (Fixture *f)
{
  GtkWidget *child = adw_leaflet_get_visible_child (leaflet (f));

  return child != dossier_window_get_timeline_view (f->window) && child != NULL &&
         gtk_widget_is_ancestor (dossier_window_get_story_view (f->window), child);
}

static const char *
story_title (Fixture *f)
{
  const DossierArticle *article = test_window_story (f->window);

  return article != NULL ? article->title : NULL;
}

static gboolean
story_shown (Fixture *f)
{
  return test_window_story (f->window) != NULL;
}

static gboolean
no_story_shown (Fixture *f)
{
  return test_window_story (f->window) == NULL;
}

/* The header's back button of a pane shown. */
static GtkWidget *
back_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "go-previous-symbolic") == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = back_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- Real input ---------------------------------------------------------- */

/* The pointer moved to (@fx, @fy), in fractions of @widget's size, then
 * @then ("click", "1"...) there, as the X server delivers it. */
static void
pointer_at (GtkWidget  *widget,
            double      fx,
            double      fy,
            const char *then,
            const char *button)
{
  test_pointer_to (widget, gtk_widget_get_width (widget) * fx, gtk_widget_get_height (widget) * fy, then, button);
}

/* A click of the primary button at (@fx, @fy), in fractions of @widget's
 * size. */
static void
click_at (GtkWidget *widget,
          double     fx,
          double     fy)
{
  pointer_at (widget, fx, fy, "click", "1");
}

static void
click (GtkWidget *widget)
{
  click_at (widget, 0.5, 0.5);
}

/* Keys as typed, into @window, which gets the X server's focus first. */
static void
press_keys (GtkWidget  *window,
            const char *keys)
{
  g_autofree char *xid = test_xid_of (window);

  g_auto(GStrv) each = g_strsplit (keys, " ", -1);

  test_xdotool ("windowfocus", "--sync", xid);
  /* One key (or chord) an argument, pressed in turn. */
  for (guint i = 0; each[i] != NULL; i++)
    test_xdotool ("key", "--clearmodifiers", each[i]);
}

static void
resize (Fixture *f,
        int      width,
        int      height)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  for (int i = 0; i < 60; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
narrow_done (Fixture *f)
{
  return adw_leaflet_get_folded (leaflet (f)) && rows_shown (f);
}

static void
make_narrow (Fixture *f)
{
  resize (f, 400, 780);
  if (!showing_timeline (f))
    return;
  wait_for (narrow_done, f);
}

/* ---- Fixture ------------------------------------------------------------- */

static gboolean
sidebar_filled (Fixture *f)
{
  guint rows = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (test_window_sidebar_list (f->window)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    rows++;
  return rows > 3 && rows_shown (f);
}

static void
open_window (Fixture *f)
{
  /* Clicks on stories one by one: its English and Arabic Nvidia stories
   * would be one event's row (tests/test-events-gui.c clicks those). */
  f->settings = g_settings_new ("io.github.dossierapp.Dossier");
  g_settings_set_boolean (f->settings, "group-events", FALSE);
  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  dossier_window_set_settings (f->window, f->settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (sidebar_filled, f);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  fill (f);
  open_window (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_settings_reset (f->settings, "group-events");
  g_clear_object (&f->settings);
  g_clear_object (&f->context);
  g_free (f->db);
  g_free (f->dir);
}

static const char *
title_en_many (void)
{
  return "Chip curbs: Nvidia, AMD, Huawei, Alibaba and DeepSeek react";
}

#define TITLE_AR_LATIN "Nvidia تعود إلى السوق الصينية بعد أشهر من الحظر"

/* ---- 1, 2, 3: one pane, and the story pane ------------------------------- */

/* At 400 × 780 a click (a tap) on a story opens it, as Enter does. */
static void
test_narrow_click_opens (Fixture *f, gconstpointer data)
{
  make_narrow (f);
  g_assert_true (showing_timeline (f));
  test_save_screenshot (GTK_WIDGET (f->window), "use-narrow-list");

  click (row_titled (f, "Huawei readies Ascend chips for DeepSeek models"));
  wait_for (story_shown, f);
  g_assert_true (showing_story_pane (f));
  g_assert_cmpstr (story_title (f), ==, "Huawei readies Ascend chips for DeepSeek models");
  test_save_screenshot (GTK_WIDGET (f->window), "use-narrow-story");

  /* Back, and another one: the Arabic story. */
  click (back_button (adw_leaflet_get_visible_child (leaflet (f))));
  wait_for (showing_timeline, f);
  click (row_titled (f, TITLE_AR_LATIN));
  wait_for (showing_story_pane, f);
  wait_for (story_shown, f);
  g_assert_cmpstr (story_title (f), ==, TITLE_AR_LATIN);
}

/* Beside the story pane a click chooses the story and the list stays. */
static void
test_wide_click_chooses (Fixture *f, gconstpointer data)
{
  click (row_titled (f, "Huawei readies Ascend chips for DeepSeek models"));
  wait_for (story_shown, f);
  g_assert_false (adw_leaflet_get_folded (leaflet (f)));
  g_assert_true (gtk_widget_get_mapped (test_window_list_view (f->window)));
  g_assert_cmpstr (story_title (f), ==, "Huawei readies Ascend chips for DeepSeek models");
}

/* Narrowing a window whose story pane is empty shows the list. */
static void
test_narrow_shows_list (Fixture *f, gconstpointer data)
{
  /* Enter on a story puts the story pane in front... */
  gtk_widget_grab_focus (test_window_list_view (f->window));
  click (row_titled (f, "Huawei readies Ascend chips for DeepSeek models"));
  wait_for (story_shown, f);
  press_keys (GTK_WIDGET (f->window), "Return");
  /* ...and another feed, without that story, empties it. */
  test_window_choose (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_ar);
  wait_for (rows_shown, f);
  wait_for (no_story_shown, f);

  make_narrow (f);
  wait_for (narrow_done, f);
  g_assert_true (showing_timeline (f));
  test_save_screenshot (GTK_WIDGET (f->window), "use-narrowed");

  /* Wide again, a story clicked and read: narrowed, it stays in view,
   * and Back leads to the list. */
  resize (f, 1280, 800);
  wait_for (rows_shown, f);
  click (row_titled (f, TITLE_AR_LATIN));
  wait_for (story_shown, f);
  resize (f, 400, 780);
  wait_for (showing_story_pane, f);
  g_assert_cmpstr (story_title (f), ==, TITLE_AR_LATIN);
  test_save_screenshot (GTK_WIDGET (f->window), "use-narrowed-story");
  click (back_button (adw_leaflet_get_visible_child (leaflet (f))));
  wait_for (narrow_done, f);
  g_assert_true (showing_timeline (f));
}

static gboolean
showing_empty_page (Fixture *f)
{
  return test_window_empty_title (f->window) != NULL;
}

/* The story pane lets go of a story that left the list. */
static void
test_story_leaves_list (Fixture *f, gconstpointer data)
{
  click (row_titled (f, "CAC summons Nvidia over H20 security risks"));
  wait_for (story_shown, f);

  test_window_choose (f->window, DOSSIER_FILTER_FEED, NULL, f->feed_ar);
  wait_for (rows_shown, f);
  wait_for (no_story_shown, f);

  /* Chosen in the new list, then a search that finds nothing. */
  click (row_titled (f, "ديب سيك تنشر نموذجاً مفتوح المصدر"));
  wait_for (story_shown, f);
  dossier_window_set_search (f->window, "quantum");
  wait_for (showing_empty_page, f);
  wait_for (no_story_shown, f);
}

/* ---- 4 and 13: the rows -------------------------------------------------- */

static gboolean
any_label_ellipsized (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_label_ellipsized (child))
      return TRUE;
  return FALSE;
}

static void
check_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);
  gboolean rtl = arabic ();
  gboolean found_more = FALSE;

  g_assert_cmpuint (rows->len, >=, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      DossierChipStrip *strip = DOSSIER_CHIP_STRIP (find_child (row, DOSSIER_TYPE_CHIP_STRIP));
      GtkWidget *headline = find_child (row, DOSSIER_TYPE_HEADLINE);
      GtkWidget *dot = gtk_widget_get_prev_sibling (headline);
      graphene_rect_t dot_box, title_box;

      /* No chip is a stub: whole names, then "+N". */
      g_assert_false (any_label_ellipsized (row));
      if (g_str_equal (row_title (row), title_en_many ()))
        {
          g_assert_cmpuint (dossier_chip_strip_get_shown (strip), >=, 1);
          g_assert_true (g_str_has_prefix (dossier_chip_strip_get_more (strip), "+") ||
                         g_str_has_prefix (dossier_chip_strip_get_more (strip), "+"));
          found_more = TRUE;
        }
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (strip)), >=, 0);

      /* The unread dot on the interface's starting side, whatever the
       * title's language. */
      g_assert_true (gtk_widget_get_visible (dot));
      g_assert_true (gtk_widget_compute_bounds (dot, row, &dot_box));
      g_assert_true (gtk_widget_compute_bounds (headline, row, &title_box));
      if (rtl)
        g_assert_cmpfloat (dot_box.origin.x, >, title_box.origin.x);
      else
        g_assert_cmpfloat (dot_box.origin.x, <, title_box.origin.x);
    }
  g_assert_true (found_more);
}

static void
test_row_chips (Fixture *f, gconstpointer data)
{
  check_rows (f);
  test_save_screenshot (GTK_WIDGET (f->window), "use-rows");
  make_narrow (f);
  check_rows (f);
}

/* ---- 5: one direction rule ------------------------------------------------ */

static GtkLabel *
find_label_with_class (GtkWidget  *widget,
                       const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first paragraph of the story's body. */
static GtkLabel *
first_paragraph (Fixture *f)
{
  GtkWidget *body = find_child (dossier_window_get_story_view (f->window), DOSSIER_TYPE_DOCUMENT_VIEW);

  return body != NULL ? GTK_LABEL (find_child (body, GTK_TYPE_LABEL)) : NULL;
}

static gboolean
body_shown (Fixture *f)
{
  return story_shown (f) && first_paragraph (f) != NULL;
}

/* The link button in @widget whose label is @title (marked or not). */
static GtkWidget *
source_link (GtkWidget  *widget,
             const char *title)
{
  /* The label may begin with a direction mark. */
  if (GTK_IS_LINK_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_suffix (gtk_button_get_label (GTK_BUTTON (widget)), title) &&
      strlen (gtk_button_get_label (GTK_BUTTON (widget))) <= strlen (title) + strlen ("\u200F"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = source_link (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
source_link_shown (Fixture *f)
{
  return source_link (dossier_window_get_story_view (f->window), TITLE_AR_LATIN) != NULL;
}

static void
test_story_direction (Fixture *f, gconstpointer data)
{
  GtkWidget *view = dossier_window_get_story_view (f->window);
  GtkLabel *title;

  /* The same news from another Arabic outlet, so that the story has an
   * event and a list of its sources (the fixture's other stories only
   * share well-known names with it, which are not one event). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
    g_autoptr(DossierParsedFeed) ar = dossier_parsed_feed_new ();
    gint64 feed = dossier_store_add_feed (store, "http://127.0.0.1:9/ar2.xml", NULL, NULL, &error);

    g_assert_no_error (error);
    ar->format = DOSSIER_FEED_FORMAT_RSS20;
    ar->title = g_strdup ("الوكالة");
    ar->language = g_strdup ("ar");
    g_ptr_array_add (ar->items, story ("b1", "Nvidia تعود إلى السوق الصينية ببيع رقائق H20",
                                       "<p>Nvidia قالت إنها ستبيع رقائق H20 في الصين مجدداً بعد أن وافقت "
                                       "واشنطن على تراخيص التصدير.</p>", f->now - 2 * HOUR));
    g_assert_true (dossier_store_merge_feed (store, feed, ar, f->now, NULL, &error));
    g_assert_no_error (error);
  }
  /* The story view reads the story, and its sources, when it opens. */
  click (row_titled (f, TITLE_AR_LATIN));
  wait_for (body_shown, f);
  title = find_label_with_class (view, "title-2");
  g_assert_nonnull (title);
  /* Right to left as a whole, though it starts with "Nvidia". */
  g_assert_cmpint (pango_layout_get_direction (gtk_label_get_layout (title), 0), ==, PANGO_DIRECTION_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (title)), ==, GTK_TEXT_DIR_RTL);
  /* So is the paragraph that starts with it. */
  {
    GtkLabel *paragraph = first_paragraph (f);

    g_assert_cmpint (pango_layout_get_direction (gtk_label_get_layout (paragraph), 0), ==, PANGO_DIRECTION_RTL);
  }
  /* And its line in the list of the event's sources, a link. */
  wait_for (source_link_shown, f);
  {
    GtkWidget *link = source_link (dossier_window_get_story_view (f->window), TITLE_AR_LATIN);
    GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (link)));

    g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (label)), ==, GTK_TEXT_DIR_RTL);
    g_assert_cmpint (pango_layout_get_direction (gtk_label_get_layout (label), 0), ==, PANGO_DIRECTION_RTL);
  }
  test_save_screenshot (GTK_WIDGET (f->window), "use-story-direction");
}

/* ---- 6: mark all read, and undo ------------------------------------------- */

static guint
unread_count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery q;
  guint total = 0;

  g_assert_no_error (error);
  dossier_query_init (&q);
  q.unread_only = TRUE;
  rows = dossier_store_query (store, &q, &total, &error);
  g_assert_no_error (error);
  return total;
}

static GtkWidget *
button_labelled (GtkWidget  *widget,
                 const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
undo_shown (Fixture *f)
{
  return button_labelled (GTK_WIDGET (f->window), _("_Undo")) != NULL;
}

static gboolean
five_unread (Fixture *f)
{
  return unread_count (f) == 5;
}

static gboolean
none_unread (Fixture *f)
{
  return unread_count (f) == 0;
}

/* Ctrl+Shift+A says what it did and offers Undo, which makes unread again
 * exactly the stories it changed: not the one read before. */
static void
test_mark_all_read_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  click (row_titled (f, "CAC summons Nvidia over H20 security risks"));
  wait_for (story_shown, f);
  wait_for (five_unread, f);

  /* Ctrl+Shift+A is the application's accelerator (there is none here). */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-all-read", NULL);
  wait_for (undo_shown, f);
  wait_for (none_unread, f);
  test_save_screenshot (GTK_WIDGET (f->window), "use-mark-read-toast");

  click (button_labelled (GTK_WIDGET (f->window), _("_Undo")));
  wait_for (five_unread, f);
  wait_for (rows_shown, f);
  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
    g_autoptr(GPtrArray) rows = NULL;
    DossierQuery q;
    guint total = 0;

    dossier_query_init (&q);
    q.search = "CAC";
    rows = dossier_store_query (store, &q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_true (((DossierArticle *) rows->pdata[0])->read);
  }
}

/* ---- 9: the entity panel opens at its top --------------------------------- */

static GtkWidget *
label_showing (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = label_showing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
panel_shown (Fixture *f)
{
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);

  return test_window_showing_panel (f->window) && !dossier_tag_panel_is_loading (DOSSIER_TAG_PANEL (panel)) &&
         dossier_tag_panel_get_name (DOSSIER_TAG_PANEL (panel)) != NULL;
}

static gboolean
any_text_selected (GtkWidget *widget)
{
  int start, end;

  if (GTK_IS_LABEL (widget) && gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_text_selected (child))
      return TRUE;
  return FALSE;
}

/* The panel's first line (kind and count) is on screen, and nothing in it
 * is selected. */
static void
check_panel_top (Fixture *f)
{
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_child (panel, GTK_TYPE_SCROLLED_WINDOW));

  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scrolled)), ==, 0);
  g_assert_false (any_text_selected (panel));
}

static gboolean
panel_scrolled (Fixture *f)
{
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_child (panel, GTK_TYPE_SCROLLED_WINDOW));

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scrolled)) > 100;
}

static gboolean
huawei_panel_shown (Fixture *f)
{
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);

  return panel_shown (f) && g_strcmp0 (dossier_tag_panel_get_slug (DOSSIER_TAG_PANEL (panel)), "huawei") == 0;
}

static gboolean
nvidia_panel_shown (Fixture *f)
{
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);

  return panel_shown (f) && g_strcmp0 (dossier_tag_panel_get_slug (DOSSIER_TAG_PANEL (panel)), "nvidia") == 0;
}

/* Scrolled down one panel with the mouse's wheel, then another entity
 * chosen in the sidebar: the new panel starts at its top. */
static void
scroll_then_choose_other (Fixture *f)
{
  const char *nvidia = arabic () ? "إنفيديا" : "Nvidia";
  const char *huawei = arabic () ? "هواوي" : "Huawei";
  GtkWidget *panel = dossier_window_get_tag_panel (f->window);

  click (label_showing (test_window_sidebar_list (f->window), nvidia));
  wait_for (panel_shown, f);
  /* The wheel turned down over the panel's name (button 5 is a notch). */
  pointer_at (label_showing (panel, nvidia), 0.5, 0.5, "click", "5");
  for (int i = 0; i < 8; i++)
    test_xdotool ("click", "5");
  wait_for (panel_scrolled, f);
  click (label_showing (test_window_sidebar_list (f->window), huawei));
  wait_for (huawei_panel_shown, f);
  check_panel_top (f);
  /* And back to the first, at its top too. */
  click (label_showing (test_window_sidebar_list (f->window), nvidia));
  wait_for (nvidia_panel_shown, f);
  wait_for (rows_shown, f);
  check_panel_top (f);
}

static void
test_panel_top (Fixture *f, gconstpointer data)
{
  const char *nvidia = arabic () ? "إنفيديا" : "Nvidia";

  click (label_showing (test_window_sidebar_list (f->window), nvidia));
  wait_for (panel_shown, f);
  check_panel_top (f);
  test_save_screenshot (GTK_WIDGET (f->window), "use-panel");
  scroll_then_choose_other (f);

  /* A story, then the panel again (Alt+I). */
  click (row_titled (f, "CAC summons Nvidia over H20 security risks"));
  wait_for (story_shown, f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-overview", NULL);
  wait_for (panel_shown, f);
  check_panel_top (f);

  /* Again, with the keyboard's focus in the story's text, as after
   * reading it with the keys or selecting a sentence. */
  click (row_titled (f, "CAC summons Nvidia over H20 security risks"));
  wait_for (story_shown, f);
  click (label_showing (dossier_window_get_story_view (f->window),
                        "The Cyberspace Administration of China asked about backdoors."));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         dossier_window_get_story_view (f->window)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-overview", NULL);
  wait_for (panel_shown, f);
  check_panel_top (f);
  /* The keyboard's focus is on the panel's first button, not lost. */
  g_assert_true (GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (f->window))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         dossier_window_get_tag_panel (f->window)));
  test_save_screenshot (GTK_WIDGET (f->window), "use-panel-after-story");

  /* In one pane, from the list with the keyboard's focus in it. */
  make_narrow (f);
  if (!showing_timeline (f))
    {
      click (back_button (adw_leaflet_get_visible_child (leaflet (f))));
      wait_for (narrow_done, f);
    }
  gtk_widget_grab_focus (row_titled (f, "CAC summons Nvidia over H20 security risks"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-overview", NULL);
  wait_for (panel_shown, f);
  check_panel_top (f);
  test_save_screenshot (GTK_WIDGET (f->window), "use-panel-narrow");
}

/* ---- Date range: the dialog and a chart's bar ------------------------------ */

static GtkWidget *
find_button_with_class (GtkWidget  *widget,
                        const char *css_class)
{
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_menu_button (GtkWidget  *widget,
                  const char *icon)
{
  if (GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
calendar_button (Fixture *f)
{
  GtkWidget *button = find_menu_button (dossier_window_get_timeline_view (f->window), "x-office-calendar-symbolic");

  g_assert_nonnull (button);
  return button;
}

static gboolean
calendar_active (Fixture *f)
{
  return gtk_widget_has_css_class (calendar_button (f), "dossier-active");
}

/* Every title the list's rows show, in order, one a line. */
static char *
shown_titles (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (text, "%s\n", row_title (rows->pdata[i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
only_eu_shown (Fixture *f)
{
  g_autofree char *titles = shown_titles (f);

  return !test_window_is_loading (f->window) && g_str_equal (titles, "EU weighs AI Act code of practice\n");
}

static GtkWindow *
dialog_shown (void)
{
  return test_shown_toplevel (DOSSIER_TYPE_RANGE_DIALOG);
}

static gboolean
range_dialog_open (Fixture *f)
{
  return dialog_shown () != NULL;
}

static gboolean
range_dialog_closed (Fixture *f)
{
  return dialog_shown () == NULL;
}

static gboolean
all_six_shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);

  return !test_window_is_loading (f->window) && rows->len == 6;
}

/* Choose Dates… in the calendar's menu, one day three days ago: that
 * day's story alone, a chip that names it, and the button looks on. */
static void
test_date_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (f->now - 3 * DAY);
  g_auto(GStrv) chips = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *dialog;

  g_assert_false (calendar_active (f));
  click (calendar_button (f));
  wait_for (range_dialog_closed, f);
  click (label_showing (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (calendar_button (f)))),
                        _("Choose Dates…")));
  wait_for (range_dialog_open, f);
  dialog = dialog_shown ();
  test_save_screenshot (GTK_WIDGET (dialog), "use-date-range-dialog");
  gtk_calendar_select_day (dossier_range_dialog_get_from (DOSSIER_RANGE_DIALOG (dialog)), day);
  gtk_calendar_select_day (dossier_range_dialog_get_to (DOSSIER_RANGE_DIALOG (dialog)), day);
  click (find_button_with_class (GTK_WIDGET (dialog), "suggested-action"));
  wait_for (range_dialog_closed, f);
  wait_for (only_eu_shown, f);

  g_assert_true (calendar_active (f));
  chips = test_window_filter_chips (f->window);
  expected = g_date_time_format (day, _("%-d %b %Y"));
  g_assert_cmpuint (g_strv_length (chips), ==, 1);
  g_assert_cmpstr (chips[0], ==, expected);
  test_save_screenshot (GTK_WIDGET (f->window), "use-date-range");

  /* The chip's cross removes it. */
  click (label_showing (GTK_WIDGET (f->window), expected));
  wait_for (all_six_shown, f);
  g_assert_false (calendar_active (f));

  /* A period from the menu lights the button too. */
  g_object_set (dossier_window_get_timeline_view (f->window), "period", "week", NULL);
  g_assert_true (calendar_active (f));
}

/* When the fixture's story titled @title was published. */
static gint64
published_of (Fixture    *f,
              const char *title)
{
  static const struct {
    const char *title;
    gint64      ago;
  } stories[] = {
    { "Chip curbs: Nvidia, AMD, Huawei, Alibaba and DeepSeek react", 1 * HOUR },
    { "Huawei readies Ascend chips for DeepSeek models", 5 * HOUR },
    { "CAC summons Nvidia over H20 security risks", 1 * DAY + 2 * HOUR },
    { "EU weighs AI Act code of practice", 3 * DAY },
    { TITLE_AR_LATIN, 3 * HOUR },
    { "ديب سيك تنشر نموذجاً مفتوح المصدر", 1 * DAY + 5 * HOUR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stories); i++)
    if (g_str_equal (stories[i].title, title))
      return f->now - stories[i].ago;
  g_error ("no story titled “%s”", title);
  return 0;
}

/* A click on the chart's newest bar: that week's stories about Nvidia. */
static void
test_chart_click (Fixture *f, gconstpointer data)
{
  const char *nvidia = arabic () ? "إنفيديا" : "Nvidia";
  DossierMentionChart *chart;
  int width, x, newest_x = -1;
  guint newest = 0, count;
  gint64 start, end;
  g_autoptr(GPtrArray) shown = NULL;
  g_auto(GStrv) chips = NULL;
  g_autofree char *name = NULL;

  click (label_showing (test_window_sidebar_list (f->window), nvidia));
  wait_for (panel_shown, f);
  chart = dossier_tag_panel_get_chart (DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window)));
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  /* Where the newest bucket with stories is drawn. */
  for (x = 0; x < width; x++)
    {
      guint bucket;

      if (dossier_mention_chart_bucket_at (chart, x, &bucket) &&
          dossier_mention_chart_get_count (chart, 0, bucket) > 0 && (newest_x < 0 || bucket >= newest))
        {
          if (newest_x < 0 || bucket > newest)
            newest_x = x;
          newest = bucket;
        }
    }
  g_assert_cmpint (newest_x, >=, 0);
  count = dossier_mention_chart_get_count (chart, 0, newest);
  start = dossier_mention_chart_get_bucket_start (chart, newest);
  end = dossier_mention_chart_get_bucket_end (chart, newest);
  name = dossier_mention_chart_name_bucket (chart, newest);

  click_at (GTK_WIDGET (chart), (newest_x + 2.0) / width, 0.6);
  wait_for (rows_shown, f);
  chips = test_window_filter_chips (f->window);
  g_assert_true (g_strv_contains ((const char * const *) chips, name));
  g_assert_true (calendar_active (f));
  shown = shown_rows (f);
  g_assert_cmpuint (shown->len, ==, count);
  for (guint i = 0; i < shown->len; i++)
    {
      gint64 published = published_of (f, row_title (shown->pdata[i]));

      g_assert_cmpint (published, >=, start);
      g_assert_cmpint (published, <, end);
    }
  test_save_screenshot (GTK_WIDGET (f->window), "use-chart-click");
}

/* The filter bar shows the chip kept on the window as "test-chip". */
static gboolean
chip_shown (Fixture *f)
{
  g_auto(GStrv) chips = test_window_filter_chips (f->window);

  return !test_window_is_loading (f->window) &&
         g_strv_contains ((const char * const *) chips, g_object_get_data (G_OBJECT (f->window), "test-chip"));
}

/* The chart from the keyboard: the focus on it picks the newest bar with
 * stories; the arrow toward the past (Left in English, Right in Arabic,
 * where time runs leftwards) picks the bar before, and its date and count
 * are what a screen reader is given; Enter shows that bar's stories. */
static void
test_chart_keys (Fixture *f, gconstpointer data)
{
  const char *nvidia = arabic () ? "إنفيديا" : "Nvidia";
  const char *earlier = arabic () ? "Right" : "Left";
  const char *later = arabic () ? "Left" : "Right";
  DossierMentionChart *chart;
  guint newest = 0, count;
  gint64 start, end;
  g_autofree char *name = NULL;
  g_autofree char *said = NULL;
  g_autofree char *said_before = NULL;
  g_auto(GStrv) chips = NULL;
  g_autoptr(GPtrArray) shown = NULL;

  click (label_showing (test_window_sidebar_list (f->window), nvidia));
  wait_for (panel_shown, f);
  chart = dossier_tag_panel_get_chart (DOSSIER_TAG_PANEL (dossier_window_get_tag_panel (f->window)));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_SLIDER);
  for (guint i = 0; i < dossier_mention_chart_get_n_buckets (chart); i++)
    if (dossier_mention_chart_get_count (chart, 0, i) > 0)
      newest = i;
  g_assert_cmpuint (newest, >, 0);
  said = dossier_mention_chart_describe_bucket (chart, newest);
  said_before = dossier_mention_chart_describe_bucket (chart, newest - 1);

  gtk_widget_grab_focus (GTK_WIDGET (chart));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (chart)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, said);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) newest);

  press_keys (GTK_WIDGET (f->window), earlier);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, said_before);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, said_before);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                       (double) newest - 1);
  test_save_screenshot (GTK_WIDGET (f->window), "use-chart-keys");
  press_keys (GTK_WIDGET (f->window), later);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, said);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (chart)));

  /* The bar the keyboard chose, and no other, lists its stories. */
  count = dossier_mention_chart_get_count (chart, 0, newest);
  start = dossier_mention_chart_get_bucket_start (chart, newest);
  end = dossier_mention_chart_get_bucket_end (chart, newest);
  name = dossier_mention_chart_name_bucket (chart, newest);
  press_keys (GTK_WIDGET (f->window), "Return");
  wait_for (rows_shown, f);
  chips = test_window_filter_chips (f->window);
  g_assert_true (g_strv_contains ((const char * const *) chips, name));
  shown = shown_rows (f);
  g_assert_cmpuint (shown->len, ==, count);
  for (guint i = 0; i < shown->len; i++)
    {
      gint64 published = published_of (f, row_title (shown->pdata[i]));

      g_assert_cmpint (published, >=, start);
      g_assert_cmpint (published, <, end);
    }

  /* Space does it too, for the bar before, the focus still on the chart. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (chart)));
  press_keys (GTK_WIDGET (f->window), earlier);
  press_keys (GTK_WIDGET (f->window), "space");
  g_object_set_data_full (G_OBJECT (f->window), "test-chip", dossier_mention_chart_name_bucket (chart, newest - 1),
                          g_free);
  wait_for (chip_shown, f);
}

/* ---- 11: Compare › Add from the keyboard ---------------------------------- */

static GtkWindow *
compare_window (void)
{
  return test_shown_toplevel (DOSSIER_TYPE_COMPARE_WINDOW);
}

static gboolean
compare_shown (Fixture *f)
{
  return compare_window () != NULL && !dossier_compare_window_is_loading (DOSSIER_COMPARE_WINDOW (compare_window ()));
}

/* The slugs of the matches shown, in order. */
static GPtrArray *
matches_shown (GtkWidget *widget)
{
  GPtrArray *slugs = g_ptr_array_new ();
  GtkWidget *list = find_child (widget, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row) && gtk_widget_get_mapped (row))
      g_ptr_array_add (slugs, g_object_get_data (G_OBJECT (row), "slug"));
  return slugs;
}

/* The search entry filters the matches a moment after the last key: the
 * text it last filtered by is kept on the popover. */
static void
on_search_changed (GtkSearchEntry *entry,
                   GtkWidget      *popover)
{
  g_object_set_data_full (G_OBJECT (popover), "test-searched",
                          g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))), g_free);
}

static gboolean
two_matches (Fixture *f)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (f->window), "test-popover");
  g_autoptr(GPtrArray) slugs = matches_shown (popover);

  return gtk_widget_get_mapped (popover) &&
         g_strcmp0 (g_object_get_data (G_OBJECT (popover), "test-searched"), "nvidia") == 0 &&
         slugs->len >= 2;
}

static gboolean
compare_has_one (Fixture *f)
{
  g_auto(GStrv) tags = dossier_compare_window_get_tags (DOSSIER_COMPARE_WINDOW (compare_window ()));

  return g_strv_length (tags) == 1 && compare_shown (f);
}

/* Typing in Add's search and Down, Down, Enter picks the second match. */
static void
test_compare_keys (Fixture *f, gconstpointer data)
{
  GtkWindow *compare;
  GtkWidget *add;
  GtkWidget *popover;
  g_autoptr(GPtrArray) slugs = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *second = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.compare", NULL);
  wait_for (compare_shown, f);
  compare = compare_window ();
  add = find_child (GTK_WIDGET (compare), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (add);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (add)));
  g_object_set_data (G_OBJECT (f->window), "test-popover", popover);
  g_signal_connect (find_child (popover, GTK_TYPE_SEARCH_ENTRY), "search-changed",
                    G_CALLBACK (on_search_changed), popover);
  click (add);
  press_keys (GTK_WIDGET (compare), "n v i d i a");
  wait_for (two_matches, f);
  slugs = matches_shown (popover);
  second = g_strdup (slugs->pdata[1]);
  test_save_screenshot (GTK_WIDGET (compare), "use-compare-add");

  press_keys (GTK_WIDGET (compare), "Down Down Return");
  wait_for (compare_has_one, f);
  tags = dossier_compare_window_get_tags (DOSSIER_COMPARE_WINDOW (compare));
  g_assert_cmpstr (tags[0], ==, second);
  gtk_window_destroy (compare);
}

/* ---- 8: Add Feed ----------------------------------------------------------- */

#define TINY_FEED "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bare Wire</title>" \
  "<link>http://bare.example/</link><item><title>Chip rules eased</title><guid>b1</guid>" \
  "<description>The rules were eased.</description></item></channel></rss>"

static DossierAddFeedDialog *
add_feed_dialog (void)
{
  GtkWindow *window = test_shown_toplevel (DOSSIER_TYPE_ADD_FEED_DIALOG);

  return window != NULL ? DOSSIER_ADD_FEED_DIALOG (window) : NULL;
}

static gboolean
add_feed_shown (Fixture *f)
{
  return add_feed_dialog () != NULL;
}

static gboolean
add_feed_answered (Fixture *f)
{
  DossierAddFeedDialog *dialog = add_feed_dialog ();

  return !dossier_add_feed_dialog_is_busy (dialog) &&
         (dossier_add_feed_dialog_get_feed_title (dialog) != NULL || dossier_add_feed_dialog_get_error (dialog) != NULL);
}

static void
type_text (GtkWidget  *window,
           const char *text)
{
  g_autofree char *xid = test_xid_of (window);

  test_xdotool ("windowfocus", "--sync", xid);
  test_xdotool ("type", "--clearmodifiers", "--delay", "20", text);
}

static void
not_found_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static char *
closed_port_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  char *address;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("127.0.0.1:%u/feed.xml", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_close (listener);
  return address;
}

static void
look_up_and_wait (Fixture    *f,
                  const char *address)
{
  dossier_add_feed_dialog_look_up (add_feed_dialog (), address);
  wait_for (add_feed_answered, f);
}

/* The address field has the focus; an address with no scheme that only
 * plain HTTP answers is found at http://, and the dialog says so; each
 * kind of failure has its own sentence, the details folded beneath. */
static void
test_add_feed (Fixture *f, gconstpointer data)
{
  TestPlainServer *bare = test_plain_server_start (TINY_FEED, "application/rss+xml");
  TestServer *server = test_server_start (not_found_cb, NULL);
  g_autofree char *typed = g_strdup_printf ("%s/feed.xml", test_plain_server_host (bare));
  g_autofree char *worked = g_strdup_printf ("http://%s/feed.xml", test_plain_server_host (bare));
  g_autofree char *secure = g_strdup_printf ("https://%s/feed.xml", test_plain_server_host (bare));
  g_autofree char *closed = closed_port_address ();
  g_autofree char *missing = g_strdup_printf ("%s/missing.xml", test_server_url (server));
  DossierAddFeedDialog *dialog;
  GtkWidget *expander;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-feed", NULL);
  wait_for (add_feed_shown, f);
  dialog = add_feed_dialog ();
  /* Typed straight away, with no click: the focus is in the field. */
  type_text (GTK_WIDGET (dialog), typed);
  wait_for (add_feed_answered, f);
  g_assert_null (dossier_add_feed_dialog_get_error (dialog));
  g_assert_cmpstr (dossier_add_feed_dialog_get_feed_title (dialog), ==, "Bare Wire");
  g_assert_cmpstr (dossier_add_feed_dialog_get_address (dialog), ==, worked);
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-fallback");

  /* Refused, at https:// and at http://: both reasons in the details. */
  look_up_and_wait (f, closed);
  g_assert_cmpstr (dossier_add_feed_dialog_get_error (dialog), ==,
                   _("The website refused the connection. It may be down, or the address may name the wrong port."));
  g_assert_nonnull (strstr (dossier_add_feed_dialog_get_error_details (dialog), "https://"));
  expander = find_child (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);
  g_assert_true (gtk_widget_get_mapped (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-refused");

  /* https:// asked for: no fallback, and a sentence about security. */
  look_up_and_wait (f, secure);
  g_assert_cmpstr (dossier_add_feed_dialog_get_error (dialog), ==,
                   _("No secure connection could be made to the website."));
  click (expander);
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-tls");

  look_up_and_wait (f, missing);
  g_assert_cmpstr (dossier_add_feed_dialog_get_error (dialog), ==,
                   _("The website has nothing at this address. Check it for a typing mistake, or give the "
                     "website’s home page and Dossier will look for its feed."));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  test_server_stop (server);
  test_plain_server_stop (bare);
}

/* A resolver without the network: every *.test name is this computer, as
 * a name on a private network would be, and no other name exists. */
#define NAMES_TYPE_RESOLVER (names_resolver_get_type ())
G_DECLARE_FINAL_TYPE (NamesResolver, names_resolver, NAMES, RESOLVER, GResolver)

struct _NamesResolver {
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (NamesResolver, names_resolver, G_TYPE_RESOLVER)

static GList *
names_lookup (const char  *name,
              GError     **error)
{
  if (g_str_has_suffix (name, ".test"))
    return g_list_append (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "Error resolving “%s”: Name or service not known",
               name);
  return NULL;
}

static GList *
names_lookup_sync (GResolver *resolver, const char *name, GCancellable *cancellable, GError **error)
{
  return names_lookup (name, error);
}

static GList *
names_lookup_flags_sync (GResolver *resolver, const char *name, GResolverNameLookupFlags flags,
                         GCancellable *cancellable, GError **error)
{
  return names_lookup (name, error);
}

static void
names_lookup_flags_async (GResolver *resolver, const char *name, GResolverNameLookupFlags flags,
                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *found = names_lookup (name, &error);

  if (found != NULL)
    g_task_return_pointer (task, found, (GDestroyNotify) g_resolver_free_addresses);
  else
    g_task_return_error (task, error);
}

static void
names_lookup_async (GResolver *resolver, const char *name, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  names_lookup_flags_async (resolver, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, callback, user_data);
}

static GList *
names_lookup_finish (GResolver *resolver, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
names_resolver_class_init (NamesResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = names_lookup_sync;
  resolver_class->lookup_by_name_with_flags = names_lookup_flags_sync;
  resolver_class->lookup_by_name_async = names_lookup_async;
  resolver_class->lookup_by_name_with_flags_async = names_lookup_flags_async;
  resolver_class->lookup_by_name_finish = names_lookup_finish;
  resolver_class->lookup_by_name_with_flags_finish = names_lookup_finish;
}

static void
names_resolver_init (NamesResolver *self)
{
}

/* What the test site answers: a page that names a feed on a private
 * host, a server error, a missing file, and the feed. */
static void
site_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *port = user_data;

  if (g_str_equal (path, "/page.html"))
    {
      g_autofree char *page = g_strdup_printf ("<!DOCTYPE html><html><head><title>Intranet news</title>"
                                               "<link rel=\"alternate\" type=\"application/rss+xml\" "
                                               "href=\"http://wire.test:%s/feed.xml\"></head>"
                                               "<body><p>News</p></body></html>", port);

      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page, strlen (page));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_equal (path, "/broken.xml"))
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else if (g_str_equal (path, "/feed.xml"))
    {
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, TINY_FEED,
                                        strlen (TINY_FEED));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The https site that has moved to plain http. */
static void
downgrade_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autofree char *location = g_strconcat (user_data, "/feed.xml", NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
assert_add_feed_error (DossierAddFeedDialog *dialog,
                       const char           *sentence,
                       const char           *detail)
{
  g_assert_cmpstr (dossier_add_feed_dialog_get_error (dialog), ==, sentence);
  g_assert_nonnull (dossier_add_feed_dialog_get_error_details (dialog));
  if (strstr (dossier_add_feed_dialog_get_error_details (dialog), detail) == NULL)
    g_error ("“%s” is not in the details: %s", detail, dossier_add_feed_dialog_get_error_details (dialog));
}

/* The failures that have their own sentence besides the network's: a name
 * no resolver knows (typed, with no scheme: https alone is tried), a
 * missing file (404), another server error, an https site that sends on to
 * http, and a page that names a feed on a private host. */
static void
test_add_feed_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GResolver) resolver = g_object_new (NAMES_TYPE_RESOLVER, NULL);
  g_autoptr(GResolver) system_resolver = g_resolver_get_default ();
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GTlsDatabase) system_trust = g_tls_backend_get_default_database (backend);
  g_autofree char *cert_path = test_source_path ("fixtures", "tls", "cert.pem", NULL);
  g_autofree char *key_path = test_source_path ("fixtures", "tls", "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_autoptr(GTlsDatabase) trust = g_tls_file_database_new (cert_path, &error);
  g_autoptr(SoupServer) tls_server = NULL;
  g_autoptr(GSList) uris = NULL;
  static char site_port[16];
  TestServer *server;
  g_autofree char *https_url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *broken = NULL;
  DossierAddFeedDialog *dialog;

  g_assert_no_error (error);
  g_resolver_set_default (resolver);
  g_tls_backend_set_default_database (backend, trust);
  /* The page names the server's own port, known once it listens (and
   * before any request reads it). */
  server = test_server_start (site_cb, site_port);
  g_strlcpy (site_port, strrchr (test_server_url (server), ':') + 1, sizeof site_port);
  page = g_strdup_printf ("%s/page.html", test_server_url (server));
  missing = g_strdup_printf ("%s/missing.xml", test_server_url (server));
  broken = g_strdup_printf ("%s/broken.xml", test_server_url (server));

  tls_server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (tls_server, NULL, downgrade_cb, (gpointer) test_server_url (server), NULL);
  soup_server_listen_local (tls_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (tls_server);
  https_url = g_strdup_printf ("https://127.0.0.1:%d/feed.xml", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-feed", NULL);
  wait_for (add_feed_shown, f);
  dialog = add_feed_dialog ();

  /* Typed as a user does, with a typing mistake in the name. */
  type_text (GTK_WIDGET (dialog), "news.invalid/feed");
  wait_for (add_feed_answered, f);
  assert_add_feed_error (dialog, _("No website has this name. Check the address for a typing mistake, and your connection."),
                         "news.invalid");
  /* A name that does not exist at https does not at http either: one try. */
  g_assert_null (strstr (dossier_add_feed_dialog_get_error_details (dialog), "http://news.invalid"));
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-no-host");

  look_up_and_wait (f, missing);
  assert_add_feed_error (dialog, _("The website has nothing at this address. Check it for a typing mistake, or give the "
                                   "website’s home page and Dossier will look for its feed."), "404");
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-not-found");

  look_up_and_wait (f, broken);
  assert_add_feed_error (dialog, _("The website answered with an error: there is no feed to read at this address."),
                         "500");

  look_up_and_wait (f, https_url);
  assert_add_feed_error (dialog, _("This secure (https) address sends visitors on to an insecure (http) one, which "
                                   "Dossier does not follow on its own. If you trust the website, add the http "
                                   "address it sends to."), test_server_url (server));
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-insecure");

  look_up_and_wait (f, page);
  assert_add_feed_error (dialog, _("The address leads to this computer or a private network, where a website on the "
                                   "internet may not send Dossier. If you meant a feed there, type that feed’s own "
                                   "address."), "wire.test");
  test_save_screenshot (GTK_WIDGET (dialog), "use-add-feed-private");

  gtk_window_destroy (GTK_WINDOW (dialog));
  soup_server_disconnect (tls_server);
  test_server_stop (server);
  g_tls_backend_set_default_database (backend, system_trust);
  g_resolver_set_default (system_resolver);
}

/* ---- 7: offline, with feeds that no one answers ----------------------------- */

static gboolean
unreachable_shown (Fixture *f)
{
  return !test_window_is_refreshing (f->window) &&
         g_strcmp0 (test_window_empty_title (f->window), _("The Feeds Could Not Be Reached")) == 0;
}

static gboolean
samples_shown (Fixture *f)
{
  return !test_window_is_refreshing (f->window) && rows_shown (f);
}

static void
on_refresh_progress (DossierContext *context,
                     guint           done,
                     guint           total,
                     guint          *progressed)
{
  (*progressed)++;
}

static guint refresh_progress_seen;

static gboolean
refreshed_again (Fixture *f)
{
  return refresh_progress_seen > 0;
}

/* Subscribed while offline: the list says the feeds could not be reached
 * (not "add a feed"), Try Again tries them all again, the sample stories
 * are one click away, and the subscriptions stay. */
static void
test_offline_feeds (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);

    g_assert_no_error (error);
    for (int i = 0; i < 3; i++)
      {
        g_autofree char *address = closed_port_address ();
        g_autofree char *url = g_strconcat ("http://", address, NULL);

        g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, &error), >, 0);
      }
  }
  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
  wait_for (unreachable_shown, f);
  g_assert_true (gtk_widget_get_mapped (button_labelled (GTK_WIDGET (f->window), _("_Try Again"))));
  {
    g_autofree char *said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "The feed could not be reached. Check your connection.",
                                                          "None of the %u feeds could be reached. Check your connection.",
                                                          3), 3);

    /* No one feed's technical reason. */
    g_assert_cmpstr (test_window_last_error (f->window), ==, said);
  }
  test_save_screenshot (GTK_WIDGET (f->window), "use-offline");

  /* The feeds fail at once: the refresh may be over before a check of
   * its state sees it running, so what shows it ran is its progress. */
  refresh_progress_seen = 0;
  g_signal_connect (f->context, "refresh-progress", G_CALLBACK (on_refresh_progress), &refresh_progress_seen);
  click (button_labelled (GTK_WIDGET (f->window), _("_Try Again")));
  wait_for (refreshed_again, f);
  wait_for (unreachable_shown, f);
  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
    g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (feeds->len, ==, 3);
  }

  click (button_labelled (GTK_WIDGET (f->window), _("_Explore Sample Stories")));
  wait_for (samples_shown, f);
  resize (f, 400, 780);
  test_save_screenshot (GTK_WIDGET (f->window), "use-offline-samples");

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_free (f->db);
  g_free (f->dir);
}

/* ---- 13: the narrow header has room for the title --------------------------- */

static gboolean
title_shown (Fixture *f)
{
  return rows_shown (f) && !test_window_is_loading (f->window);
}

static void
test_narrow_title (Fixture *f, gconstpointer data)
{
  const char *name = arabic () ? "إدارة الفضاء الإلكتروني الصينية" : "Cyberspace Administration of China";
  GtkWidget *timeline = dossier_window_get_timeline_view (f->window);
  GtkWidget *title;
  GtkLabel *label;

  click (label_showing (test_window_sidebar_list (f->window), name));
  wait_for (panel_shown, f);
  make_narrow (f);
  if (!showing_timeline (f))
    {
      click (back_button (adw_leaflet_get_visible_child (leaflet (f))));
      wait_for (narrow_done, f);
    }
  wait_for (title_shown, f);
  title = find_child (timeline, ADW_TYPE_WINDOW_TITLE);
  label = GTK_LABEL (find_child (title, GTK_TYPE_LABEL));
  g_assert_cmpstr (gtk_label_get_text (label), ==, name);
  /* Whole, or nearly: not a few letters beside four buttons. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >=, 180);
  /* The buttons are still there, beneath the list, and work. */
  g_assert_true (gtk_widget_get_mapped (calendar_button (f)));
  g_assert_false (gtk_widget_is_ancestor (calendar_button (f), find_child (timeline, ADW_TYPE_HEADER_BAR)));
  test_save_screenshot (GTK_WIDGET (f->window), "use-narrow-title");

  /* Wide again: back in the header. */
  resize (f, 1280, 800);
  wait_for (rows_shown, f);
  g_assert_true (gtk_widget_is_ancestor (calendar_button (f), find_child (timeline, ADW_TYPE_HEADER_BAR)));
}

/* ---- A saved search keeps its dates ----------------------------------------- */

static gboolean
search_saved (Fixture *f)
{
  GPtrArray *searches = test_window_saved_searches (f->window);

  return searches != NULL && searches->len == 1 && test_window_timeline_view (f->window) != NULL &&
         dossier_timeline_view_get_filter (DOSSIER_TIMELINE_VIEW (test_window_timeline_view (f->window)),
                                           NULL, NULL) == DOSSIER_FILTER_SAVED;
}

static GtkWidget *
find_button_with_icon (GtkWidget  *widget,
                       const char *icon)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_icon (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
message_dialog_shown (void)
{
  GtkWindow *window = test_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return window != NULL ? ADW_MESSAGE_DIALOG (window) : NULL;
}

static gboolean
save_dialog_open (Fixture *f)
{
  return message_dialog_shown () != NULL;
}

/* Dates chosen in the dialog, saved from the filter bar: the saved search keeps
 * them to the second, shows them as its chip with the calendar pressed
 * when chosen again, and they leave with it. */
static void
test_saved_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (f->now - 3 * DAY);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  g_autofree char *label = g_date_time_format (day, _("%-d %b %Y"));
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  DossierSavedSearch *saved;
  g_auto(GStrv) chips = NULL;
  g_auto(GStrv) again = NULL;
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.choose-dates", NULL);
  wait_for (range_dialog_open, f);
  dialog = dialog_shown ();
  gtk_calendar_select_day (dossier_range_dialog_get_from (DOSSIER_RANGE_DIALOG (dialog)), day);
  gtk_calendar_select_day (dossier_range_dialog_get_to (DOSSIER_RANGE_DIALOG (dialog)), day);
  click (find_button_with_class (GTK_WIDGET (dialog), "suggested-action"));
  wait_for (range_dialog_closed, f);
  wait_for (only_eu_shown, f);

  /* The filter bar's Save Search button, a name typed over the one
   * suggested, Enter. */
  click (find_button_with_icon (dossier_window_get_timeline_view (f->window), "folder-saved-search-symbolic"));
  wait_for (save_dialog_open, f);
  press_keys (GTK_WIDGET (message_dialog_shown ()), "ctrl+a");
  test_xdotool ("type", "--delay", "20", "EU day");
  test_save_screenshot (GTK_WIDGET (message_dialog_shown ()), "use-save-search-range");
  press_keys (GTK_WIDGET (message_dialog_shown ()), "Return");
  wait_for (search_saved, f);
  wait_for (only_eu_shown, f);

  /* What another program reads: the day's two local midnights. */
  store = dossier_store_open (f->db, NULL);
  stored = dossier_store_list_searches (store, NULL);
  g_assert_cmpuint (stored->len, ==, 1);
  saved = g_ptr_array_index (stored, 0);
  g_assert_cmpstr (saved->name, ==, "EU day");
  g_assert_cmpint (saved->since, ==, g_date_time_to_unix (midnight));
  g_assert_cmpint (saved->until, ==, g_date_time_to_unix (next));
  g_assert_cmpint (saved->period_seconds, ==, 0);

  /* Another filter: every story, and the dates went with the search. */
  click (label_showing (test_window_sidebar_list (f->window), _("All Stories")));
  wait_for (all_six_shown, f);
  g_assert_false (calendar_active (f));

  /* Chosen again with a click: its day, shown as the period's chip. */
  click (label_showing (test_window_sidebar_list (f->window), "EU day"));
  wait_for (only_eu_shown, f);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (chips), ==, 2);
  g_assert_cmpstr (chips[0], ==, "EU day");
  g_assert_cmpstr (chips[1], ==, label);
  g_assert_true (calendar_active (f));
  test_save_screenshot (GTK_WIDGET (f->window), "use-saved-range");

  /* Its date chip's cross widens the search to any time. */
  click (label_showing (GTK_WIDGET (f->window), label));
  wait_for (all_six_shown, f);
  again = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (again), ==, 1);
  g_assert_false (calendar_active (f));
}

/* ---- A saved search open at one end ------------------------------------------ */

/* Saved from the command line with only --since or only --until: the
 * chip says which end ("Since …", "Until …"), the list keeps to it, the
 * date dialog opens on the known end, and the chip's cross removes it. */
static void
fixture_set_up_open_ranges (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  const char *names[] = { "Recent days", "Before" };

  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  fill (f);
  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DossierSavedSearch) search = dossier_saved_search_new ();

      search->name = g_strdup (names[i]);
      /* Between the EU story (three days ago) and the others. */
      if (i == 0)
        search->since = f->now - 2 * DAY;
      else
        search->until = f->now - 2 * DAY;
      g_assert_cmpint (dossier_store_save_search (store, search, &error), >, 0);
      g_assert_no_error (error);
    }
  g_clear_pointer (&store, dossier_store_close);
  open_window (f);
}

static gboolean
all_but_eu_shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = shown_rows (f);
  g_autofree char *titles = shown_titles (f);

  return !test_window_is_loading (f->window) && rows->len == 5 && strstr (titles, "EU weighs") == NULL;
}

static void
test_saved_open_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (f->now - 2 * DAY);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (f->now - 2 * DAY - 1);
  g_autofree char *start_day = g_date_time_format (start, _("%-d %b %Y"));
  g_autofree char *end_day = g_date_time_format (end, _("%-d %b %Y"));
  g_autofree char *since_label = g_strdup_printf (_("Since %s"), start_day);
  g_autofree char *until_label = g_strdup_printf (_("Until %s"), end_day);
  g_auto(GStrv) chips = NULL;
  g_auto(GStrv) until_chips = NULL;
  g_auto(GStrv) left = NULL;
  g_autoptr(GDateTime) to_day = NULL;
  GtkWindow *dialog;

  click (label_showing (test_window_sidebar_list (f->window), "Recent days"));
  wait_for (all_but_eu_shown, f);
  chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (chips), ==, 2);
  g_assert_cmpstr (chips[0], ==, "Recent days");
  g_assert_cmpstr (chips[1], ==, since_label);
  g_assert_true (calendar_active (f));
  test_save_screenshot (GTK_WIDGET (f->window), "use-saved-since");

  click (label_showing (test_window_sidebar_list (f->window), "Before"));
  wait_for (only_eu_shown, f);
  until_chips = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (until_chips), ==, 2);
  g_assert_cmpstr (until_chips[1], ==, until_label);

  /* The dialog opens on the known end (it read "no date" as a date
   * before: a window that never came). */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.choose-dates", NULL);
  wait_for (range_dialog_open, f);
  dialog = dialog_shown ();
  to_day = gtk_calendar_get_date (dossier_range_dialog_get_to (DOSSIER_RANGE_DIALOG (dialog)));
  g_assert_cmpint (g_date_time_get_day_of_year (to_day), ==, g_date_time_get_day_of_year (end));
  gtk_window_close (dialog);
  wait_for (range_dialog_closed, f);

  /* The chip's cross: any time, the saved search's other filters stay. */
  click (label_showing (GTK_WIDGET (f->window), until_label));
  wait_for (all_six_shown, f);
  left = test_window_filter_chips (f->window);
  g_assert_cmpuint (g_strv_length (left), ==, 1);
  g_assert_false (calendar_active (f));
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("dossier-test-cache-XXXXXX", NULL);

  /* xdotool speaks to the X server. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Xvfb has no window manager to take focus away in order: a text field
   * focused in a dialog closed meanwhile would have its cursor's blink
   * timer warn (fatally, in a test) that no focus-out came. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/use/narrow-click-opens", Fixture, NULL, fixture_set_up, test_narrow_click_opens, fixture_tear_down);
  g_test_add ("/use/wide-click-chooses", Fixture, NULL, fixture_set_up, test_wide_click_chooses, fixture_tear_down);
  g_test_add ("/use/narrow-shows-list", Fixture, NULL, fixture_set_up, test_narrow_shows_list, fixture_tear_down);
  g_test_add ("/use/story-leaves-list", Fixture, NULL, fixture_set_up, test_story_leaves_list, fixture_tear_down);
  g_test_add ("/use/row-chips", Fixture, NULL, fixture_set_up, test_row_chips, fixture_tear_down);
  g_test_add ("/use/mark-all-read-undo", Fixture, NULL, fixture_set_up, test_mark_all_read_undo, fixture_tear_down);
  g_test_add ("/use/panel-top", Fixture, NULL, fixture_set_up, test_panel_top, fixture_tear_down);
  g_test_add ("/use/date-range", Fixture, NULL, fixture_set_up, test_date_range, fixture_tear_down);
  g_test_add ("/use/saved-range", Fixture, NULL, fixture_set_up, test_saved_range, fixture_tear_down);
  g_test_add ("/use/saved-open-range", Fixture, NULL, fixture_set_up_open_ranges, test_saved_open_range,
              fixture_tear_down);
  g_test_add ("/use/chart-keys", Fixture, NULL, fixture_set_up, test_chart_keys, fixture_tear_down);
  g_test_add ("/use/chart-click", Fixture, NULL, fixture_set_up, test_chart_click, fixture_tear_down);
  g_test_add ("/use/compare-keys", Fixture, NULL, fixture_set_up, test_compare_keys, fixture_tear_down);
  g_test_add ("/use/add-feed", Fixture, NULL, fixture_set_up, test_add_feed, fixture_tear_down);
  g_test_add ("/use/add-feed-refusals", Fixture, NULL, fixture_set_up, test_add_feed_refusals, fixture_tear_down);
  g_test_add_func ("/use/offline-feeds", test_offline_feeds);
  g_test_add ("/use/narrow-title", Fixture, NULL, fixture_set_up, test_narrow_title, fixture_tear_down);
  g_test_add ("/use/story-direction", Fixture, NULL, fixture_set_up, test_story_direction, fixture_tear_down);

  return g_test_run ();
}
