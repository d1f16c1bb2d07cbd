/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-export"

#include "config.h"

#include "dossier-date.h"
#include "dossier-export.h"
#include "dossier-feed.h"
#include "dossier-store.h"
#include "dossier-store-events.h"

void
dossier_json_add_event (JsonBuilder        *builder,
                        DossierStore       *store,
                        const DossierEvent *event)
{
  g_autofree char *why = NULL;

  /* The event's why is its strongest link: the first story that joined. */
  for (guint i = 1; i < event->stories->len && why == NULL; i++)
    {
      DossierEventStory *story = g_ptr_array_index (event->stories, i);

      why = dossier_store_event_why_text (store, story->why);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, event->id);
  dossier_json_add_string (builder, "title", event->title);
  dossier_json_add_date (builder, "first_seen", event->first_seen);
  dossier_json_add_date (builder, "updated", event->updated);
  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  for (guint i = 0; event->languages != NULL && event->languages[i] != NULL; i++)
    json_builder_add_string_value (builder, event->languages[i]);
  json_builder_end_array (builder);
  dossier_json_add_string (builder, "why", why != NULL ? why : "");
  json_builder_set_member_name (builder, "stories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < event->stories->len; i++)
    {
      DossierEventStory *story = g_ptr_array_index (event->stories, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, story->article_id);
      json_builder_set_member_name (builder, "feed");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, story->feed_id);
      dossier_json_add_string (builder, "title", story->feed_title);
      json_builder_end_object (builder);
      dossier_json_add_string (builder, "title", story->title);
      dossier_json_add_string (builder, "link", story->link);
      dossier_json_add_date (builder, "published", story->published);
      dossier_json_add_string (builder, "lang", story->lang);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
csv_line (GString            *out,
          const DossierEvent *event)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event->id);
  g_autofree char *first_seen = dossier_date_to_iso8601 (event->first_seen);
  g_autofree char *updated = dossier_date_to_iso8601 (event->updated);
  g_autofree char *languages = event->languages != NULL ? g_strjoinv (" ", event->languages) : NULL;
  g_autofree char *count = g_strdup_printf ("%u", event->stories->len);
  g_autoptr(GString) feeds = g_string_new (NULL);
  g_autoptr(GString) links = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);

  /* A source a line within the field, in the order of the stories. */
  for (guint i = 0; i < event->stories->len; i++)
    {
      DossierEventStory *story = g_ptr_array_index (event->stories, i);

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", story->article_id);
      g_string_append_printf (feeds, "%s%s", i > 0 ? "\n" : "", story->feed_title != NULL ? story->feed_title : "");
      g_string_append_printf (links, "%s%s", i > 0 ? "\n" : "", story->link != NULL ? story->link : "");
    }
  dossier_export_csv_field (out, id, FALSE);
  dossier_export_csv_field (out, event->title, FALSE);
  dossier_export_csv_field (out, first_seen, FALSE);
  dossier_export_csv_field (out, updated, FALSE);
  dossier_export_csv_field (out, languages, FALSE);
  dossier_export_csv_field (out, count, FALSE);
  dossier_export_csv_field (out, ids->str, FALSE);
  dossier_export_csv_field (out, feeds->str, FALSE);
  dossier_export_csv_field (out, links->str, TRUE);
}

gboolean
dossier_export_events (DossierStore        *store,
                       const DossierQuery  *query,
                       DossierExportFormat  format,
                       GOutputStream       *out,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(DossierQuery) all = dossier_query_copy (query);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) chunk = g_string_new (NULL);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (format != DOSSIER_EXPORT_MARKDOWN, FALSE);

  ids = dossier_store_query_event_ids (store, all, error);
  if (ids == NULL)
    return FALSE;
  if (format == DOSSIER_EXPORT_CSV)
    g_string_append (chunk, "event,title,first_seen,updated,languages,stories,story_ids,feeds,links\r\n");
  else
    g_string_append (chunk, "[\n");

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(DossierEvent) event = dossier_store_get_event (store, g_array_index (ids, gint64, i), error);

      if (event == NULL)
        return FALSE;
      if (format == DOSSIER_EXPORT_CSV)
        csv_line (chunk, event);
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *text = NULL;

          dossier_json_add_event (builder, store, event);
          root = json_builder_get_root (builder);
          text = json_to_string (root, FALSE);
          if (i > 0)
            g_string_append (chunk, ",\n");
          g_string_append (chunk, text);
        }
      /* A page at a time, as the stories' export does. */
      if (chunk->len > 64 * 1024)
        {
          if (!g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (chunk, 0);
        }
    }
  if (format == DOSSIER_EXPORT_JSON)
    g_string_append (chunk, ids->len == 0 ? "]\n" : "\n]\n");
  return g_output_stream_write_all (out, chunk->str, chunk->len, NULL, cancellable, error);
}
