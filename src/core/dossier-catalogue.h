/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The entities and topics Dossier recognises: the catalogue shipped in the
 * core library's resources, plus what the user added (their own entities
 * and topics, and extra aliases on shipped ones). Entities are matched by
 * their aliases; topics by their keywords, which are aliases too.
 */

typedef struct {
  char     *text;        /* as written in the catalogue or by the user */
  char     *lang;        /* "en", "ar", "zh", or NULL */
  guint     group;       /* spellings of one keyword share a group */
  gboolean  exact_case;  /* an ambiguous common word: match its case */
  gboolean  strong;      /* a topic keyword specific enough to count
                            double ("+ransomware" in the catalogue) */
  gboolean  weak;        /* an entity's name that is also something else
                            ("~Kimi"): it counts only with a second sign
                            in the same story */
  gboolean  user;        /* added by the user */
  GStrv     excludes;    /* phrases that name the other meaning: a story
                            with one of them never counts this alias's
                            group (the CAC 40, the Amazon rainforest) */
} DossierAlias;

/* Words that name a tag when they come together: an agency by its
 * description ("the market regulator" near "China"), a product by its
 * name and a head noun ("Ascend chips"), a topic by two words apart
 * ("restrictions on ... exports"). A term of every set must lie within
 * @within words of one another, in one sentence. */
typedef struct {
  guint      within;
  gboolean   strong;     /* for a topic: evidence enough on its own */
  gboolean   cancels;    /* names the other meaning instead: where it
                            holds, the tag's own keyword under the first
                            set's term is no evidence ("the chip maker
                            Nvidia", "tracking" of chips for privacy) */
  gboolean   before;     /* the other sets' terms come before the first's */
  GPtrArray *sets;       /* GStrv each */
} DossierNearRule;

typedef struct {
  char      *slug;
  char      *kind;            /* a DossierTagKind's name: company, agency,
                                 organization, person, product, place or
                                 topic */
  char      *name_en;
  char      *name_ar;
  char      *description_en;
  char      *description_ar;
  char      *parent;          /* a product's or person's company, or NULL */
  gboolean   user_defined;
  GPtrArray *aliases;         /* DossierAlias * */
  GStrv      context;         /* words that, in the same story, make a
                                 weak alias count */
  GStrv      related;         /* slugs of entities that do the same */
  GStrv      implies;         /* topics this entity is evidence for;
                                 "+slug" when enough on its own */
  GPtrArray *near;            /* DossierNearRule * */
} DossierTagDef;

typedef struct _DossierCatalogue DossierCatalogue;

DossierAlias     *dossier_alias_copy             (const DossierAlias *alias);
void              dossier_alias_free             (DossierAlias *alias);

DossierCatalogue *dossier_catalogue_new          (void);
DossierCatalogue *dossier_catalogue_ref          (DossierCatalogue *catalogue);
void              dossier_catalogue_unref        (DossierCatalogue *catalogue);

/* A copy of the catalogue shipped with Dossier. */
DossierCatalogue *dossier_catalogue_new_builtin  (GError **error);

/* Adds the entities or topics of a catalogue document (the format of
 * data/catalogue/ files). */
gboolean          dossier_catalogue_add_json     (DossierCatalogue  *catalogue,
                                                  const char        *data,
                                                  gsize              length,
                                                  GError           **error);

guint             dossier_catalogue_get_n_tags   (DossierCatalogue *catalogue);
DossierTagDef    *dossier_catalogue_get_tag      (DossierCatalogue *catalogue,
                                                  guint             index);
/* The index of @slug, or -1. */
int               dossier_catalogue_find         (DossierCatalogue *catalogue,
                                                  const char       *slug);

/* Adds a tag (the catalogue takes nothing; strings are copied) and returns
 * its index; an existing slug is returned as it is. */
guint             dossier_catalogue_add_tag      (DossierCatalogue *catalogue,
                                                  const char       *slug,
                                                  const char       *kind,
                                                  const char       *name_en,
                                                  const char       *name_ar);
/* @text may hold several spellings of one keyword separated by '|'; a
 * leading '+' makes them all a strong keyword, a leading '~' a weak
 * name (see DossierAlias). */
void              dossier_catalogue_add_alias    (DossierCatalogue *catalogue,
                                                  guint             index,
                                                  const char       *text,
                                                  const char       *lang,
                                                  gboolean          exact_case,
                                                  gboolean          user);

gboolean          dossier_tag_def_is_topic       (const DossierTagDef *tag);

/* Changes whenever anything that decides matches changes: a stored story
 * tagged under another fingerprint must be tagged again. */
char             *dossier_catalogue_fingerprint  (DossierCatalogue *catalogue);

/* Checks that a slug is lower-case ASCII letters, digits and hyphens. */
gboolean          dossier_slug_is_valid          (const char *slug);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierCatalogue, dossier_catalogue_unref)

G_END_DECLS
