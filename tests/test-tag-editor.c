/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The entity and topic editor under Xvfb, on a temporary database with a
 * few stored stories: an alias added to a shipped entity files a story
 * that was not filed under it, once the background re-tagging the editor
 * starts has run; a new entity is created and files its story; a taken
 * slug or a bad alias is a visible error and saves nothing; deleting
 * removes the user's own. Screenshots land in the build folder. */

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "dossier-context.h"
#include "dossier-error.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-store.h"
#include "dossier-tag-edit-private.h"
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

/* ---- The same edits as dossier-cli -------------------------------------- */

/* One edit, as a user makes it in the editor or with dossier-cli. A new
 * tag's slug is the one the editor makes from its English name. */
typedef struct {
  const char *what;
  gboolean    create;
  gboolean    topic;
  const char *slug;            /* an edit's */
  const char *kind;            /* a new entity's */
  const char *name_en;
  const char *name_ar;
  const char *description_en;
  const char *description_ar;
  const char *aliases[3];
  const char *exact[2];
  const char *remove[2];
  gboolean    accepted;
  const char *error;           /* in the English message of a refusal */
} EditCase;

#define LONG_NAME "Aaaaaaaaaa Bbbbbbbbbb Cccccccccc Dddddddddd Eeeeeeeeee Ffffffffff Gggggggggg " \
                  "Hhhhhhhhhh Iiiiiiiiii Jjjjjjjjjj Kkkkkkkkkk Llllllllll Mmmmmmmmmm Nnnnnnnnnn " \
                  "Oooooooooo Pppppppppp Qqqqqqqqqq Rrrrrrrrrr Ssssssssss Tttttttttt Uuuuuuuuuu"

static const EditCase edit_cases[] = {
  { "a new company", TRUE, FALSE, NULL, "company", "Acme Robotics", "أكمي روبوتكس", "A maker of factory robots", NULL,
    { "Acme" }, { "ACME" }, { NULL }, TRUE, NULL },
  /* The window offered four kinds where dossier-cli took six. */
  { "a new organization", TRUE, FALSE, NULL, "organization", "World Trade Organization", "منظمة التجارة العالمية",
    NULL, NULL, { NULL }, { "WTO" }, { NULL }, TRUE, NULL },
  { "a new place", TRUE, FALSE, NULL, "place", "Taiwan Strait", NULL, NULL, "مضيق تايوان",
    { NULL }, { NULL }, { NULL }, TRUE, NULL },
  { "a new person", TRUE, FALSE, NULL, "person", "Lisa Su", "ليزا سو", NULL, NULL,
    { "Dr. Lisa Su" }, { NULL }, { NULL }, TRUE, NULL },
  { "an alias of one letter", TRUE, FALSE, NULL, "company", "Bigco", NULL, NULL, NULL,
    { "B" }, { NULL }, { NULL }, FALSE, "too short" },
  { "a slug that is taken", TRUE, FALSE, NULL, "company", "Huawei", NULL, NULL, NULL,
    { NULL }, { NULL }, { NULL }, FALSE, "already" },
  { "a name too long", TRUE, FALSE, NULL, "agency", LONG_NAME, NULL, NULL, NULL,
    { NULL }, { NULL }, { NULL }, FALSE, "too long" },
  { "a name with no Latin letter", TRUE, FALSE, NULL, "company", "شركة الرقائق", NULL, NULL, NULL,
    { NULL }, { NULL }, { NULL }, FALSE, "Latin" },
  { "a new topic", TRUE, TRUE, NULL, NULL, "Factory automation", "أتمتة المصانع", NULL, NULL,
    { "+ factory robot | factory robots " }, { NULL }, { NULL }, TRUE, NULL },
  { "a keyword with a one-letter spelling", TRUE, TRUE, NULL, NULL, "Chip design", NULL, NULL, NULL,
    { "x|chip design" }, { NULL }, { NULL }, FALSE, "too short" },
  /* dossier-cli stored the spellings as typed, spaces and all. */
  { "renamed, with aliases changed", FALSE, FALSE, "globex", NULL, "Globex Corporation", NULL, NULL, NULL,
    { " Globex Inc | Globex Incorporated " }, { "GLBX" }, { "Globex" }, TRUE, NULL },
  { "an empty name", FALSE, FALSE, "globex", NULL, "", NULL, NULL, NULL,
    { NULL }, { NULL }, { NULL }, FALSE, "name is needed" },
  { "an alias too long", FALSE, FALSE, "globex", NULL, NULL, NULL, NULL, NULL,
    { LONG_NAME }, { NULL }, { NULL }, FALSE, "too long" },
  { "a description added", FALSE, FALSE, "globex", NULL, NULL, NULL, NULL, "شركة رقائق",
    { NULL }, { NULL }, { NULL }, TRUE, NULL },
  { "an alias on a shipped entity", FALSE, FALSE, "nvidia", NULL, NULL, NULL, NULL, NULL,
    { "Team Green" }, { NULL }, { NULL }, TRUE, NULL },
  { "a topic's keywords changed", FALSE, TRUE, "quantum", NULL, NULL, NULL, NULL, NULL,
    { "qubit|qubits" }, { NULL }, { "quantum computing" }, TRUE, NULL },
};

/* Everything the database holds of @slug, one thing a line; "" for no
 * such tag. */
static char *
dump_tag (const char *path,
          const char *slug)
{
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, NULL);
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  if (tag == NULL)
    return g_strdup ("");
  g_string_append_printf (dump, "%s %s\n%s\n%s\n%s\n%s\nuser %d\n", tag->slug, tag->kind, tag->name_en,
                          tag->name_ar, tag->description_en ? tag->description_en : "-",
                          tag->description_ar ? tag->description_ar : "-", tag->user_defined);
  for (guint i = 0; i < tag->aliases->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (tag->aliases, i);

      if (alias->user)
        g_ptr_array_add (lines, g_strdup_printf ("alias %s %s exact %d strong %d\n", alias->text,
                                                 alias->lang ? alias->lang : "-", alias->exact_case, alias->strong));
    }
  g_ptr_array_sort (lines, compare_titles);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (dump, g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static char *
case_slug (const EditCase *c)
{
  return c->create ? dossier_tag_slug_from_name (c->name_en) : g_strdup (c->slug);
}

/* dossier-cli's way: NULL when it was accepted, else its message. */
static char *
edit_with_cli (const char     *db,
               const EditCase *c)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *options[] = { "--name", "--name-ar", "--description", "--description-ar" };
  const char *values[] = { c->name_en, c->name_ar, c->description_en, c->description_ar };

  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_strdup (db));
  g_ptr_array_add (args, g_strdup_printf ("%s-%s", c->create ? "add" : "edit", c->topic ? "topic" : "entity"));
  g_ptr_array_add (args, case_slug (c));
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (values[i] != NULL)
      {
        g_ptr_array_add (args, g_strdup (options[i]));
        g_ptr_array_add (args, g_strdup (values[i]));
      }
  if (c->create && c->kind != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--kind"));
      g_ptr_array_add (args, g_strdup (c->kind));
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->remove) && c->remove[i] != NULL; i++)
    {
      g_ptr_array_add (args, g_strdup (c->topic ? "--remove-keyword" : "--remove-alias"));
      g_ptr_array_add (args, g_strdup (c->remove[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->aliases) && c->aliases[i] != NULL; i++)
    {
      g_ptr_array_add (args, g_strdup (c->topic ? "--keyword" : "--alias"));
      g_ptr_array_add (args, g_strdup (c->aliases[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->exact) && c->exact[i] != NULL; i++)
    {
      g_ptr_array_add (args, g_strdup ("--exact-alias"));
      g_ptr_array_add (args, g_strdup (c->exact[i]));
    }
  g_ptr_array_add (args, NULL);

  if (test_run_cli_argv ((const char * const *) args->pdata, &out, &err) == 0)
    return NULL;
  test_assert_one_line_error (err);
  g_strchomp (err);
  return g_strdup (err + strlen ("dossier-cli: "));
}

static gboolean
saved_or_error (Fixture *f, DossierTagEditor *editor)
{
  return (f->saved_slug != NULL && f->finished > 0) || error_shown (f, editor);
}

static void
add_typed_alias (DossierTagEditor *editor,
                 const char       *text,
                 gboolean          exact)
{
  set_text (editor, "alias_row", text);
  gtk_switch_set_active (child (editor, "exact_switch"), exact);
  click (editor, "add_button");
}

/* The editor's way, by its rows and buttons: NULL when it saved, else
 * the message it shows ("" when Save could not even be pressed). */
static char *
edit_with_editor (Fixture        *f,
                  const EditCase *c)
{
  DossierTagEditor *editor = open_editor (f, c->create ? NULL : c->slug, c->topic);
  GtkWidget *label = child (editor, "error_label");
  const char *rows[] = { "name_en_row", "name_ar_row", "description_en_row", "description_ar_row" };
  const char *values[] = { c->name_en, c->name_ar, c->description_en, c->description_ar };
  char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (values[i] != NULL)
      set_text (editor, rows[i], values[i]);
  if (c->create && !c->topic)
    {
      DossierTagKind kind;

      g_assert_true (dossier_tag_kind_from_string (c->kind, &kind));
      adw_combo_row_set_selected (child (editor, "kind_row"), kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->remove) && c->remove[i] != NULL; i++)
    {
      GtkWidget *remove = find_remove_button (child (editor, "aliases_group"), c->remove[i]);

      g_assert_nonnull (remove);
      g_signal_emit_by_name (remove, "clicked");
      iterate (2);
    }
  for (guint i = 0; i < G_N_ELEMENTS (c->aliases) && c->aliases[i] != NULL; i++)
    add_typed_alias (editor, c->aliases[i], FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (c->exact) && c->exact[i] != NULL; i++)
    add_typed_alias (editor, c->exact[i], TRUE);

  /* The Add button refuses a bad alias at once. */
  if (gtk_widget_get_visible (label))
    message = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  else if (!save_sensitive (editor))
    message = g_strdup ("");
  else
    {
      click (editor, "save_button");
      wait_for (saved_or_error, f, editor);
      if (f->saved_slug == NULL)
        message = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
    }
  close_editor (editor);
  return message;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* Each edit of the table, made once with dossier-cli and once in the
 * editor on copies of one database: both accept it or both refuse it,
 * with the same message, and leave the same entity or topic behind. */
static void
test_same_edits_as_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_build_filename (f->dir, "base.db", NULL);
  gboolean english = g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0;

  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
    g_autoptr(DossierTagEdit) globex = dossier_tag_edit_new ();
    g_autoptr(DossierTagEdit) quantum = dossier_tag_edit_new ();
    g_autoptr(GError) error = NULL;

    globex->create = TRUE;
    globex->name_en = g_strdup ("Globex");
    dossier_tag_edit_add_alias (globex, "GBX", NULL, TRUE);
    g_assert_true (dossier_tag_edit_apply (store, globex, &error));
    quantum->create = quantum->topic = TRUE;
    quantum->name_en = g_strdup ("Quantum");
    dossier_tag_edit_add_alias (quantum, "quantum computing", NULL, FALSE);
    g_assert_true (dossier_tag_edit_apply (store, quantum, &error));
    g_assert_no_error (error);
  }
  /* The fixture's context has no connection open: the file is whole. */
  copy_file (f->db, base);

  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      const EditCase *c = &edit_cases[i];
      g_autofree char *slug = case_slug (c);
      g_autofree char *cli_db = g_strdup_printf ("%s/cli-%u.db", f->dir, i);
      g_autofree char *editor_db = g_strdup_printf ("%s/editor-%u.db", f->dir, i);
      g_autofree char *before = dump_tag (base, slug);
      g_autofree char *cli_error = NULL;
      g_autofree char *editor_error = NULL;
      g_autofree char *cli_state = NULL;
      g_autofree char *editor_state = NULL;

      g_test_message ("%s", c->what);
      copy_file (base, cli_db);
      copy_file (base, editor_db);

      cli_error = edit_with_cli (cli_db, c);

      g_signal_handlers_disconnect_by_data (f->context, f);
      g_clear_object (&f->context);
      f->context = dossier_context_new (editor_db);
      g_signal_connect (f->context, "retag-progress", G_CALLBACK (on_retag_progress_cb), f);
      g_signal_connect (f->context, "retag-finished", G_CALLBACK (on_retag_finished_cb), f);
      g_clear_pointer (&f->saved_slug, g_free);
      f->finished = 0;
      editor_error = edit_with_editor (f, c);

      if (c->accepted)
        {
          g_assert_null (cli_error);
          g_assert_null (editor_error);
        }
      else
        {
          g_assert_nonnull (cli_error);
          g_assert_nonnull (editor_error);
          if (english)
            g_assert_nonnull (strstr (cli_error, c->error));
          /* What the editor says, when it says something, is what
           * dossier-cli says. */
          if (editor_error[0] != '\0')
            g_assert_nonnull (strstr (editor_error, cli_error));
        }

      cli_state = dump_tag (cli_db, slug);
      editor_state = dump_tag (editor_db, slug);
      g_assert_cmpstr (cli_state, ==, editor_state);
      if (c->accepted)
        g_assert_cmpstr (cli_state, !=, before);
      else
        g_assert_cmpstr (cli_state, ==, before);
    }
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
  g_test_add ("/tag-editor/same-edits-as-cli", Fixture, NULL, fixture_set_up, test_same_edits_as_cli,
              fixture_tear_down);

  return g_test_run ();
}
