/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-catalogue"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-catalogue.h"
#include "dossier-core-resources.h"
#include "dossier-error.h"
#include "dossier-tag-edit.h"

#define RESOURCE_PATH "/io/github/dossierapp/Dossier/catalogue/"

struct _DossierCatalogue {
  gatomicrefcount  ref_count;
  GPtrArray       *tags;      /* DossierTagDef * */
  GHashTable      *by_slug;   /* slug -> index + 1 */
  guint            n_groups;
};

DossierAlias *
dossier_alias_copy (const DossierAlias *alias)
{
  DossierAlias *copy = g_memdup2 (alias, sizeof *alias);

  copy->text = g_strdup (alias->text);
  copy->lang = g_strdup (alias->lang);
  copy->excludes = g_strdupv (alias->excludes);
  return copy;
}

void
dossier_alias_free (DossierAlias *alias)
{
  if (alias == NULL)
    return;
  g_free (alias->text);
  g_free (alias->lang);
  g_strfreev (alias->excludes);
  g_free (alias);
}

static void
near_rule_free (DossierNearRule *rule)
{
  g_ptr_array_unref (rule->sets);
  g_free (rule);
}

static void
tag_def_free (DossierTagDef *tag)
{
  g_free (tag->slug);
  g_free (tag->kind);
  g_free (tag->name_en);
  g_free (tag->name_ar);
  g_free (tag->description_en);
  g_free (tag->description_ar);
  g_free (tag->parent);
  g_ptr_array_unref (tag->aliases);
  g_strfreev (tag->context);
  g_strfreev (tag->related);
  g_strfreev (tag->implies);
  g_ptr_array_unref (tag->near);
  g_free (tag);
}

DossierCatalogue *
dossier_catalogue_new (void)
{
  DossierCatalogue *catalogue = g_new0 (DossierCatalogue, 1);

  g_atomic_ref_count_init (&catalogue->ref_count);
  catalogue->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_def_free);
  catalogue->by_slug = g_hash_table_new (g_str_hash, g_str_equal);
  return catalogue;
}

DossierCatalogue *
dossier_catalogue_ref (DossierCatalogue *catalogue)
{
  g_atomic_ref_count_inc (&catalogue->ref_count);
  return catalogue;
}

void
dossier_catalogue_unref (DossierCatalogue *catalogue)
{
  if (catalogue == NULL || !g_atomic_ref_count_dec (&catalogue->ref_count))
    return;
  g_hash_table_unref (catalogue->by_slug);
  g_ptr_array_unref (catalogue->tags);
  g_free (catalogue);
}

gboolean
dossier_slug_is_valid (const char *slug)
{
  if (slug == NULL || slug[0] == '\0' || strlen (slug) > 64 || slug[0] == '-')
    return FALSE;
  for (const char *p = slug; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

guint
dossier_catalogue_get_n_tags (DossierCatalogue *catalogue)
{
  return catalogue->tags->len;
}

DossierTagDef *
dossier_catalogue_get_tag (DossierCatalogue *catalogue,
                           guint             index)
{
  g_return_val_if_fail (index < catalogue->tags->len, NULL);
  return g_ptr_array_index (catalogue->tags, index);
}

int
dossier_catalogue_find (DossierCatalogue *catalogue,
                        const char       *slug)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (catalogue->by_slug, slug)) - 1;
}

gboolean
dossier_tag_def_is_topic (const DossierTagDef *tag)
{
  return g_strcmp0 (tag->kind, "topic") == 0;
}

guint
dossier_catalogue_add_tag (DossierCatalogue *catalogue,
                           const char       *slug,
                           const char       *kind,
                           const char       *name_en,
                           const char       *name_ar)
{
  DossierTagDef *tag;
  int existing = dossier_catalogue_find (catalogue, slug);

  if (existing >= 0)
    return existing;

  tag = g_new0 (DossierTagDef, 1);
  tag->slug = g_strdup (slug);
  tag->kind = g_strdup (kind);
  tag->name_en = g_strdup (name_en);
  tag->name_ar = g_strdup (name_ar != NULL ? name_ar : name_en);
  tag->aliases = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_alias_free);
  tag->near = g_ptr_array_new_with_free_func ((GDestroyNotify) near_rule_free);
  g_ptr_array_add (catalogue->tags, tag);
  g_hash_table_insert (catalogue->by_slug, tag->slug,
                       GUINT_TO_POINTER (catalogue->tags->len));
  return catalogue->tags->len - 1;
}

void
dossier_catalogue_add_alias (DossierCatalogue *catalogue,
                             guint             index,
                             const char       *text,
                             const char       *lang,
                             gboolean          exact_case,
                             gboolean          user)
{
  DossierTagDef *tag = dossier_catalogue_get_tag (catalogue, index);
  gboolean strong = text[0] == '+';
  gboolean weak = text[0] == '~';
  g_auto(GStrv) spellings = g_strsplit (strong || weak ? text + 1 : text, "|", -1);
  guint group = catalogue->n_groups++;

  for (guint i = 0; spellings[i] != NULL; i++)
    {
      const char *spelling = g_strstrip (spellings[i]);
      DossierAlias *alias;

      if (spelling[0] == '+' || spelling[0] == '~')
        spelling++;
      if (spelling[0] == '\0')
        continue;
      alias = g_new0 (DossierAlias, 1);
      alias->text = g_strdup (spelling);
      alias->lang = g_strdup (lang);
      alias->group = group;
      alias->exact_case = exact_case;
      alias->strong = strong;
      alias->weak = weak;
      alias->user = user;
      g_ptr_array_add (tag->aliases, alias);
    }
}

static const char *
member_string (JsonObject *object,
               const char *member,
               const char *lang)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return NULL;
  if (lang == NULL)
    return JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), lang);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gboolean
add_aliases (DossierCatalogue  *catalogue,
             guint              index,
             JsonObject        *lists,
             GError           **error)
{
  static const char * const langs[] = { "en", "ar", "zh", "exact" };

  for (gsize l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      JsonNode *node = json_object_get_member (lists, langs[l]);
      JsonArray *array;
      gboolean exact = g_str_equal (langs[l], "exact");

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       _("The aliases of “%s” in “%s” are not a list"),
                       dossier_catalogue_get_tag (catalogue, index)->slug, langs[l]);
          return FALSE;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *text = json_array_get_string_element (array, i);

          if (text != NULL)
            dossier_catalogue_add_alias (catalogue, index, text,
                                         exact ? "en" : langs[l], exact, FALSE);
        }
    }
  return TRUE;
}

/* A list of strings, or NULL when @member is missing. */
static gboolean
member_strv (JsonObject  *object,
             const char  *member,
             const char  *slug,
             GStrv       *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” of “%s” in the catalogue is not a list"), member, slug);
      return FALSE;
    }
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *text = json_array_get_string_element (array, i);

      if (text == NULL || text[0] == '\0')
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       _("“%s” of “%s” in the catalogue holds something that is not a word"),
                       member, slug);
          return FALSE;
        }
      g_strv_builder_add (builder, text);
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* "exclude": { "alias as written": ["phrase", ...] } */
static gboolean
add_excludes (DossierTagDef  *tag,
              JsonObject     *object,
              GError        **error)
{
  JsonNode *node = json_object_get_member (object, "exclude");
  JsonObject *map;
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("“%s” of “%s” in the catalogue is not an object"), "exclude", tag->slug);
      return FALSE;
    }
  map = json_node_get_object (node);
  names = json_object_get_members (map);
  for (GList *l = names; l != NULL; l = l->next)
    {
      DossierAlias *found = NULL;
      GStrv phrases = NULL;

      for (guint a = 0; found == NULL && a < tag->aliases->len; a++)
        {
          DossierAlias *alias = g_ptr_array_index (tag->aliases, a);

          if (g_str_equal (alias->text, l->data))
            found = alias;
        }
      if (found == NULL)
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       _("“%s” excludes phrases for “%s”, which is not one of its names"),
                       tag->slug, (const char *) l->data);
          return FALSE;
        }
      if (!member_strv (map, l->data, tag->slug, &phrases, error))
        return FALSE;
      g_strfreev (found->excludes);
      found->excludes = phrases;
    }
  return TRUE;
}

/* "near": [ { "within": N, "strong": bool, "cancels": bool, "before": bool,
 *             "sets": [[...], [...]] } ] */
static gboolean
add_near_rules (DossierTagDef  *tag,
                JsonObject     *object,
                GError        **error)
{
  JsonNode *node = json_object_get_member (object, "near");
  JsonArray *rules;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;
  rules = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonNode *rule_node = json_array_get_element (rules, i);
      JsonObject *rule_object;
      JsonArray *sets;
      DossierNearRule *rule;

      if (!JSON_NODE_HOLDS_OBJECT (rule_node))
        goto invalid;
      rule_object = json_node_get_object (rule_node);
      if (!json_object_has_member (rule_object, "sets") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (rule_object, "sets")))
        goto invalid;
      sets = json_object_get_array_member (rule_object, "sets");
      if (json_array_get_length (sets) < 2)
        goto invalid;

      rule = g_new0 (DossierNearRule, 1);
      rule->within = json_object_get_int_member_with_default (rule_object, "within", 3);
      rule->strong = json_object_get_boolean_member_with_default (rule_object, "strong", TRUE);
      rule->cancels = json_object_get_boolean_member_with_default (rule_object, "cancels", FALSE);
      rule->before = json_object_get_boolean_member_with_default (rule_object, "before", FALSE);
      rule->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_ptr_array_add (tag->near, rule);
      for (guint s = 0; s < json_array_get_length (sets); s++)
        {
          JsonArray *set;
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          if (!JSON_NODE_HOLDS_ARRAY (json_array_get_element (sets, s)))
            goto invalid;
          set = json_array_get_array_element (sets, s);
          if (json_array_get_length (set) == 0)
            goto invalid;
          for (guint t = 0; t < json_array_get_length (set); t++)
            {
              const char *term = json_array_get_string_element (set, t);

              if (term == NULL || term[0] == '\0')
                goto invalid;
              g_strv_builder_add (builder, term);
            }
          g_ptr_array_add (rule->sets, g_strv_builder_end (builder));
        }
      if (rule->within == 0 || rule->within > 20)
        goto invalid;
    }
  return TRUE;

invalid:
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
               _("“%s” of “%s” in the catalogue is not a list of rules with two or more sets of words"),
               "near", tag->slug);
  return FALSE;
}

gboolean
dossier_catalogue_add_json (DossierCatalogue  *catalogue,
                            const char        *data,
                            gsize              length,
                            GError           **error)
{
  static const char * const sections[] = { "entities", "topics" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_data (parser, data, length, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("A catalogue is a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  for (gsize s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonNode *list = json_object_get_member (root, sections[s]);
      gboolean topics = s == 1;

      if (list == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (list))
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                       _("“%s” in the catalogue is not a list"), sections[s]);
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (list), i);
          JsonObject *object;
          const char *slug, *kind, *name_en;
          JsonNode *lists;
          DossierTagDef *tag;
          guint index;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          slug = member_string (object, "slug", NULL);
          kind = topics ? "topic" : member_string (object, "kind", NULL);
          name_en = member_string (object, "name", "en");
          /* The kinds are those every part of Dossier knows. */
          if (!dossier_slug_is_valid (slug) || !dossier_tag_kind_from_string (kind, NULL) ||
              g_str_equal (kind, "topic") != topics || name_en == NULL)
            {
              g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                           _("Entry %u of “%s” needs a valid slug, a kind and an English name"),
                           i + 1, sections[s]);
              return FALSE;
            }
          if (dossier_catalogue_find (catalogue, slug) >= 0)
            {
              g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS,
                           _("“%s” is defined twice in the catalogue"), slug);
              return FALSE;
            }

          index = dossier_catalogue_add_tag (catalogue, slug, kind, name_en,
                                             member_string (object, "name", "ar"));
          tag = dossier_catalogue_get_tag (catalogue, index);
          tag->description_en = g_strdup (member_string (object, "description", "en"));
          tag->description_ar = g_strdup (member_string (object, "description", "ar"));
          tag->parent = g_strdup (member_string (object, "parent", NULL));

          lists = json_object_get_member (object, topics ? "keywords" : "aliases");
          if (lists != NULL && JSON_NODE_HOLDS_OBJECT (lists) &&
              !add_aliases (catalogue, index, json_node_get_object (lists), error))
            return FALSE;
          if (!member_strv (object, "context", slug, &tag->context, error) ||
              !member_strv (object, "related", slug, &tag->related, error) ||
              !member_strv (object, "implies", slug, &tag->implies, error) ||
              !add_excludes (tag, object, error) ||
              !add_near_rules (tag, object, error))
            return FALSE;
        }
    }
  return TRUE;
}

DossierCatalogue *
dossier_catalogue_new_builtin (GError **error)
{
  static const char * const files[] = { "entities.json", "topics.json" };
  g_autoptr(DossierCatalogue) catalogue = dossier_catalogue_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_PATH, files[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (dossier_core_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      gsize length;
      const char *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &length);
      if (!dossier_catalogue_add_json (catalogue, data, length, error))
        {
          g_prefix_error (error, "%s: ", files[i]);
          return NULL;
        }
    }
  return g_steal_pointer (&catalogue);
}

static void
checksum_strv (GChecksum *checksum,
               GStrv      strv)
{
  g_checksum_update (checksum, (const guchar *) "\4", 1);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      g_checksum_update (checksum, (const guchar *) strv[i], -1);
      g_checksum_update (checksum, (const guchar *) "\1", 1);
    }
}

char *
dossier_catalogue_fingerprint (DossierCatalogue *catalogue)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  /* Only what changes matches counts: slugs, kinds, parents, aliases. */
  for (guint i = 0; i < catalogue->tags->len; i++)
    {
      DossierTagDef *tag = g_ptr_array_index (catalogue->tags, i);

      g_checksum_update (checksum, (const guchar *) tag->slug, -1);
      g_checksum_update (checksum, (const guchar *) "\1", 1);
      g_checksum_update (checksum, (const guchar *) tag->kind, -1);
      g_checksum_update (checksum, (const guchar *) "\1", 1);
      if (tag->parent != NULL)
        g_checksum_update (checksum, (const guchar *) tag->parent, -1);
      for (guint a = 0; a < tag->aliases->len; a++)
        {
          DossierAlias *alias = g_ptr_array_index (tag->aliases, a);
          char head[32];

          g_snprintf (head, sizeof head, "\2%u:%d:%d:%d:", alias->group, alias->exact_case,
                      alias->strong, alias->weak);
          g_checksum_update (checksum, (const guchar *) head, -1);
          g_checksum_update (checksum, (const guchar *) alias->text, -1);
          checksum_strv (checksum, alias->excludes);
        }
      checksum_strv (checksum, tag->context);
      checksum_strv (checksum, tag->related);
      checksum_strv (checksum, tag->implies);
      for (guint r = 0; r < tag->near->len; r++)
        {
          DossierNearRule *rule = g_ptr_array_index (tag->near, r);
          char head[32];

          g_snprintf (head, sizeof head, "\5%u:%d:%d:%d:", rule->within, rule->strong,
                      rule->cancels, rule->before);
          g_checksum_update (checksum, (const guchar *) head, -1);
          for (guint t = 0; t < rule->sets->len; t++)
            checksum_strv (checksum, g_ptr_array_index (rule->sets, t));
        }
      g_checksum_update (checksum, (const guchar *) "\3", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}
