/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-catalogue.h"
#include "dossier-types.h"

G_BEGIN_DECLS

/*
 * The one way an entity or a topic is added, edited or removed: the
 * command line, the editor and the panel all come here, so that they take
 * and refuse exactly the same edits. The kinds, slugs, alias spelling and
 * the checks live here; an edit is applied in one transaction, all of it
 * or nothing.
 */

/* Every kind the catalogue, the database, the command line and the
 * editor know, in the order the editor lists them. */
typedef enum {
  DOSSIER_TAG_KIND_COMPANY,
  DOSSIER_TAG_KIND_AGENCY,
  DOSSIER_TAG_KIND_ORGANIZATION,
  DOSSIER_TAG_KIND_PERSON,
  DOSSIER_TAG_KIND_PRODUCT,
  DOSSIER_TAG_KIND_PLACE,
  DOSSIER_TAG_KIND_TOPIC,
} DossierTagKind;

#define DOSSIER_TAG_N_KINDS (DOSSIER_TAG_KIND_TOPIC + 1)

/* FALSE for a name that is no kind ("planet", NULL). */
gboolean        dossier_tag_kind_from_string (const char     *name,
                                              DossierTagKind *kind);
/* "company", ..., "topic": as stored and as the command line spells it. */
const char     *dossier_tag_kind_to_string   (DossierTagKind  kind);
/* "Company", translated. */
const char     *dossier_tag_kind_get_label   (DossierTagKind  kind);
/* The label of a stored kind; "Entity" for one this Dossier does not
 * know (a newer Dossier's). */
const char     *dossier_tag_kind_label_for   (const char     *name);

/* Longest names, descriptions and aliases, in bytes. */
#define DOSSIER_TAG_MAX_NAME         200
#define DOSSIER_TAG_MAX_DESCRIPTION  2000
#define DOSSIER_TAG_MAX_ALIAS        200

/* One edit of an entity or topic. NULL names and descriptions are left as
 * they are (only the user's own can be renamed); an empty description is
 * removed. */
typedef struct {
  char           *slug;            /* NULL with @create: made from @name_en */
  gboolean        create;
  gboolean        topic;           /* a topic; for an edit, what the tag
                                      must be */
  char           *kind;            /* a new entity's kind, as
                                      dossier_tag_kind_to_string () spells
                                      it; NULL: a company */
  char           *name_en;
  char           *name_ar;
  char           *description_en;
  char           *description_ar;
  GPtrArray      *add_aliases;     /* DossierAlias *: text ("|" between the
                                      spellings of a keyword, a leading "+"
                                      for a strong one), lang (NULL: from
                                      the script), exact_case */
  GPtrArray      *remove_aliases;  /* char *: the user's own, as
                                      dossier_tag_alias_group_text () writes
                                      them */
} DossierTagEdit;

DossierTagEdit *dossier_tag_edit_new        (void);
DossierTagEdit *dossier_tag_edit_copy       (const DossierTagEdit *edit);
void            dossier_tag_edit_free       (DossierTagEdit *edit);
void            dossier_tag_edit_add_alias  (DossierTagEdit *edit,
                                             const char     *text,
                                             const char     *lang,
                                             gboolean        exact_case);

/* The slug of a new tag named @name_en: lower-case ASCII letters and
 * digits, hyphens between words ("Zhipu AI (Z.ai)" gives "zhipu-ai-z-ai");
 * "" when nothing of it is Latin. */
char           *dossier_tag_slug_from_name  (const char *name_en);

/* The alias or keyword that @aliases[@index] belongs to, as it is stored:
 * its spellings joined by "|", "+" first for a strong one. @index moves
 * past the group's other spellings. */
char           *dossier_tag_alias_group_text (GPtrArray *aliases,
                                              guint     *index);

/* An alias as it is stored: spellings trimmed and joined by "|", a
 * leading "+" kept; "" when nothing is left. */
char           *dossier_tag_alias_normalize (const char *text);

/* Whether @text can be an alias or keyword: valid UTF-8, every spelling
 * two characters or more, DOSSIER_TAG_MAX_ALIAS bytes at most. */
gboolean        dossier_tag_alias_check     (const char  *text,
                                             GError     **error);

/* Checks @edit without the database (names, kind, slug, aliases, valid
 * UTF-8, sizes) and makes a new tag's slug from its English name.
 * DOSSIER_ERROR_INVALID says what is wrong. */
gboolean        dossier_tag_edit_check      (DossierTagEdit  *edit,
                                             GError         **error);

/* Applying an edit to the store is in dossier-tag-edit-private.h: the
 * interface reaches it only through the context's job. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagEdit, dossier_tag_edit_free)

G_END_DECLS
