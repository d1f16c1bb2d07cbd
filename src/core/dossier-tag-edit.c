/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-tag-edit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-tag-edit-private.h"
#include "dossier-utf8.h"

static const char * const kind_names[DOSSIER_TAG_N_KINDS] = {
  [DOSSIER_TAG_KIND_COMPANY] = "company",
  [DOSSIER_TAG_KIND_AGENCY] = "agency",
  [DOSSIER_TAG_KIND_ORGANIZATION] = "organization",
  [DOSSIER_TAG_KIND_PERSON] = "person",
  [DOSSIER_TAG_KIND_PRODUCT] = "product",
  [DOSSIER_TAG_KIND_PLACE] = "place",
  [DOSSIER_TAG_KIND_TOPIC] = "topic",
};

/* ---- Kinds -------------------------------------------------------------- */

gboolean
dossier_tag_kind_from_string (const char     *name,
                              DossierTagKind *kind)
{
  for (int i = 0; i < DOSSIER_TAG_N_KINDS; i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = (DossierTagKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dossier_tag_kind_to_string (DossierTagKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < DOSSIER_TAG_N_KINDS, NULL);
  return kind_names[kind];
}

const char *
dossier_tag_kind_get_label (DossierTagKind kind)
{
  switch (kind)
    {
    case DOSSIER_TAG_KIND_COMPANY:      return _("Company");
    case DOSSIER_TAG_KIND_AGENCY:       return _("Agency");
    case DOSSIER_TAG_KIND_ORGANIZATION: return _("Organization");
    case DOSSIER_TAG_KIND_PERSON:       return _("Person");
    case DOSSIER_TAG_KIND_PRODUCT:      return _("Product");
    case DOSSIER_TAG_KIND_PLACE:        return _("Place");
    case DOSSIER_TAG_KIND_TOPIC:        return _("Topic");
    default:                            return _("Entity");
    }
}

const char *
dossier_tag_kind_label_for (const char *name)
{
  DossierTagKind kind;

  if (!dossier_tag_kind_from_string (name, &kind))
    return _("Entity");
  return dossier_tag_kind_get_label (kind);
}

/* ---- The edit ----------------------------------------------------------- */

DossierTagEdit *
dossier_tag_edit_new (void)
{
  DossierTagEdit *edit = g_new0 (DossierTagEdit, 1);

  edit->add_aliases = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_alias_free);
  edit->remove_aliases = g_ptr_array_new_with_free_func (g_free);
  return edit;
}

DossierTagEdit *
dossier_tag_edit_copy (const DossierTagEdit *edit)
{
  DossierTagEdit *copy = dossier_tag_edit_new ();

  copy->slug = g_strdup (edit->slug);
  copy->create = edit->create;
  copy->topic = edit->topic;
  copy->kind = g_strdup (edit->kind);
  copy->name_en = g_strdup (edit->name_en);
  copy->name_ar = g_strdup (edit->name_ar);
  copy->description_en = g_strdup (edit->description_en);
  copy->description_ar = g_strdup (edit->description_ar);
  for (guint i = 0; edit->add_aliases != NULL && i < edit->add_aliases->len; i++)
    g_ptr_array_add (copy->add_aliases, dossier_alias_copy (g_ptr_array_index (edit->add_aliases, i)));
  for (guint i = 0; edit->remove_aliases != NULL && i < edit->remove_aliases->len; i++)
    g_ptr_array_add (copy->remove_aliases, g_strdup (g_ptr_array_index (edit->remove_aliases, i)));
  return copy;
}

void
dossier_tag_edit_free (DossierTagEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->slug);
  g_free (edit->kind);
  g_free (edit->name_en);
  g_free (edit->name_ar);
  g_free (edit->description_en);
  g_free (edit->description_ar);
  g_clear_pointer (&edit->add_aliases, g_ptr_array_unref);
  g_clear_pointer (&edit->remove_aliases, g_ptr_array_unref);
  g_free (edit);
}

void
dossier_tag_edit_add_alias (DossierTagEdit *edit,
                            const char     *text,
                            const char     *lang,
                            gboolean        exact_case)
{
  DossierAlias *alias = g_new0 (DossierAlias, 1);

  alias->text = g_strdup (text);
  alias->lang = g_strdup (lang);
  alias->exact_case = exact_case;
  alias->user = TRUE;
  g_ptr_array_add (edit->add_aliases, alias);
}

char *
dossier_tag_slug_from_name (const char *name_en)
{
  /* Transliterated first, so that "Société Générale" keeps its letters. */
  g_autofree char *ascii = NULL;
  GString *slug = g_string_new (NULL);
  gboolean gap = FALSE;

  if (name_en == NULL || !g_utf8_validate (name_en, -1, NULL))
    return g_string_free (slug, FALSE);
  ascii = g_str_to_ascii (name_en, "C");
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (gap && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (*p));
          gap = FALSE;
        }
      else
        gap = TRUE;
    }
  /* A slug is at most 64 bytes; a cut never ends on a hyphen. */
  if (slug->len > 64)
    g_string_truncate (slug, 64);
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

char *
dossier_tag_alias_group_text (GPtrArray *aliases,
                              guint     *index)
{
  DossierAlias *first = g_ptr_array_index (aliases, *index);
  GString *text = g_string_new (first->strong ? "+" : NULL);

  g_string_append (text, first->text);
  for ((*index)++; *index < aliases->len; (*index)++)
    {
      DossierAlias *next = g_ptr_array_index (aliases, *index);

      if (next->group != first->group)
        break;
      g_string_append_c (text, '|');
      g_string_append (text, next->text);
    }
  return g_string_free (text, FALSE);
}

char *
dossier_tag_alias_normalize (const char *text)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  gboolean strong = clean[0] == '+';
  g_auto(GStrv) spellings = g_strsplit (strong ? clean + 1 : clean, "|", -1);
  GString *joined = g_string_new (NULL);

  for (guint i = 0; spellings[i] != NULL; i++)
    {
      const char *spelling = g_strstrip (spellings[i]);

      if (spelling[0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, '|');
      g_string_append (joined, spelling);
    }
  /* A "+" with nothing after it is no keyword at all. */
  if (strong && joined->len > 0)
    g_string_prepend_c (joined, '+');
  return g_string_free (joined, FALSE);
}

static gboolean
check_text (const char  *text,
            gsize        max,
            const char  *what,
            GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!dossier_utf8_check (text, what, error))
    return FALSE;
  if (strlen (text) > max)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   /* TRANSLATORS: a field ("The English name") and its
                    * longest length in bytes */
                   _("%s is too long: at most %u bytes"), what, (guint) max);
      return FALSE;
    }
  return TRUE;
}

gboolean
dossier_tag_alias_check (const char  *text,
                         GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) spellings = NULL;

  if (!check_text (text, G_MAXSIZE, _("An alias"), error))
    return FALSE;
  clean = dossier_tag_alias_normalize (text);
  shown = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (strlen (clean) > DOSSIER_TAG_MAX_ALIAS)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” is too long to be an alias: at most %d bytes"), shown, DOSSIER_TAG_MAX_ALIAS);
      return FALSE;
    }
  spellings = g_strsplit (clean[0] == '+' ? clean + 1 : clean, "|", -1);
  /* "" and a lone "+" have no spelling at all. */
  for (guint i = 0; spellings[i] != NULL || i == 0; i++)
    if (spellings[i] == NULL || g_utf8_strlen (spellings[i], -1) < 2)
      {
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                     _("“%s” is too short to be an alias: it needs two characters or more"), shown);
        return FALSE;
      }
  return TRUE;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Names and descriptions are kept trimmed, as the editor shows them. */
static void
strip_field (char **field)
{
  if (*field != NULL && g_utf8_validate (*field, -1, NULL))
    g_strstrip (*field);
}

gboolean
dossier_tag_edit_check (DossierTagEdit  *edit,
                        GError         **error)
{
  gboolean renames;

  g_return_val_if_fail (edit != NULL, FALSE);

  strip_field (&edit->name_en);
  strip_field (&edit->name_ar);
  strip_field (&edit->description_en);
  strip_field (&edit->description_ar);

  if (!check_text (edit->slug, G_MAXSIZE, _("The slug"), error) ||
      !check_text (edit->name_en, DOSSIER_TAG_MAX_NAME, _("The English name"), error) ||
      !check_text (edit->name_ar, DOSSIER_TAG_MAX_NAME, _("The Arabic name"), error) ||
      !check_text (edit->description_en, DOSSIER_TAG_MAX_DESCRIPTION, _("The English description"), error) ||
      !check_text (edit->description_ar, DOSSIER_TAG_MAX_DESCRIPTION, _("The Arabic description"), error))
    return FALSE;

  if (edit->create)
    {
      if (!has_text (edit->name_en))
        {
          g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                               _("A new entity or topic needs an English name"));
          return FALSE;
        }
      if (!has_text (edit->slug))
        {
          g_free (edit->slug);
          edit->slug = dossier_tag_slug_from_name (edit->name_en);
          if (edit->slug[0] == '\0')
            {
              g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                                   _("The English name needs Latin letters or digits to make a slug from"));
              return FALSE;
            }
        }
      if (edit->topic ? edit->kind != NULL && g_strcmp0 (edit->kind, "topic") != 0
                      : edit->kind != NULL && (!dossier_tag_kind_from_string (edit->kind, NULL) ||
                                               g_str_equal (edit->kind, "topic")))
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       _("“%s” is not a kind of entity: use company, agency, organization, person, product or place"),
                       edit->kind);
          return FALSE;
        }
    }
  else
    {
      if (!has_text (edit->slug))
        {
          g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("No entity or topic to save"));
          return FALSE;
        }
      if (edit->name_en != NULL && edit->name_en[0] == '\0')
        {
          g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("A name is needed"));
          return FALSE;
        }
      renames = edit->name_en != NULL || edit->name_ar != NULL ||
                edit->description_en != NULL || edit->description_ar != NULL;
      if (!renames && edit->add_aliases->len == 0 && edit->remove_aliases->len == 0)
        {
          g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                               _("Nothing to change: give a new name, description or alias"));
          return FALSE;
        }
    }

  if (!dossier_slug_is_valid (edit->slug))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” is not a valid slug: use lower-case letters, digits and hyphens"), edit->slug);
      return FALSE;
    }

  for (guint i = 0; i < edit->add_aliases->len; i++)
    {
      DossierAlias *alias = g_ptr_array_index (edit->add_aliases, i);

      if (!dossier_tag_alias_check (alias->text, error))
        return FALSE;
    }
  for (guint i = 0; i < edit->remove_aliases->len; i++)
    if (!check_text (g_ptr_array_index (edit->remove_aliases, i), G_MAXSIZE, _("An alias"), error))
      return FALSE;
  return TRUE;
}

/* ---- Applying it -------------------------------------------------------- */

/* For the kill test: with DOSSIER_TEST_KILL_AFTER_STEP=N in the
 * environment, the process is killed (SIGKILL, no clean-up) once the Nth
 * step of an edit is done; the last step is the commit. */
static void
step_done (guint *step)
{
  const char *kill_after = g_getenv ("DOSSIER_TEST_KILL_AFTER_STEP");

  (*step)++;
#ifdef G_OS_UNIX
  if (kill_after != NULL && g_ascii_strtoull (kill_after, NULL, 10) == *step)
    kill (getpid (), SIGKILL);
#endif
}

/* The tag as it stands, which must be of the kind the edit expects. */
static gboolean
check_existing (DossierStore    *store,
                const char      *slug,
                gboolean         topic,
                GError         **error)
{
  g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, error);

  if (tag == NULL)
    return FALSE;
  if (g_str_equal (tag->kind, "topic") != topic)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   topic ? _("“%s” is an entity, not a topic")
                         : _("“%s” is a topic, not an entity"), slug);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_alias (DossierStore  *store,
           const char    *slug,
           DossierAlias  *alias,
           guint         *step,
           GError       **error)
{
  g_autofree char *text = dossier_tag_alias_normalize (alias->text);

  if (!dossier_store_add_tag_alias (store, slug, text, alias->lang, alias->exact_case, error))
    return FALSE;
  step_done (step);
  return TRUE;
}

/* Each store call makes a transaction of its own, which nests in the
 * caller's as a savepoint: the caller's rollback undoes them all. */
static gboolean
apply_steps (DossierStore    *store,
             DossierTagEdit  *edit,
             guint           *step,
             GError         **error)
{
  if (edit->create)
    {
      const char *kind = edit->topic ? "topic" : edit->kind != NULL ? edit->kind : "company";

      if (!dossier_store_add_tag (store, edit->slug, kind, edit->name_en, edit->name_ar,
                                  has_text (edit->description_en) ? edit->description_en : NULL,
                                  has_text (edit->description_ar) ? edit->description_ar : NULL, error))
        return FALSE;
      step_done (step);
      /* The names find the stories that use them; the user's own aliases
       * come after, and win on the same text. */
      for (guint i = 0; i < 2; i++)
        {
          const char *name = i == 0 ? edit->name_en : edit->name_ar;

          if (name == NULL || g_utf8_strlen (name, -1) < 2 || strlen (name) > DOSSIER_TAG_MAX_ALIAS ||
              strchr (name, '|') != NULL)
            continue;
          if (!dossier_store_add_tag_alias (store, edit->slug, name, NULL, FALSE, error))
            return FALSE;
          step_done (step);
        }
    }
  else
    {
      if (!check_existing (store, edit->slug, edit->topic, error))
        return FALSE;
      if ((edit->name_en != NULL || edit->name_ar != NULL ||
           edit->description_en != NULL || edit->description_ar != NULL))
        {
          if (!dossier_store_edit_tag (store, edit->slug, edit->name_en, edit->name_ar,
                                       edit->description_en, edit->description_ar, error))
            return FALSE;
          step_done (step);
        }
    }

  for (guint i = 0; i < edit->remove_aliases->len; i++)
    {
      if (!dossier_store_remove_tag_alias (store, edit->slug, g_ptr_array_index (edit->remove_aliases, i), error))
        return FALSE;
      step_done (step);
    }
  for (guint i = 0; i < edit->add_aliases->len; i++)
    if (!add_alias (store, edit->slug, g_ptr_array_index (edit->add_aliases, i), step, error))
      return FALSE;
  return TRUE;
}

gboolean
dossier_tag_edit_apply (DossierStore    *store,
                        DossierTagEdit  *edit,
                        GError         **error)
{
  guint step = 0;

  g_return_val_if_fail (store != NULL, FALSE);

  if (!dossier_tag_edit_check (edit, error))
    return FALSE;
  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!apply_steps (store, edit, &step, error) || !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  step_done (&step);
  return TRUE;
}

gboolean
dossier_tag_remove (DossierStore  *store,
                    const char    *slug,
                    gboolean       topic,
                    GError       **error)
{
  if (!check_text (slug, G_MAXSIZE, _("The slug"), error))
    return FALSE;
  if (!dossier_store_begin (store, error))
    return FALSE;
  if (!check_existing (store, slug, topic, error) ||
      !dossier_store_remove_tag (store, slug, error) ||
      !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
