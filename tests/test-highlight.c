/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The words searched for, marked in the timeline's titles and in the story
 * view's, as a user gets there: keys typed into the window and a click on
 * a row, sent by xdotool to the window under Xvfb. In English and Arabic
 * interfaces (test-highlight-ar), wide and narrow, with screenshots. */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "dossier-context.h"
#include "dossier-headline.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "dossier-story-view.h"
#include "dossier-store.h"
#include "dossier-window.h"
#include "test-gui-util.h"
#include "test-util.h"
#include "test-window-util.h"

#define HOUR 3600

typedef struct {
  char            *dir;
  char            *db;
  DossierContext  *context;
  DossierWindow   *window;
  gulong           xid;
  char            *searched;   /* the words of the last search run */
} Fixture;

static void collect (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found);

static DossierParsedItem *
story (const char *guid,
       const char *title,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->summary = g_strdup ("");
  it->published = published;
  return it;
}

static void
fill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  g_assert_no_error (error);
  id = dossier_store_add_feed (store, "http://127.0.0.1:9/wire.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Wire");
  g_ptr_array_add (feed->items, story ("1", "والصين ترد على قيود تصدير الرقائق", now - 1 * HOUR));
  g_ptr_array_add (feed->items, story ("2", "Nvidia resumes H20 chip sales to China", now - 2 * HOUR));
  g_ptr_array_add (feed->items, story ("3", "الصين تفرض ضوابط على تصدير الغاليوم", now - 3 * HOUR));
  g_ptr_array_add (feed->items, story ("4", "Regulators draft a new AI regulation", now - 4 * HOUR));
  g_ptr_array_add (feed->items, story ("5", "هواوي تطلق رقائق Ascend لمنافسة إنفيديا", now - 5 * HOUR));
  g_ptr_array_add (feed->items, story ("6", "Apple harvest falls in Shandong", now - 6 * HOUR));
  g_assert_true (dossier_store_merge_feed (store, id, feed, now, NULL, &error));
  g_assert_no_error (error);
}

static void
iterate (int times)
{
  for (int i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* What the search entry holds, to tell a failed wait. */
static const char *
search_text (Fixture *f)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, entries);
  return entries->len > 0 ? gtk_editable_get_text (g_ptr_array_index (entries, 0)) : "(no entry)";
}

/* Runs the main loop until @done says so, for at most 15 s. */
static void
wait_for (gboolean (*done) (Fixture *f, gconstpointer data),
          Fixture      *f,
          gconstpointer data)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!done (f, data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting: %u stories listed for “%s”",
                 g_list_model_get_n_items (test_window_timeline (f->window)), search_text (f));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  iterate (50);
}

/* The search for @data's words has run and its list is in. */
static gboolean
search_applied (Fixture *f, gconstpointer data)
{
  return g_strcmp0 (f->searched, data) == 0 && !test_window_is_loading (f->window);
}

static void
on_search_notify_cb (GObject    *view,
                     GParamSpec *pspec,
                     Fixture    *f)
{
  g_free (f->searched);
  g_object_get (view, "search", &f->searched, NULL);
}

static gboolean
timeline_has (Fixture *f, gconstpointer data)
{
  GListModel *model = test_window_timeline (f->window);

  if (test_window_is_loading (f->window) || g_list_model_get_n_items (model) != GPOINTER_TO_UINT (data))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      if (!dossier_story_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

/* Read, and on screen: in a narrow window, once the story's page is. */
static gboolean
story_shown (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  if (test_window_story (f->window) == NULL)
    return FALSE;
  collect (GTK_WIDGET (f->window), DOSSIER_TYPE_STORY_VIEW, views);
  return views->len == 1;
}

static void click (Fixture *f, GtkWidget *widget);

/* Clears the search entry and types @text into it, as a user would: a
 * click into the entry (the search bar is open once a letter was typed
 * at the window), select all, then the keys. */
static void
type_search (Fixture    *f,
             const char *text)
{
  g_autofree char *xid = g_strdup_printf ("%lu", f->xid);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  test_xdotool ("windowfocus", "--sync", xid);
  collect (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, entries);
  if (entries->len > 0)
    {
      click (f, g_ptr_array_index (entries, 0));
      test_xdotool ("key", "--clearmodifiers", "ctrl+a", "BackSpace");
    }
  if (text[0] == '\0')
    return;
  g_clear_pointer (&f->searched, g_free);
  test_xdotool ("type", "--delay", "80", text);
  /* On a busy machine the keys come far apart, and the search runs for
   * "chip" before "chips": its list, marked alike, would be taken for
   * the final one and replaced under the next click. */
  wait_for (search_applied, f, text);
}

static void
click (Fixture   *f,
       GtkWidget *widget)
{
  test_pointer_to (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, "click", "1");
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* The parts of @text that @attributes make bold, joined with "|". */
static char *
bold_parts (const char    *text,
            PangoAttrList *attributes)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  GSList *list;

  if (attributes == NULL)
    return g_strdup ("");
  list = pango_attr_list_get_attributes (attributes);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type != PANGO_ATTR_WEIGHT)
        continue;
      g_assert_cmpint (((PangoAttrInt *) attr)->value, ==, PANGO_WEIGHT_BOLD);
      g_assert_cmpuint (attr->end_index, <=, strlen (text));
      if (parts->len > 0)
        g_string_append_c (parts, '|');
      g_string_append_len (parts, text + attr->start_index, attr->end_index - attr->start_index);
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return g_string_free (g_steal_pointer (&parts), FALSE);
}

/* What each headline on screen marks: "title: part|part", a line each, in
 * the timeline's order. */
static char *
marked_rows (Fixture *f)
{
  g_autoptr(GPtrArray) headlines = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  GListModel *model = test_window_timeline (f->window);

  collect (dossier_window_get_timeline_view (f->window), DOSSIER_TYPE_HEADLINE, headlines);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);
      const char *title = dossier_story_item_get_title (item);

      for (guint h = 0; h < headlines->len; h++)
        {
          DossierHeadline *headline = g_ptr_array_index (headlines, h);

          if (g_strcmp0 (dossier_headline_get_text (headline), title) == 0)
            {
              g_autofree char *bold = bold_parts (title, dossier_headline_get_attributes (headline));

              g_string_append_printf (out, "%s: %s\n", title, bold);
            }
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
headline_of (Fixture    *f,
             const char *title)
{
  g_autoptr(GPtrArray) headlines = g_ptr_array_new ();

  collect (dossier_window_get_timeline_view (f->window), DOSSIER_TYPE_HEADLINE, headlines);
  for (guint h = 0; h < headlines->len; h++)
    if (g_strcmp0 (dossier_headline_get_text (g_ptr_array_index (headlines, h)), title) == 0)
      return g_ptr_array_index (headlines, h);
  g_error ("no row “%s”", title);
}

/* Waits until the headlines mark @expected, then checks it: a search
 * runs a moment after the keys, and the list before it may hold as many
 * stories. */
static void
assert_rows (Fixture    *f,
             const char *expected)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  g_autofree char *rows = NULL;

  while (TRUE)
    {
      g_free (rows);
      rows = marked_rows (f);
      if (g_strcmp0 (rows, expected) == 0 || g_get_monotonic_time () > end)
        break;
      iterate (10);
    }
  if (g_strcmp0 (rows, expected) != 0)
    {
      g_test_message ("searched for “%s”", search_text (f));
      test_save_screenshot (GTK_WIDGET (f->window), "search-highlight-failed");
    }
  g_assert_cmpstr (rows, ==, expected);
}

/* The story view's title label and what it marks. */
static char *
marked_story_title (Fixture *f)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), DOSSIER_TYPE_STORY_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  collect (g_ptr_array_index (views, 0), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (GTK_WIDGET (label), "title-2"))
        return bold_parts (gtk_label_get_text (label), gtk_label_get_attributes (label));
    }
  g_error ("no story title");
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GdkSurface *surface;

  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  fill (f);
  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_signal_connect (dossier_window_get_timeline_view (f->window), "notify::search",
                    G_CALLBACK (on_search_notify_cb), f);
  wait_for (timeline_has, f, GUINT_TO_POINTER (6));

  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_SURFACE (surface))
    f->xid = gdk_x11_surface_get_xid (surface);
#endif
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_free (f->searched);
  g_free (f->db);
  g_free (f->dir);
}

static gboolean
can_type (Fixture *f)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");
  g_autofree char *setxkbmap = g_find_program_in_path ("setxkbmap");
  int status = -1;

  if (f->xid == 0 || path == NULL || setxkbmap == NULL)
    {
      g_test_skip ("needs xdotool, setxkbmap and an X11 display");
      return FALSE;
    }
  /* An English and an Arabic keyboard, as a bilingual user has: xdotool
   * then finds every letter on a key, where otherwise it maps a spare
   * key for each one, and the window may read the key before the map. */
  g_assert_true (g_spawn_sync (NULL, (char *[]) { setxkbmap, "-layout", "us,ara", NULL }, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  iterate (50);
  return TRUE;
}

/* Arabic: every form of the word typed finds and marks every form of it,
 * in the list and in the story. */
static void
test_arabic (Fixture *f, gconstpointer data)
{
  g_autofree char *story = NULL;

  if (!can_type (f))
    return;

  type_search (f, "والصين");
  assert_rows (f, "والصين ترد على قيود تصدير الرقائق: والصين\n"
                             "الصين تفرض ضوابط على تصدير الغاليوم: الصين\n");
  test_save_screenshot (GTK_WIDGET (f->window), "search-highlight");

  /* Two words, in a narrow window. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 480, 800);
  type_search (f, "رقائق تصدير");
  assert_rows (f, "والصين ترد على قيود تصدير الرقائق: تصدير|الرقائق\n");
  test_save_screenshot (GTK_WIDGET (f->window), "search-highlight-narrow");

  /* A click (a tap) opens the story over the list in one pane (issue 19:
   * it only chose it, and Enter was needed); its title marks the same
   * words. */
  click (f, headline_of (f, "والصين ترد على قيود تصدير الرقائق"));
  wait_for (story_shown, f, NULL);
  story = marked_story_title (f);
  g_assert_cmpstr (story, ==, "تصدير|الرقائق");
  test_save_screenshot (GTK_WIDGET (f->window), "search-highlight-narrow-story");
}

/* English: the stem of the word typed marks every form of it; cleared,
 * the search marks nothing. */
static void
test_english (Fixture *f, gconstpointer data)
{
  g_autofree char *rows = NULL;
  g_autofree char *story = NULL;

  if (!can_type (f))
    return;

  type_search (f, "regulate");
  assert_rows (f, "Regulators draft a new AI regulation: Regulators|regulation\n");

  type_search (f, "chips");
  assert_rows (f, "Nvidia resumes H20 chip sales to China: chip\n");
  click (f, headline_of (f, "Nvidia resumes H20 chip sales to China"));
  wait_for (story_shown, f, NULL);
  story = marked_story_title (f);
  g_assert_cmpstr (story, ==, "chip");
  test_save_screenshot (GTK_WIDGET (f->window), "search-highlight-english");

  /* Mixed scripts: an English name and an Arabic word. */
  type_search (f, "Ascend رقائق");
  assert_rows (f, "هواوي تطلق رقائق Ascend لمنافسة إنفيديا: رقائق|Ascend\n");

  /* No search, no marks. */
  type_search (f, "");
  test_xdotool ("key", "Escape");
  wait_for (timeline_has, f, GUINT_TO_POINTER (6));
  rows = marked_rows (f);
  g_assert_null (strstr (rows, "|"));
  g_assert_true (g_str_has_suffix (rows, "Apple harvest falls in Shandong: \n"));
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("dossier-test-cache-XXXXXX", NULL);

  /* Pictures and icons of the run stay in the run. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* In the language the run names, as the application takes it. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/highlight/arabic", Fixture, NULL, fixture_set_up, test_arabic, fixture_tear_down);
  g_test_add ("/highlight/english", Fixture, NULL, fixture_set_up, test_english, fixture_tear_down);
  return g_test_run ();
}
