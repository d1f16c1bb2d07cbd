/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-tag-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-error.h"
#include "dossier-bidi.h"
#include "dossier-tag-editor.h"

/* The languages of the language row; "From the script" first. */
static const char * const langs[] = { NULL, "en", "ar", "zh" };

struct _DossierTagEditor
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkWidget           *save_button;
  GtkLabel            *error_label;
  GtkWidget           *page;
  AdwPreferencesGroup *names_group;
  AdwEntryRow         *name_en_row;
  AdwEntryRow         *name_ar_row;
  AdwEntryRow         *description_en_row;
  AdwEntryRow         *description_ar_row;
  AdwActionRow        *shipped_name_en_row;
  AdwActionRow        *shipped_name_ar_row;
  AdwActionRow        *shipped_description_en_row;
  AdwActionRow        *shipped_description_ar_row;
  AdwComboRow         *kind_row;
  AdwActionRow        *slug_row;
  AdwPreferencesGroup *aliases_group;
  GtkWidget           *no_aliases_row;
  AdwPreferencesGroup *add_group;
  AdwEntryRow         *alias_row;
  GtkWidget           *add_button;
  AdwComboRow         *lang_row;
  GtkWidget           *exact_row;
  GtkSwitch           *exact_switch;
  GtkWidget           *delete_group;
  GtkWidget           *delete_button;

  DossierContext      *context;
  GCancellable        *cancellable;
  char                *slug;        /* NULL for a new one */
  gboolean             topic;
  DossierTagInfo      *tag;         /* as read; NULL for a new one */
  GPtrArray           *added;       /* DossierAlias *: not saved yet */
  GPtrArray           *removed;     /* char *: the user's, to remove */
  GPtrArray           *alias_rows;  /* GtkWidget *: shown in aliases_group */
  gboolean             busy;        /* a save or a removal is running */
};

G_DEFINE_FINAL_TYPE (DossierTagEditor, dossier_tag_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  SIGNAL_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_aliases (DossierTagEditor *self);

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* A new one, or one of the user's own: its names can change. */
static gboolean
names_editable (DossierTagEditor *self)
{
  return self->slug == NULL || (self->tag != NULL && self->tag->user_defined);
}

static gboolean
is_ready (DossierTagEditor *self)
{
  return self->slug == NULL || self->tag != NULL;
}

static gboolean
field_changed (AdwEntryRow *row,
               const char  *stored)
{
  g_autofree char *text = row_text (row);

  return g_strcmp0 (text, stored != NULL ? stored : "") != 0;
}

static gboolean
names_changed (DossierTagEditor *self)
{
  DossierTagInfo *tag = self->tag;

  if (tag == NULL)
    return TRUE;
  return field_changed (self->name_en_row, tag->name_en) ||
         field_changed (self->name_ar_row, tag->name_ar) ||
         field_changed (self->description_en_row, tag->description_en) ||
         field_changed (self->description_ar_row, tag->description_ar);
}

static void
update_buttons (DossierTagEditor *self)
{
  g_autofree char *name = row_text (self->name_en_row);
  g_autofree char *alias = row_text (self->alias_row);
  gboolean valid = TRUE;
  gboolean changed;

  if (self->slug == NULL)
    {
      g_autofree char *slug = dossier_tag_slug_from_name (name);

      /* TRANSLATORS: the slug of a new entity before a name is typed */
      adw_action_row_set_subtitle (self->slug_row, slug[0] != '\0' ? slug : _("Made from the English name"));
      valid = slug[0] != '\0';
    }
  else if (names_editable (self))
    valid = name[0] != '\0';

  changed = self->slug == NULL ||
            (names_editable (self) && names_changed (self)) ||
            self->added->len > 0 || self->removed->len > 0 || alias[0] != '\0';

  gtk_widget_set_sensitive (self->save_button, !self->busy && is_ready (self) && valid && changed);
  gtk_widget_set_sensitive (self->add_button, !self->busy && alias[0] != '\0');
}

static void
hide_error (DossierTagEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* In a label above the rows rather than a toast: it stays until the
 * next try, and is not missed. */
static void
show_error (DossierTagEditor *self,
            const char       *title,
            const GError     *error)
{
  g_autofree char *text = NULL;

  text = error != NULL ? g_strdup_printf ("%s: %s", title, error->message) : g_strdup (title);
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
set_busy (DossierTagEditor *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->page, !busy);
  update_buttons (self);
}

static const char *
lang_name (const char *lang)
{
  if (g_strcmp0 (lang, "ar") == 0)
    return _("Arabic");
  if (g_strcmp0 (lang, "zh") == 0)
    return _("Chinese");
  if (g_strcmp0 (lang, "en") == 0)
    return _("English");
  return _("Language from the script");
}

static void
on_remove_alias_clicked_cb (GtkButton        *button,
                            DossierTagEditor *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "alias-text");
  DossierAlias *pending = g_object_get_data (G_OBJECT (button), "pending-alias");

  if (pending != NULL)
    g_ptr_array_remove (self->added, pending);
  else
    g_ptr_array_add (self->removed, g_strdup (text));
  rebuild_aliases (self);
  update_buttons (self);
}

/* One row per alias or keyword, its spellings together. @pending: added
 * in this editor, not saved yet. */
static void
add_alias_row (DossierTagEditor *self,
               const char       *text,
               const char       *lang,
               gboolean          exact_case,
               gboolean          user,
               DossierAlias     *pending)
{
  gboolean strong = text[0] == '+';
  g_auto(GStrv) spellings = g_strsplit (strong ? text + 1 : text, "|", -1);
  g_autofree char *title = g_strjoinv (" | ", spellings);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  g_ptr_array_add (parts, (char *) lang_name (lang));
  if (exact_case)
    g_ptr_array_add (parts, _("exact letter case"));
  if (strong && self->topic)
    g_ptr_array_add (parts, _("strong keyword"));
  if (!user)
    g_ptr_array_add (parts, _("shipped with Dossier"));
  if (pending != NULL)
    g_ptr_array_add (parts, _("not saved yet"));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  /* What the user typed is not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (user)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "alias-text", g_strdup (text), g_free);
      g_object_set_data (G_OBJECT (button), "pending-alias", pending);
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_alias_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (self->aliases_group, row);
  g_ptr_array_add (self->alias_rows, row);
}

static gboolean
is_removed (DossierTagEditor *self,
            const char       *text)
{
  return g_ptr_array_find_with_equal_func (self->removed, text, g_str_equal, NULL);
}

static void
rebuild_aliases (DossierTagEditor *self)
{
  for (guint i = 0; i < self->alias_rows->len; i++)
    adw_preferences_group_remove (self->aliases_group, g_ptr_array_index (self->alias_rows, i));
  g_ptr_array_set_size (self->alias_rows, 0);

  if (self->tag != NULL && self->tag->aliases != NULL)
    for (guint i = 0; i < self->tag->aliases->len;)
      {
        DossierAlias *alias = g_ptr_array_index (self->tag->aliases, i);
        g_autofree char *text = dossier_tag_alias_group_text (self->tag->aliases, &i);

        if (!is_removed (self, text))
          add_alias_row (self, text, alias->lang, alias->exact_case, alias->user, NULL);
      }
  for (guint i = 0; i < self->added->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (self->added, i);

      add_alias_row (self, alias->text, alias->lang, alias->exact_case, TRUE, alias);
    }
  gtk_widget_set_visible (self->no_aliases_row, self->alias_rows->len == 0);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Labels and hints that differ between entities and topics, and between
 * the user's own and shipped ones. */
static void
show_kind (DossierTagEditor *self)
{
  gboolean editable = names_editable (self);
  GtkWidget *name_rows[] = {
    GTK_WIDGET (self->name_en_row), GTK_WIDGET (self->name_ar_row),
    GTK_WIDGET (self->description_en_row), GTK_WIDGET (self->description_ar_row),
  };
  GtkWidget *shipped_rows[] = {
    GTK_WIDGET (self->shipped_name_en_row), GTK_WIDGET (self->shipped_name_ar_row),
    GTK_WIDGET (self->shipped_description_en_row), GTK_WIDGET (self->shipped_description_ar_row),
  };
  const char *shipped_texts[] = {
    self->tag != NULL ? self->tag->name_en : NULL, self->tag != NULL ? self->tag->name_ar : NULL,
    self->tag != NULL ? self->tag->description_en : NULL, self->tag != NULL ? self->tag->description_ar : NULL,
  };

  if (self->slug == NULL)
    gtk_window_set_title (GTK_WINDOW (self), self->topic ? _("New Topic") : _("New Entity"));
  else
    gtk_window_set_title (GTK_WINDOW (self), self->topic ? _("Edit Topic") : _("Edit Entity"));

  /* A shipped tag's names are shown as text, not as entries that cannot
   * be typed in. */
  for (gsize i = 0; i < G_N_ELEMENTS (name_rows); i++)
    {
      gtk_widget_set_visible (name_rows[i], editable);
      gtk_widget_set_visible (shipped_rows[i], !editable && shipped_texts[i] != NULL && shipped_texts[i][0] != '\0');
      /* The subtitle's base direction is the interface's: isolated, an
       * English description keeps its full stop at its end in Arabic. */
      if (!editable)
        {
          g_autofree char *isolated = dossier_bidi_isolate (shipped_texts[i]);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (shipped_rows[i]), isolated);
        }
    }
  if (self->slug == NULL)
    adw_preferences_group_set_description (self->aliases_group,
                                           _("The names find stories too; add the other names the news uses"));
  adw_preferences_group_set_description (self->names_group,
                                         editable ? NULL : _("Shipped with Dossier: you can add aliases"));
  gtk_widget_set_visible (GTK_WIDGET (self->kind_row), self->slug == NULL && !self->topic);
  gtk_widget_set_visible (self->delete_group, self->tag != NULL && self->tag->user_defined);

  if (self->topic)
    {
      adw_preferences_group_set_title (self->aliases_group, _("Keywords"));
      adw_preferences_group_set_title (self->add_group, _("Add a Keyword"));
      adw_preferences_group_set_description (self->add_group,
        _("Separate spellings of one keyword with |, as in tariff|tariffs; a leading + marks a keyword "
          "that alone shows a story is about the topic"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->alias_row), _("Keyword"));
      gtk_widget_set_visible (self->exact_row, FALSE);
    }
}

static void
show_tag (DossierTagEditor *self)
{
  DossierTagInfo *tag = self->tag;

  self->topic = g_strcmp0 (tag->kind, "topic") == 0;
  set_row_text (self->name_en_row, tag->name_en);
  set_row_text (self->name_ar_row, tag->name_ar);
  set_row_text (self->description_en_row, tag->description_en);
  set_row_text (self->description_ar_row, tag->description_ar);
  adw_action_row_set_subtitle (self->slug_row, tag->slug);
  show_kind (self);
  rebuild_aliases (self);
  gtk_widget_set_sensitive (self->page, TRUE);
  update_buttons (self);
}

static void
on_tag_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierTagEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierTagInfo *tag = dossier_context_get_tag_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (tag == NULL)
    {
      show_error (self, _("Cannot read the entity or topic"), error);
      return;
    }
  self->tag = tag;
  show_tag (self);
}

static void
on_field_changed_cb (DossierTagEditor *self,
                     GtkEditable      *editable)
{
  update_buttons (self);
}

static DossierAlias *
typed_alias (DossierTagEditor *self)
{
  g_autofree char *text = row_text (self->alias_row);
  guint lang = adw_combo_row_get_selected (self->lang_row);
  DossierAlias *alias;

  if (text[0] == '\0')
    return NULL;
  alias = g_new0 (DossierAlias, 1);
  alias->text = g_steal_pointer (&text);
  alias->lang = g_strdup (lang < G_N_ELEMENTS (langs) ? langs[lang] : NULL);
  alias->exact_case = !self->topic && gtk_switch_get_active (self->exact_switch);
  alias->user = TRUE;
  return alias;
}

static void
on_add_alias_cb (DossierTagEditor *self)
{
  g_autoptr(GError) error = NULL;
  DossierAlias *alias = typed_alias (self);

  if (alias == NULL)
    return;
  /* The rule every edit is held to, told before anything is saved. */
  if (!dossier_tag_alias_check (alias->text, &error))
    {
      show_error (self, error->message, NULL);
      dossier_alias_free (alias);
      return;
    }
  hide_error (self);
  g_ptr_array_add (self->added, alias);
  gtk_editable_set_text (GTK_EDITABLE (self->alias_row), "");
  gtk_switch_set_active (self->exact_switch, FALSE);
  rebuild_aliases (self);
  update_buttons (self);
}

static void
on_retag_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The window hears how it went from the context's "retag-finished". */
  if (!dossier_context_retag_finish (DOSSIER_CONTEXT (source), result, &error))
    g_debug ("Filing the stories again did not finish: %s", error->message);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DossierTagEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *slug = dossier_context_save_tag_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (slug == NULL)
    {
      /* The slug is made from the name: the name is what to change. */
      if (g_error_matches (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS) && self->slug == NULL)
        show_error (self, _("Choose another English name"), error);
      else
        show_error (self, _("Cannot save"), error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, slug);
  /* Not the editor's cancellable: the run outlives the editor. */
  dossier_context_retag_async (self->context, NULL, on_retag_done_cb, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

/* Empty is NULL: no description, or for a rename the field unchanged. */
static char *
row_text_or_null (AdwEntryRow *row)
{
  char *text = row_text (row);

  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static DossierTagEdit *
build_edit (DossierTagEditor *self)
{
  DossierTagEdit *edit = dossier_tag_edit_new ();
  DossierAlias *typed = typed_alias (self);

  edit->slug = g_strdup (self->slug);
  edit->create = self->slug == NULL;
  edit->topic = self->topic;
  if (edit->create && !self->topic)
    {
      /* The combo lists the entity kinds in the enum's order. */
      guint kind = adw_combo_row_get_selected (self->kind_row);

      edit->kind = g_strdup (dossier_tag_kind_to_string (kind < DOSSIER_TAG_KIND_TOPIC ? kind
                                                                                     : DOSSIER_TAG_KIND_COMPANY));
    }
  if (edit->create || (names_editable (self) && names_changed (self)))
    {
      edit->name_en = row_text_or_null (self->name_en_row);
      edit->name_ar = row_text_or_null (self->name_ar_row);
      /* A description emptied by the user is emptied. */
      edit->description_en = row_text (self->description_en_row);
      edit->description_ar = row_text (self->description_ar_row);
    }
  for (guint i = 0; i < self->removed->len; i++)
    g_ptr_array_add (edit->remove_aliases, g_strdup (g_ptr_array_index (self->removed, i)));
  for (guint i = 0; i < self->added->len; i++)
    g_ptr_array_add (edit->add_aliases, dossier_alias_copy (g_ptr_array_index (self->added, i)));
  /* Typed but not added: what Save is expected to keep. */
  if (typed != NULL)
    g_ptr_array_add (edit->add_aliases, typed);
  return edit;
}

static void
save (DossierTagEditor *self)
{
  g_autoptr(DossierTagEdit) edit = build_edit (self);

  hide_error (self);
  set_busy (self, TRUE);
  dossier_context_save_tag_async (self->context, edit, self->cancellable, on_saved_cb, g_object_ref (self));
}

static void
on_save_clicked_cb (GtkButton        *button,
                    DossierTagEditor *self)
{
  save (self);
}

static void
on_removed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DossierTagEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_remove_tag_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, _("Cannot delete"), error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0, self->slug);
  dossier_context_retag_async (self->context, NULL, on_retag_done_cb, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierTagEditor *self)
{
  if (!g_str_equal (response, "delete"))
    return;
  hide_error (self);
  set_busy (self, TRUE);
  dossier_context_remove_tag_async (self->context, self->slug, self->topic, self->cancellable,
                                    on_removed_cb, g_object_ref (self));
}

static void
on_delete_clicked_cb (GtkButton        *button,
                      DossierTagEditor *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (self->topic ? _("Delete the topic “%s”?") : _("Delete the entity “%s”?"),
                             self->tag->name_en);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Stories are no longer filed under it. The stories themselves are kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The text of an entry row, not its title, takes the direction of its
 * language, whatever the interface's. */
static void
set_entry_direction (AdwEntryRow      *row,
                     GtkTextDirection  direction)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (delegate != NULL)
    gtk_widget_set_direction (GTK_WIDGET (delegate), direction);
}

static void
dossier_tag_editor_dispose (GObject *object)
{
  DossierTagEditor *self = DOSSIER_TAG_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->tag, dossier_tag_info_free);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->alias_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_TAG_EDITOR);

  G_OBJECT_CLASS (dossier_tag_editor_parent_class)->dispose (object);
}

static void
dossier_tag_editor_finalize (GObject *object)
{
  DossierTagEditor *self = DOSSIER_TAG_EDITOR (object);

  g_free (self->slug);

  G_OBJECT_CLASS (dossier_tag_editor_parent_class)->finalize (object);
}

static void
dossier_tag_editor_class_init (DossierTagEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_tag_editor_dispose;
  object_class->finalize = dossier_tag_editor_finalize;

  /* The slug saved (made from the name for a new one). */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-tag-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, page);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, names_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, name_en_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, name_ar_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, description_en_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, description_ar_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, shipped_name_en_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, shipped_name_ar_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, shipped_description_en_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, shipped_description_ar_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, slug_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, aliases_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, no_aliases_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, add_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, alias_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, lang_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, exact_row);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, exact_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, delete_group);
  gtk_widget_class_bind_template_child (widget_class, DossierTagEditor, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_alias_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_tag_editor_init (DossierTagEditor *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Every kind of entity the core knows, as the command line takes them. */
  for (int kind = 0; kind < DOSSIER_TAG_KIND_TOPIC; kind++)
    gtk_string_list_append (kinds, dossier_tag_kind_get_label (kind));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  self->cancellable = g_cancellable_new ();
  self->added = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_alias_free);
  self->removed = g_ptr_array_new_with_free_func (g_free);
  self->alias_rows = g_ptr_array_new ();

  set_entry_direction (self->name_en_row, GTK_TEXT_DIR_LTR);
  set_entry_direction (self->description_en_row, GTK_TEXT_DIR_LTR);
  set_entry_direction (self->name_ar_row, GTK_TEXT_DIR_RTL);
  set_entry_direction (self->description_ar_row, GTK_TEXT_DIR_RTL);
}

GtkWidget *
dossier_tag_editor_new (GtkWindow      *parent,
                        DossierContext *context,
                        const char     *slug,
                        gboolean        topic)
{
  DossierTagEditor *self = g_object_new (DOSSIER_TYPE_TAG_EDITOR, "transient-for", parent, NULL);

  self->context = g_object_ref (context);
  self->slug = g_strdup (slug);
  self->topic = topic;
  if (slug != NULL)
    dossier_context_get_tag_async (context, slug, self->cancellable, on_tag_read_cb, g_object_ref (self));
  else
    {
      show_kind (self);
      rebuild_aliases (self);
      gtk_widget_set_sensitive (self->page, TRUE);
    }
  update_buttons (self);
  return GTK_WIDGET (self);
}

gboolean
dossier_tag_editor_is_ready (DossierTagEditor *self)
{
  return is_ready (self);
}
