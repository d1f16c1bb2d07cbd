/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Reading and citing in the real window under Xvfb, as a user does it:
 * xdotool moves the pointer, clicks and presses keys through the X
 * server, and the window answers as it would to a person. The story's
 * menu copies its citation (the clipboard is read back), Copy Citation
 * As gives Markdown and BibTeX, Space and Shift+Space page through a
 * long story and Space at its end opens the next one, Fetch the Full
 * Article and its way back, and a link's address shown on hover. Wide
 * and narrow, in English and (LANGUAGE=ar) in Arabic, with screenshots
 * of the screen in the build folder. */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "dossier-headline.h"
#include "dossier-i18n.h"
#include "dossier-reading-private.h"
#include "dossier-refresh.h"
#include "dossier-resources.h"
#include "dossier-store.h"
#include "test-gui-util.h"
#include "test-util.h"
#include "test-window-util.h"

#define PARAGRAPHS 40

typedef struct {
  GMutex      lock;
  GHashTable *hits;     /* path → requests */
  char       *base;
} Server;

typedef struct {
  Server          server;
  TestServer     *http;
  char           *dir;
  char           *db;
  DossierContext *context;
  DossierWindow  *window;
  gboolean        narrow;
} Fixture;

/* ---- The server: a feed of a long English story and a short Arabic one -- */

/* RFC 822 in English whatever the locale, as feeds write it. */
static char *
rfc822 (GDateTime *when)
{
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  return g_strdup_printf ("%02d %s %d %02d:%02d:%02d GMT", g_date_time_get_day_of_month (when),
                          months[g_date_time_get_month (when) - 1], g_date_time_get_year (when),
                          g_date_time_get_hour (when), g_date_time_get_minute (when),
                          g_date_time_get_second (when));
}

static char *
make_feed (const char *base)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_hours (now, -2);
  g_autofree char *newer = rfc822 (now);
  g_autofree char *older = rfc822 (before);

  g_string_append_printf (xml,
                          "<?xml version=\"1.0\"?><rss version=\"2.0\" "
                          "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Chip Wire</title>"
                          "<link>%s/</link>"
                          "<item><title>Nvidia resumes H20 sales to China</title><link>%s/story/1</link>"
                          "<guid>1</guid><dc:creator>Lena Park</dc:creator><pubDate>%s</pubDate>"
                          "<description>The US allowed Nvidia to sell its H20 chip to China again.</description>"
                          "<content:encoded><![CDATA[<p>The US allowed Nvidia to sell its H20 chip to China again, "
                          "says the <a href=\"/bis/notice\">Commerce notice</a> published on Monday.</p>",
                          base, base, newer);
  for (int i = 2; i <= PARAGRAPHS; i++)
    g_string_append_printf (xml,
                            "<p>Paragraph %d. Analysts said the licences would be granted within weeks, while "
                            "lawmakers in Washington asked the Commerce Department to explain how the chips "
                            "would be kept from military buyers, and suppliers in Taiwan prepared shipments.</p>",
                            i);
  g_string_append_printf (xml,
                          "<p>The last paragraph of the long story.</p>]]></content:encoded></item>"
                          "<item><title>هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا</title><link>%s/story/2</link>"
                          "<guid>2</guid><dc:creator>سارة أحمد</dc:creator><pubDate>%s</pubDate>"
                          "<description>قالت هواوي إن رقائق أسند ستتوفر للشركات الصينية هذا العام.</description>"
                          "</item></channel></rss>",
                          base, older);
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static const char page[] =
  "<html><head><title>Nvidia resumes H20 sales | Chip Wire</title></head><body>"
  "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
  "<article><h1>Nvidia resumes H20 sales</h1>"
  "<p>The full article says more than the feed: Huawei races to build alternatives with its Ascend chips.</p>"
  "<p>Analysts expect the licences within weeks, and the Commerce Department has said little.</p>"
  "</article><footer>© Chip Wire. All rights reserved.</footer></body></html>";

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Server *server = data;

  g_mutex_lock (&server->lock);
  g_hash_table_replace (server->hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  g_mutex_unlock (&server->lock);

  if (g_str_equal (path, "/feed.xml"))
    {
      g_autofree char *feed = NULL;

      g_mutex_lock (&server->lock);
      feed = make_feed (server->base);
      g_mutex_unlock (&server->lock);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed, strlen (feed));
    }
  else if (g_str_equal (path, "/story/1"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static guint
hits (Fixture    *f,
      const char *path)
{
  guint count;

  g_mutex_lock (&f->server.lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (f->server.hits, path));
  g_mutex_unlock (&f->server.lock);
  return count;
}

/* ---- The loop ------------------------------------------------------------ */

typedef gboolean (*Condition) (Fixture *f);

static void screenshot_screen (const char *name);

static void
count_paint (guint *painted)
{
  (*painted)++;
}

/* Runs the loop until @condition holds, then until two frames have been
 * painted after it, so that places on the screen are the new ones. */
static void
wait_for (Fixture   *f,
          Condition  condition)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (f))
    {
      if (g_get_monotonic_time () > end)
        {
          screenshot_screen ("timed-out");
          g_error ("timed out waiting");
        }
      test_iterate (1);
    }
  for (int frames = 0; frames < 2; frames++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
      guint painted = 0;
      gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_paint), &painted);

      gtk_widget_queue_draw (GTK_WIDGET (f->window));
      while (painted == 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          g_main_context_iteration (NULL, TRUE);
        }
      g_signal_handler_disconnect (clock, id);
    }
  test_iterate (5);
}

/* ---- Real input ---------------------------------------------------------- */

static void
press (const char *keys)
{
  test_xdotool ("key", keys);
  test_iterate (20);
}


static void
screenshot_screen (const char *name)
{
  const char *language = g_str_has_prefix (g_get_language_names ()[0], "ar") ? "ar" : "en";
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s/%s-%s.png", dir, name, language);
  const char *argv[] = { "import", "-window", "root", file, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_mkdir_with_parents (dir, 0755);
  if (g_find_program_in_path ("import") == NULL)
    return;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("screenshot %s", file);
}

/* ---- Finding what a user sees -------------------------------------------- */

static gboolean
label_starts (GtkWidget  *widget,
              const char *prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (label_starts (widget, prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A menu's label as shown: translated, its mnemonic's underline gone. */
static char *
shown (const char *msgid)
{
  g_autoptr(GString) text = g_string_new (g_dgettext (GETTEXT_PACKAGE, msgid));

  g_string_replace (text, "_", "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
find_in_popovers (GtkWidget  *widget,
                  const char *prefix)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return find_label (widget, prefix);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in_popovers (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_of (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_of (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_tooltip_with (GtkWidget  *widget,
                   const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkTooltipWindow"))
    return gtk_widget_get_mapped (widget) ? find_label (widget, text) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkScrolledWindow *
story_scroller (Fixture *f)
{
  GtkWidget *view = dossier_window_get_story_view (f->window);

  for (GtkWidget *w = find_label (view, "Paragraph 2."); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      return GTK_SCROLLED_WINDOW (w);
  g_assert_not_reached ();
}

static gboolean
at_end (Fixture *f)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (story_scroller (f));

  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

static double
scrolled (Fixture *f)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (story_scroller (f)));
}

/* ---- Set-up -------------------------------------------------------------- */

static gboolean
rows_ready (Fixture *f)
{
  GListModel *model = test_window_timeline (f->window);

  if (test_window_is_loading (f->window) || g_list_model_get_n_items (model) != 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      if (!dossier_story_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
long_story_shown (Fixture *f)
{
  const DossierArticle *a = test_window_story (f->window);

  return a != NULL && g_str_has_prefix (a->title, "Nvidia resumes") &&
         find_label (dossier_window_get_story_view (f->window), "Paragraph 2.") != NULL;
}

static gboolean
arabic_story_shown (Fixture *f)
{
  const DossierArticle *a = test_window_story (f->window);

  return a != NULL && g_str_has_prefix (a->title, "هواوي");
}

static GtkWidget *
find_headline (GtkWidget  *widget,
               const char *prefix)
{
  if (DOSSIER_IS_HEADLINE (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (dossier_headline_get_text (DOSSIER_HEADLINE (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_headline (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A click on the story's row in the timeline, as a user opens it. */
static void
open_story (Fixture    *f,
            const char *title,
            Condition   shown_condition)
{
  GtkWidget *row = find_headline (GTK_WIDGET (test_window_timeline_view (f->window)), title);

  g_assert_nonnull (row);
  test_click (row);
  /* Narrow, a click chooses the row and Enter opens it; wide, the click
   * opens it beside the list. */
  if (f->narrow)
    press ("Return");
  wait_for (f, shown_condition);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean narrow = GPOINTER_TO_INT (data);

  f->narrow = narrow;

  g_mutex_init (&f->server.lock);
  f->server.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->http = test_server_start (handle, &f->server);
  g_mutex_lock (&f->server.lock);
  f->server.base = g_strdup (test_server_url (f->http));
  g_mutex_unlock (&f->server.lock);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);

  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("%s/feed.xml", f->server.base);
  g_assert_cmpint (dossier_subscribe (store, fetcher, url, NULL, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&store, dossier_store_close);

  f->context = dossier_context_new (f->db);
  f->window = dossier_window_new (NULL, f->context);
  /* Short, so that the long story takes several pages. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), narrow ? 400 : 1100, 600);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (f, rows_ready);
  {
    g_autofree char *xid = test_xid_of (GTK_WIDGET (f->window));

    /* No window manager under Xvfb: the keyboard goes where it is put. */
    test_xdotool ("windowfocus", xid);
  }
  open_story (f, "Nvidia resumes H20", long_story_shown);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  test_iterate (20);
  g_clear_object (&f->context);
  test_server_stop (f->http);
  g_hash_table_unref (f->server.hits);
  g_free (f->server.base);
  g_mutex_clear (&f->server.lock);
  g_free (f->db);
  g_free (f->dir);
}

/* ---- The clipboard ------------------------------------------------------- */

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
clipboard_text (Fixture *f)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, on_clipboard_read_cb,
                                 &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static void
clear_clipboard (Fixture *f)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), "");
  test_iterate (5);
}

static GtkWidget *
open_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = open_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
menu_open (Fixture *f)
{
  return open_popover (GTK_WIDGET (f->window)) != NULL;
}

static gboolean
menu_closed (Fixture *f)
{
  return open_popover (GTK_WIDGET (f->window)) == NULL;
}

/* Opens the story's menu with a click and clicks @item in it, going into
 * the submenu @submenu first when given. */
static void
menu_click (Fixture    *f,
            const char *submenu,
            const char *item)
{
  GtkWidget *button = NULL;
  GtkWidget *target;
  g_autofree char *item_text = shown (item);

  /* The story's menu button: the one whose menu holds the citation. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->window)); w != NULL;)
    {
      if (GTK_IS_MENU_BUTTON (w) && gtk_widget_get_mapped (w) &&
          gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (w)) != NULL)
        {
          GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (w));
          GMenuModel *section = g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);
          g_autofree char *action = NULL;

          if (section != NULL &&
              g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_str_equal (action, "win.copy-citation"))
            button = w;
          g_clear_object (&section);
        }
      if (button != NULL)
        break;
      /* Depth first through the window. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == GTK_WIDGET (f->window) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (button);
  test_click (button);
  wait_for (f, menu_open);
  if (submenu != NULL)
    {
      g_autofree char *submenu_text = shown (submenu);

      target = find_in_popovers (GTK_WIDGET (f->window), submenu_text);
      g_assert_nonnull (target);
      test_click (target);
      test_iterate (200);
    }
  target = find_in_popovers (GTK_WIDGET (f->window), item_text);
  g_assert_nonnull (target);
  screenshot_screen (submenu != NULL ? "story-menu-citation-as" : "story-menu");
  test_click (target);
  wait_for (f, menu_closed);
}

/* ---- Tests --------------------------------------------------------------- */

static void
test_citation_menu (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *bibtex = NULL;
  g_autofree char *arabic = NULL;
  g_autofree char *base = NULL;

  g_mutex_lock (&f->server.lock);
  base = g_strdup (f->server.base);
  g_mutex_unlock (&f->server.lock);

  clear_clipboard (f);
  menu_click (f, NULL, "_Copy Citation");
  text = clipboard_text (f);
  /* In the story's language, whatever the interface's. */
  g_assert_true (g_str_has_prefix (text, "Lena Park, “Nvidia resumes H20 sales to China”, Chip Wire, "));
  g_assert_true (g_str_has_suffix (text, "/story/1"));
  g_assert_true (g_str_has_prefix (strrchr (text, ' ') + 1, base));

  clear_clipboard (f);
  menu_click (f, "Copy Citation _As", "_Markdown");
  markdown = clipboard_text (f);
  g_assert_true (g_str_has_prefix (markdown, "Lena Park, “[Nvidia resumes H20 sales to China]("));
  g_assert_nonnull (strstr (markdown, "/story/1)”, *Chip Wire*, "));

  clear_clipboard (f);
  menu_click (f, "Copy Citation _As", "_BibTeX");
  bibtex = clipboard_text (f);
  g_assert_true (g_str_has_prefix (bibtex, "@misc{park"));
  g_assert_nonnull (strstr (bibtex, "  title        = {{Nvidia resumes H20 sales to China}},\n"));
  g_assert_nonnull (strstr (bibtex, "  language     = {english}\n}"));

  /* The Arabic story's citation is Arabic. */
  open_story (f, "هواوي تطلق", arabic_story_shown);
  clear_clipboard (f);
  menu_click (f, NULL, "_Copy Citation");
  arabic = clipboard_text (f);
  g_assert_true (g_str_has_prefix (arabic, "سارة أحمد، «هواوي تطلق رقائق أسند الجديدة لمنافسة إنفيديا»، Chip Wire، "));
}

static void
test_space_paging (Fixture       *f,
                   gconstpointer  data)
{
  double before, top;
  int pages = 0;

  g_assert_cmpfloat (scrolled (f), ==, 0);
  press ("space");
  wait_for (f, long_story_shown);
  top = scrolled (f);
  g_assert_cmpfloat (top, >, 100);
  screenshot_screen (GPOINTER_TO_INT (data) ? "story-paged-narrow" : "story-paged");

  /* Shift+Space goes back up a page. */
  press ("shift+space");
  wait_for (f, long_story_shown);
  g_assert_cmpfloat (scrolled (f), <, top);

  /* Space to the end of the story, a page at a time, then on to the
   * next story. */
  while (!at_end (f))
    {
      before = scrolled (f);
      press ("space");
      wait_for (f, long_story_shown);
      g_assert_cmpfloat (scrolled (f), >, before);
      g_assert_cmpint (++pages, <, 60);
    }
  g_assert_cmpint (pages, >=, 3);
  g_assert_nonnull (find_label (dossier_window_get_story_view (f->window), "The last paragraph"));
  press ("space");
  wait_for (f, arabic_story_shown);
}

static gboolean
full_article_shown (Fixture *f)
{
  return find_label (dossier_window_get_story_view (f->window), "The full article says more") != NULL;
}

static gboolean
feed_text_shown (Fixture *f)
{
  return find_label (dossier_window_get_story_view (f->window), "Paragraph 2.") != NULL;
}

static void
assert_translated (const char *text,
                   const char *msgid)
{
  g_assert_cmpstr (text, ==, g_dgettext (GETTEXT_PACKAGE, msgid));
  /* In Arabic, the label is Arabic: a catalogue not built, a string not
   * marked or not translated would leave it English. */
  if (g_str_has_prefix (g_get_language_names ()[0], "ar"))
    g_assert_cmpstr (text, !=, msgid);
}

static void
test_full_article (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *button = find_button_of (GTK_WIDGET (f->window), "story.toggle-full-article");

  g_assert_nonnull (button);
  assert_translated (gtk_button_get_label (GTK_BUTTON (button)), "Fetch the Full Article");
  g_assert_cmpuint (hits (f, "/story/1"), ==, 0);
  test_click (button);
  wait_for (f, full_article_shown);
  g_assert_cmpuint (hits (f, "/story/1"), ==, 1);
  g_assert_null (find_label (dossier_window_get_story_view (f->window), "© Chip Wire"));
  assert_translated (gtk_button_get_label (GTK_BUTTON (button)), "Show the Feed’s Text");
  test_save_screenshot (GTK_WIDGET (f->window),
                        GPOINTER_TO_INT (data) ? "window-full-article-narrow" : "window-full-article");

  /* And back to the feed's text with the same button, and forth again
   * without the network. */
  test_click (button);
  wait_for (f, feed_text_shown);
  g_assert_false (full_article_shown (f));
  assert_translated (gtk_button_get_label (GTK_BUTTON (button)), "Show the Full Article");
  test_click (button);
  wait_for (f, full_article_shown);
  g_assert_cmpuint (hits (f, "/story/1"), ==, 1);
}

static gboolean
tooltip_shown (Fixture *f)
{
  return find_tooltip_with (GTK_WIDGET (f->window), f->server.base) != NULL;
}

static void
test_link_hover (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *label = find_label (dossier_window_get_story_view (f->window), "The US allowed Nvidia");
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  PangoRectangle pos;
  int x, y;
  GtkWidget *tip;

  /* The pointer rests on the link's words. */
  pango_layout_index_to_pos (gtk_label_get_layout (GTK_LABEL (label)),
                             (int) (strstr (text, "Commerce notice") - text) + 3, &pos);
  gtk_label_get_layout_offsets (GTK_LABEL (label), &x, &y);
  test_pointer_to (label, x + pos.x / PANGO_SCALE + 2, y + pos.y / PANGO_SCALE + pos.height / PANGO_SCALE / 2,
                   NULL, NULL);
  wait_for (f, tooltip_shown);
  tip = find_tooltip_with (GTK_WIDGET (f->window), f->server.base);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (tip)), "/bis/notice"));
  screenshot_screen ("story-link-hover");

  /* Off the link, no address. */
  test_pointer_to (label, 2, 2, NULL, NULL);
  test_iterate (300);
  wait_for (f, long_story_shown);
  g_assert_null (find_tooltip_with (GTK_WIDGET (f->window), f->server.base));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("dossier-test-cache-XXXXXX", NULL);

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init () chose en_US; a run in another language names its
   * locale in LC_ALL, as the application takes it. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) || g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool drives an X server: run under Xvfb with xdotool installed");
      return g_test_run ();
    }

  g_test_add ("/reading-window/citation-menu", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_citation_menu, fixture_tear_down);
  g_test_add ("/reading-window/space-paging", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_space_paging, fixture_tear_down);
  g_test_add ("/reading-window/space-paging-narrow", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_space_paging, fixture_tear_down);
  g_test_add ("/reading-window/full-article", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_full_article, fixture_tear_down);
  g_test_add ("/reading-window/full-article-narrow", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_full_article, fixture_tear_down);
  g_test_add ("/reading-window/link-hover", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_link_hover,
              fixture_tear_down);
  return g_test_run ();
}
