/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-export"

#include "config.h"

#include <string.h>

#include "dossier-store.h"
#include "dossier-date.h"
#include "dossier-citation.h"
#include "dossier-export.h"
#include "dossier-reading-private.h"
#include "dossier-feed.h"
#include "dossier-utf8.h"
#include "dossier-tagger.h"

#define EXPORT_PAGE 500

static void
add_strv (JsonBuilder *builder,
          const char  *name,
          GStrv        values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *valid = dossier_utf8_repair (values[i], -1);

      json_builder_add_string_value (builder, valid);
    }
  json_builder_end_array (builder);
}

void
dossier_json_add_article (JsonBuilder          *builder,
                          const DossierArticle *a,
                          gboolean              full)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, a->id);
  json_builder_set_member_name (builder, "feed");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, a->feed_id);
  dossier_json_add_string (builder, "title", a->feed_title);
  json_builder_end_object (builder);
  dossier_json_add_string (builder, "title", a->title);
  dossier_json_add_string (builder, "link", a->link);
  dossier_json_add_date (builder, "published", a->published);
  /* published is when the story was first seen: its feed gave no date
   * that could be read. */
  json_builder_set_member_name (builder, "undated");
  json_builder_add_boolean_value (builder, a->undated);
  dossier_json_add_string (builder, "author", a->author);
  dossier_json_add_string (builder, "summary", a->summary);
  dossier_json_add_string (builder, "lang", a->lang);
  add_strv (builder, "entities", a->entities);
  add_strv (builder, "topics", a->topics);
  json_builder_set_member_name (builder, "read");
  json_builder_add_boolean_value (builder, a->read);
  json_builder_set_member_name (builder, "starred");
  json_builder_add_boolean_value (builder, a->starred);

  if (full)
    {
      dossier_json_add_date (builder, "updated", a->updated);
      /* The feed's own date, when it could not be read. */
      dossier_json_add_string (builder, "date_text", a->date_text);
      dossier_json_add_string (builder, "content", a->content);
      add_strv (builder, "categories", a->categories);
      json_builder_set_member_name (builder, "enclosures");
      if (a->enclosures_json != NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (a->enclosures_json, NULL);

          if (node != NULL)
            json_builder_add_value (builder, g_steal_pointer (&node));
          else
            json_builder_add_null_value (builder);
        }
      else
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      /* Why it was filed under each entity and topic. */
      json_builder_set_member_name (builder, "filed");
      json_builder_begin_array (builder);
      for (guint i = 0; a->tag_matches != NULL && i < a->tag_matches->len; i++)
        {
          DossierArticleTag *t = g_ptr_array_index (a->tag_matches, i);
          g_auto(GStrv) aliases = NULL;
          g_auto(GStrv) implied_by = NULL;

          dossier_tag_why_split (t->aliases, &aliases, &implied_by);

          json_builder_begin_object (builder);
          dossier_json_add_string (builder, "slug", t->slug);
          dossier_json_add_string (builder, "kind", t->kind);
          json_builder_set_member_name (builder, "title");
          json_builder_add_int_value (builder, t->title_count);
          json_builder_set_member_name (builder, "body");
          json_builder_add_int_value (builder, t->body_count);
          add_strv (builder, "aliases", aliases);
          /* Entities that were evidence for a topic: an AI chip for
           * semiconductors. */
          add_strv (builder, "implied_by", implied_by);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "sources");
      json_builder_begin_array (builder);
      for (guint i = 0; a->sources != NULL && i < a->sources->len; i++)
        {
          DossierArticleSource *s = g_ptr_array_index (a->sources, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "article");
          json_builder_add_int_value (builder, s->article_id);
          json_builder_set_member_name (builder, "feed");
          json_builder_add_int_value (builder, s->feed_id);
          dossier_json_add_string (builder, "title", s->feed_title);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* RFC 4180: quoted when it holds a comma, quote or line break. */
static void
csv_field (GString    *line,
           const char *text,
           gboolean    last)
{
  g_autofree char *value = dossier_utf8_repair (text, -1);

  if (value != NULL)
    {
      if (strpbrk (value, ",\"\r\n") != NULL)
        {
          g_string_append_c (line, '"');
          for (const char *p = value; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (line, '"');
              g_string_append_c (line, *p);
            }
          g_string_append_c (line, '"');
        }
      else
        g_string_append (line, value);
    }
  g_string_append (line, last ? "\r\n" : ",");
}

static void
csv_line (GString              *out,
          const DossierArticle *a)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, a->id);
  g_autofree char *feed_id = g_strdup_printf ("%" G_GINT64_FORMAT, a->feed_id);
  g_autofree char *date = dossier_date_to_iso8601 (a->published);
  g_autofree char *entities = a->entities != NULL ? g_strjoinv (" ", a->entities) : NULL;
  g_autofree char *topics = a->topics != NULL ? g_strjoinv (" ", a->topics) : NULL;

  csv_field (out, id, FALSE);
  csv_field (out, feed_id, FALSE);
  csv_field (out, a->feed_title, FALSE);
  csv_field (out, a->title, FALSE);
  csv_field (out, a->link, FALSE);
  csv_field (out, date, FALSE);
  csv_field (out, a->author, FALSE);
  csv_field (out, a->lang, FALSE);
  csv_field (out, entities, FALSE);
  csv_field (out, topics, FALSE);
  csv_field (out, a->read ? "1" : "0", FALSE);
  csv_field (out, a->starred ? "1" : "0", FALSE);
  csv_field (out, a->summary, TRUE);
}

static void
json_line (GString              *out,
           const DossierArticle *a,
           gboolean              first)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  dossier_json_add_article (builder, a, FALSE);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  /* The comma goes before each but the first: a story deleted while the
   * export runs must not leave one dangling at the end. */
  if (!first)
    g_string_append (out, ",\n");
  g_string_append (out, text);
}

gboolean
dossier_export_stories (DossierStore        *store,
                        const DossierQuery  *query,
                        DossierExportFormat  format,
                        GOutputStream       *out,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) chunk = g_string_new (NULL);
  gboolean first = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  ids = dossier_store_query_ids (store, query, error);
  if (ids == NULL)
    return FALSE;

  if (format == DOSSIER_EXPORT_CSV)
    g_string_append (chunk, "id,feed_id,feed,title,link,published,author,lang,entities,topics,read,starred,summary\r\n");
  else if (format == DOSSIER_EXPORT_JSON)
    g_string_append (chunk, "[\n");

  for (guint start = 0; start < ids->len; start += EXPORT_PAGE)
    {
      g_autoptr(GPtrArray) page = NULL;

      page = dossier_store_get_articles (store, &g_array_index (ids, gint64, start),
                                         MIN (EXPORT_PAGE, ids->len - start), error);
      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          const DossierArticle *a = g_ptr_array_index (page, i);

          if (format == DOSSIER_EXPORT_CSV)
            csv_line (chunk, a);
          else if (format == DOSSIER_EXPORT_MARKDOWN)
            {
              g_autofree char *text = dossier_store_story_text_plain (store, a->id);
              g_autofree char *first_paragraph = dossier_first_paragraph (text);

              dossier_brief_append_story (chunk, a, first_paragraph);
            }
          else
            json_line (chunk, a, first);
          first = FALSE;
        }
      if (!g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error))
        return FALSE;
      g_string_truncate (chunk, 0);
    }

  if (format == DOSSIER_EXPORT_JSON)
    g_string_append (chunk, first ? "]\n" : "\n]\n");
  return g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error);
}
