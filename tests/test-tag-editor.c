/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The entity and topic editor under Xvfb, on a temporary database with a
 * few stored stories: an alias added to a shipped entity files a story
 * that was not filed under it, once the background re-tagging the editor
 * starts has run; a new entity is created and files its story; a taken
 * slug or a bad alias is a visible error and saves nothing; deleting
 * removes the user's own. Screenshots land in the build folder. */

#include <adwaita.h>
#include <locale.h>

#include "dossier-context.h"
#include "dossier-error.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-store.h"
#include "dossier-tag-editor.h"
#include "test-gui-util.h"
#include "test-util.h"

#define T0 G_GINT64_CONSTANT (1752566400)   /* 2025-07-15T08:00:00Z */

typedef struct {
  char           *dir;
  char           *db;
  DossierContext *context;
  guint           progress_seen;
  guint64         last_done;
  guint64         last_total;
  guint           finished;
  GError         *retag_error;
  char           *saved_slug;
  char           *removed_slug;
} Fixture;

static void
iterate (int times)
{
  for (int i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static DossierParsedItem *
story (const char *guid,
       const char *title,
       const char *summary)
{
  DossierParsedItem *item = dossier_parsed_item_new ();

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->link = g_strdup_printf ("https://news.example/%s", guid);
  item->summary = g_strdup (summary);
  item->published = T0;
  return item;
}

static void
on_retag_progress_cb (DossierContext *context,
                      guint64         done,
                      guint64         total,
                      Fixture        *f)
{
  f->progress_seen++;
  f->last_done = done;
  f->last_total = total;
}

static void
on_retag_finished_cb (DossierContext *context,
                      const GError   *error,
                      Fixture        *f)
{
  f->finished++;
  g_clear_error (&f->retag_error);
  if (error != NULL)
    f->retag_error = g_error_copy (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;
  gint64 feed_id;

  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  feed_id = dossier_store_add_feed (store, "https://news.example/feed.xml", "Chip Wire", NULL, &error);
  g_assert_no_error (error);

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Chip Wire");
  feed->language = g_strdup ("en");
  g_ptr_array_add (feed->items, story ("green", "Team Green ships a new gaming card",
                                       "The card doubles the frame rate of the last one."));
  g_ptr_array_add (feed->items, story ("acme", "Acme Robotics opens a plant in Cairo",
                                       "The robot maker hires four hundred engineers."));
  g_ptr_array_add (feed->items, story ("huawei", "Huawei shows a new phone",
                                       "The phone runs its own chip."));
  g_assert_true (dossier_store_merge_feed (store, feed_id, feed, T0, NULL, &error));
  g_assert_no_error (error);

  f->context = dossier_context_new (f->db);
  g_signal_connect (f->context, "retag-progress", G_CALLBACK (on_retag_progress_cb), f);
  g_signal_connect (f->context, "retag-finished", G_CALLBACK (on_retag_finished_cb), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->context, f);
  g_clear_object (&f->context);
  g_clear_error (&f->retag_error);
  g_free (f->saved_slug);
  g_free (f->removed_slug);
  g_free (f->db);
  g_free (f->dir);
  iterate (5);
}

static gpointer
child (DossierTagEditor *editor,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor), DOSSIER_TYPE_TAG_EDITOR, name);

  g_assert_nonnull (object);
  return object;
}

static void
set_text (DossierTagEditor *editor,
          const char       *row,
          const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, row)), text);
  iterate (2);
}

static gboolean
save_sensitive (DossierTagEditor *editor)
{
  return gtk_widget_get_sensitive (child (editor, "save_button"));
}

static void
click (DossierTagEditor *editor,
       const char       *button)
{
  g_assert_true (gtk_widget_get_sensitive (child (editor, button)));
  g_signal_emit_by_name (child (editor, button), "clicked");
  iterate (2);
}

static void
on_saved_cb (DossierTagEditor *editor,
             const char       *slug,
             Fixture          *f)
{
  g_free (f->saved_slug);
  f->saved_slug = g_strdup (slug);
}

static void
on_removed_cb (DossierTagEditor *editor,
               const char       *slug,
               Fixture          *f)
{
  g_free (f->removed_slug);
  f->removed_slug = g_strdup (slug);
}

static DossierTagEditor *
open_editor (Fixture    *f,
             const char *slug,
             gboolean    topic)
{
  DossierTagEditor *editor = DOSSIER_TAG_EDITOR (dossier_tag_editor_new (NULL, f->context, slug, topic));
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The test's reference: the editor destroys itself on closing. */
  g_object_ref (editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved_cb), f);
  g_signal_connect (editor, "removed", G_CALLBACK (on_removed_cb), f);
  gtk_window_present (GTK_WINDOW (editor));
  while (!dossier_tag_editor_is_ready (editor))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (5);
    }
  iterate (5);
  return editor;
}

static void
close_editor (DossierTagEditor *editor)
{
  if (gtk_widget_get_visible (GTK_WIDGET (editor)))
    gtk_window_destroy (GTK_WINDOW (editor));
  g_object_unref (editor);
  iterate (5);
}

/* Until a job ends: the editor's save, then the re-tagging it starts. */
static void
wait_for (gboolean (*done) (Fixture *f, DossierTagEditor *editor),
          Fixture          *f,
          DossierTagEditor *editor)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (f, editor))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (10);
    }
}

static gboolean
retag_finished (Fixture *f, DossierTagEditor *editor)
{
  return f->finished > 0;
}

static gboolean
error_shown (Fixture *f, DossierTagEditor *editor)
{
  return gtk_widget_get_visible (child (editor, "error_label")) &&
         gtk_widget_get_sensitive (child (editor, "page"));
}

static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The titles of the stories filed under @slug, one a line, sorted. */
static char *
stories_of (Fixture    *f,
            const char *slug)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *slugs[] = { slug, NULL };
  DossierQuery query;

  dossier_query_init (&query);
  query.entities = (GStrv) slugs;
  rows = dossier_store_query (store, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (titles, ((DossierArticle *) g_ptr_array_index (rows, i))->title);
  g_ptr_array_sort (titles, compare_titles);
  g_ptr_array_add (titles, NULL);
  return g_strjoinv ("\n", (char **) titles->pdata);
}

static DossierTagInfo *
get_tag (Fixture    *f,
         const char *slug,
         GError    **error)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

  return dossier_store_get_tag (store, slug, error);
}

static guint
count_tags (Fixture *f)
{
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  g_autoptr(GPtrArray) tags = dossier_store_list_tags (store, DOSSIER_TAG_FILTER_ALL, NULL);

  return tags->len;
}

static void
test_shipped_alias (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor;
  g_autofree char *before = stories_of (f, "nvidia");
  g_autofree char *after = NULL;
  g_autoptr(DossierTagInfo) tag = NULL;
  GtkEditable *arabic;
  gboolean found = FALSE;

  g_assert_cmpstr (before, ==, "");
  editor = open_editor (f, "nvidia", FALSE);

  /* Nothing changed yet; a shipped tag's names are not the user's. */
  g_assert_false (save_sensitive (editor));
  /* Each name in an isolate of its own direction, whatever the interface's. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "shipped_name_en_row")), ==, "\u2066Nvidia\u200E\u2069");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "shipped_name_ar_row")), ==, "\u2067إنفيديا\u200F\u2069");
  g_assert_true (gtk_widget_get_visible (child (editor, "shipped_name_ar_row")));
  g_assert_false (gtk_widget_get_visible (child (editor, "name_en_row")));
  g_assert_false (gtk_widget_get_visible (child (editor, "delete_group")));
  g_assert_cmpstr (adw_preferences_group_get_description (child (editor, "names_group")), !=, NULL);
  arabic = gtk_editable_get_delegate (GTK_EDITABLE (child (editor, "name_ar_row")));
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (arabic)), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (gtk_editable_get_delegate (
                     GTK_EDITABLE (child (editor, "name_en_row"))))), ==, GTK_TEXT_DIR_LTR);

  set_text (editor, "alias_row", "Team Green");
  g_assert_true (save_sensitive (editor));
  click (editor, "add_button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (editor, "alias_row"))), ==, "");
  g_assert_true (save_sensitive (editor));
  test_save_screenshot (GTK_WIDGET (editor), "tag-editor-shipped");

  click (editor, "save_button");
  wait_for (retag_finished, f, editor);
  g_assert_no_error (f->retag_error);
  g_assert_cmpstr (f->saved_slug, ==, "nvidia");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_cmpuint (f->progress_seen, >=, 1);
  g_assert_cmpuint (f->last_total, ==, 3);
  g_assert_cmpuint (f->last_done, ==, f->last_total);

  after = stories_of (f, "nvidia");
  g_assert_cmpstr (after, ==, "Team Green ships a new gaming card");
  tag = get_tag (f, "nvidia", NULL);
  for (guint i = 0; i < tag->aliases->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (tag->aliases, i);

      if (g_str_equal (alias->text, "Team Green"))
        found = alias->user && g_strcmp0 (alias->lang, "en") == 0;
    }
  g_assert_true (found);
  g_assert_false (tag->user_defined);
  close_editor (editor);
}

static void
test_new_entity (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor = open_editor (f, NULL, FALSE);
  g_autoptr(DossierTagInfo) tag = NULL;
  g_autofree char *stories = NULL;

  /* No name, no slug: nothing to save. */
  g_assert_false (save_sensitive (editor));
  g_assert_true (gtk_widget_get_visible (child (editor, "kind_row")));
  g_assert_true (gtk_widget_get_visible (child (editor, "exact_row")));

  set_text (editor, "name_en_row", "Acme Robotics");
  set_text (editor, "name_ar_row", "أكمي روبوتكس");
  set_text (editor, "description_en_row", "A maker of factory robots");
  adw_combo_row_set_selected (child (editor, "kind_row"), 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "slug_row")), ==, "acme-robotics");
  g_assert_true (save_sensitive (editor));
  test_save_screenshot (GTK_WIDGET (editor), "tag-editor-new");

  click (editor, "save_button");
  wait_for (retag_finished, f, editor);
  g_assert_no_error (f->retag_error);
  g_assert_cmpstr (f->saved_slug, ==, "acme-robotics");

  tag = get_tag (f, "acme-robotics", NULL);
  g_assert_nonnull (tag);
  g_assert_true (tag->user_defined);
  g_assert_cmpstr (tag->kind, ==, "company");
  g_assert_cmpstr (tag->name_ar, ==, "أكمي روبوتكس");
  g_assert_cmpstr (tag->description_en, ==, "A maker of factory robots");
  stories = stories_of (f, "acme-robotics");
  g_assert_cmpstr (stories, ==, "Acme Robotics opens a plant in Cairo");
  close_editor (editor);
}

/* The remove button of the alias row for @text, if one is shown. */
static GtkWidget *
find_remove_button (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "alias-text"), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_remove_button (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_new_topic (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor = open_editor (f, NULL, TRUE);
  g_autoptr(DossierTagInfo) tag = NULL;
  guint strong = 0;

  g_assert_false (gtk_widget_get_visible (child (editor, "kind_row")));
  g_assert_false (gtk_widget_get_visible (child (editor, "exact_row")));
  set_text (editor, "name_en_row", "Factory automation");
  set_text (editor, "alias_row", "+ factory robot | factory robots ");
  click (editor, "add_button");
  click (editor, "save_button");
  wait_for (retag_finished, f, editor);
  g_assert_cmpstr (f->saved_slug, ==, "factory-automation");

  tag = get_tag (f, "factory-automation", NULL);
  g_assert_cmpstr (tag->kind, ==, "topic");
  for (guint i = 0; i < tag->aliases->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (tag->aliases, i);

      if (g_str_equal (alias->text, "factory robot") || g_str_equal (alias->text, "factory robots"))
        strong += alias->strong;
    }
  g_assert_cmpuint (strong, ==, 2);
  close_editor (editor);

  /* Stored trimmed, so that the editor removes it again by its text. */
  g_clear_pointer (&f->saved_slug, g_free);
  f->finished = 0;
  editor = open_editor (f, "factory-automation", TRUE);
  g_assert_true (gtk_widget_get_visible (child (editor, "delete_group")));
  {
    GtkWidget *remove = find_remove_button (child (editor, "aliases_group"), "+factory robot|factory robots");

    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    iterate (2);
    g_assert_null (find_remove_button (child (editor, "aliases_group"), "+factory robot|factory robots"));
  }
  g_assert_true (save_sensitive (editor));
  click (editor, "save_button");
  wait_for (retag_finished, f, editor);
  g_assert_no_error (f->retag_error);
  g_clear_pointer (&tag, dossier_tag_info_free);
  tag = get_tag (f, "factory-automation", NULL);
  for (guint i = 0; i < tag->aliases->len; i++)
    g_assert_false (g_str_has_prefix (((DossierAlias *) g_ptr_array_index (tag->aliases, i))->text, "factory robot"));
  close_editor (editor);
}

static void
test_duplicate_slug (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor = open_editor (f, NULL, FALSE);
  guint tags = count_tags (f);
  g_autoptr(DossierTagInfo) nvidia = NULL;
  const char *message;

  set_text (editor, "name_en_row", "NVIDIA");
  set_text (editor, "alias_row", "Green Team");
  click (editor, "save_button");
  wait_for (error_shown, f, editor);

  message = gtk_label_get_text (child (editor, "error_label"));
  g_assert_nonnull (strstr (message, "nvidia"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_null (f->saved_slug);
  g_assert_cmpuint (count_tags (f), ==, tags);
  nvidia = get_tag (f, "nvidia", NULL);
  g_assert_false (nvidia->user_defined);
  for (guint i = 0; i < nvidia->aliases->len; i++)
    g_assert_cmpstr (((DossierAlias *) g_ptr_array_index (nvidia->aliases, i))->text, !=, "Green Team");
  test_save_screenshot (GTK_WIDGET (editor), "tag-editor-error");
  close_editor (editor);
}

/* A bad alias among good edits: the new entity is not half made. */
static void
test_bad_alias_saves_nothing (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor = open_editor (f, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierTagInfo) tag = NULL;
  guint tags = count_tags (f);

  set_text (editor, "name_en_row", "Zeta Labs");
  /* Typed, not added: Save takes it as it is, and the store refuses it. */
  set_text (editor, "alias_row", "Z");
  click (editor, "save_button");
  wait_for (error_shown, f, editor);
  g_assert_null (f->saved_slug);
  g_assert_cmpuint (count_tags (f), ==, tags);
  tag = get_tag (f, "zeta-labs", &error);
  g_assert_null (tag);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);

  /* The Add button says so before anything is saved. */
  click (editor, "add_button");
  g_assert_true (gtk_widget_get_visible (child (editor, "error_label")));
  close_editor (editor);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  DossierTagEditor *editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierTagInfo) tag = NULL;
  g_autoptr(GList) toplevels = NULL;
  AdwMessageDialog *dialog = NULL;

  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

    g_assert_true (dossier_store_add_tag (store, "gamma-corp", "company", "Gamma Corp", NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  editor = open_editor (f, "gamma-corp", FALSE);
  g_assert_true (gtk_widget_get_visible (child (editor, "name_en_row")));
  g_assert_false (gtk_widget_get_visible (child (editor, "shipped_name_en_row")));
  g_assert_true (gtk_widget_get_visible (child (editor, "delete_group")));
  g_assert_false (save_sensitive (editor));
  /* Emptying the name of one's own makes it unsavable. */
  set_text (editor, "name_en_row", "");
  g_assert_false (save_sensitive (editor));
  set_text (editor, "name_en_row", "Gamma Corp");

  click (editor, "delete_button");
  iterate (5);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = g_object_ref (l->data);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  g_object_unref (dialog);
  wait_for (retag_finished, f, editor);
  g_assert_cmpstr (f->removed_slug, ==, "gamma-corp");

  tag = get_tag (f, "gamma-corp", &error);
  g_assert_null (tag);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  close_editor (editor);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (dossier_get_resource ());
  /* As test-window: an Arabic run names its locale in LC_ALL. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/tag-editor/shipped-alias", Fixture, NULL, fixture_set_up, test_shipped_alias, fixture_tear_down);
  g_test_add ("/tag-editor/new-entity", Fixture, NULL, fixture_set_up, test_new_entity, fixture_tear_down);
  g_test_add ("/tag-editor/new-topic", Fixture, NULL, fixture_set_up, test_new_topic, fixture_tear_down);
  g_test_add ("/tag-editor/duplicate-slug", Fixture, NULL, fixture_set_up, test_duplicate_slug, fixture_tear_down);
  g_test_add ("/tag-editor/bad-alias-saves-nothing", Fixture, NULL, fixture_set_up,
              test_bad_alias_saves_nothing, fixture_tear_down);
  g_test_add ("/tag-editor/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);

  return g_test_run ();
}
