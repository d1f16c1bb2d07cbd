/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-feed"

#include "dossier-feed.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-error.h"

const char *
dossier_feed_format_to_string (DossierFeedFormat format)
{
  switch (format)
    {
    case DOSSIER_FEED_FORMAT_RSS20:    return "rss2.0";
    case DOSSIER_FEED_FORMAT_RSS10:    return "rss1.0";
    case DOSSIER_FEED_FORMAT_RSS09X:   return "rss0.9x";
    case DOSSIER_FEED_FORMAT_ATOM10:   return "atom1.0";
    case DOSSIER_FEED_FORMAT_ATOM03:   return "atom0.3";
    case DOSSIER_FEED_FORMAT_JSONFEED: return "jsonfeed1.1";
    case DOSSIER_FEED_FORMAT_UNKNOWN:
    default:                           return NULL;
    }
}

DossierEnclosure *
dossier_enclosure_new (void)
{
  DossierEnclosure *enclosure = g_new0 (DossierEnclosure, 1);

  enclosure->length = -1;
  return enclosure;
}

void
dossier_enclosure_free (DossierEnclosure *enclosure)
{
  if (enclosure == NULL)
    return;
  g_free (enclosure->url);
  g_free (enclosure->type);
  g_free (enclosure);
}

DossierParsedItem *
dossier_parsed_item_new (void)
{
  DossierParsedItem *item = g_new0 (DossierParsedItem, 1);

  item->published = DOSSIER_DATE_NONE;
  item->updated = DOSSIER_DATE_NONE;
  item->categories = g_ptr_array_new_with_free_func (g_free);
  item->enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_enclosure_free);
  return item;
}

void
dossier_parsed_item_free (DossierParsedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->guid);
  g_free (item->title);
  g_free (item->link);
  g_free (item->author);
  g_free (item->summary);
  g_free (item->content);
  g_free (item->html);
  g_free (item->language);
  g_free (item->date_text);
  g_clear_pointer (&item->categories, g_ptr_array_unref);
  g_clear_pointer (&item->enclosures, g_ptr_array_unref);
  g_free (item);
}

DossierParsedFeed *
dossier_parsed_feed_new (void)
{
  DossierParsedFeed *feed = g_new0 (DossierParsedFeed, 1);

  feed->updated = DOSSIER_DATE_NONE;
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_parsed_item_free);
  return feed;
}

void
dossier_parsed_feed_free (DossierParsedFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->description);
  g_free (feed->language);
  g_free (feed->icon);
  g_free (feed->recovery_message);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_free (feed);
}

void
dossier_json_add_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  /* Text is UTF-8 here: the parser makes it so, and the store repairs
   * what an older database holds as it reads it. */
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
dossier_json_add_date (JsonBuilder *builder,
                       const char  *name,
                       gint64       date)
{
  g_autofree char *iso = dossier_date_to_iso8601 (date);

  dossier_json_add_string (builder, name, iso);
}

static void
add_item (JsonBuilder             *builder,
          const DossierParsedItem *item)
{
  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "guid", item->guid);
  dossier_json_add_string (builder, "title", item->title);
  dossier_json_add_string (builder, "link", item->link);
  dossier_json_add_string (builder, "author", item->author);
  dossier_json_add_date (builder, "published", item->published);
  dossier_json_add_date (builder, "updated", item->updated);
  dossier_json_add_string (builder, "summary", item->summary);
  dossier_json_add_string (builder, "content", item->content);

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->categories->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (item->categories, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "enclosures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const DossierEnclosure *enclosure = g_ptr_array_index (item->enclosures, i);

      json_builder_begin_object (builder);
      dossier_json_add_string (builder, "url", enclosure->url);
      dossier_json_add_string (builder, "type", enclosure->type);
      json_builder_set_member_name (builder, "length");
      if (enclosure->length >= 0)
        json_builder_add_int_value (builder, enclosure->length);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
dossier_parsed_feed_to_json_node (const DossierParsedFeed *feed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "format", dossier_feed_format_to_string (feed->format));
  dossier_json_add_string (builder, "title", feed->title);
  dossier_json_add_string (builder, "link", feed->link);
  dossier_json_add_string (builder, "description", feed->description);
  dossier_json_add_string (builder, "language", feed->language);
  dossier_json_add_date (builder, "updated", feed->updated);

  /* Only a feed that broke off says so: the contract's shape stays the
   * same for every well-formed one. */
  if (feed->recovered)
    {
      json_builder_set_member_name (builder, "recovered");
      json_builder_add_boolean_value (builder, TRUE);
      dossier_json_add_string (builder, "recovery_message", feed->recovery_message);
    }

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feed->items->len; i++)
    add_item (builder, g_ptr_array_index (feed->items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
dossier_parsed_feed_to_json (const DossierParsedFeed *feed,
                             gboolean                 pretty)
{
  g_autoptr(JsonNode) root = dossier_parsed_feed_to_json_node (feed);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* ---- Writing parse --json as the items come ----------------------------- */

/* Bytes gathered before they go to the stream: few writes, little memory. */
#define WRITER_FLUSH_SIZE (64 * 1024)

enum {
  MEMBER_FORMAT,
  MEMBER_TITLE,
  MEMBER_LINK,
  MEMBER_DESCRIPTION,
  MEMBER_LANGUAGE,
  MEMBER_UPDATED,
  N_MEMBERS,
};

struct _DossierFeedJsonWriter {
  FILE          *out;
  gboolean       pretty;
  GString       *buffer;
  gboolean       started;            /* the object and "items" are open */
  guint          n_items;
  gboolean       written[N_MEMBERS]; /* members already out */
  gboolean       failed;
  int            error_number;
};

static const char * const member_names[N_MEMBERS] = {
  "format", "title", "link", "description", "language", "updated",
};

DossierFeedJsonWriter *
dossier_feed_json_writer_new (FILE     *out,
                              gboolean  pretty)
{
  DossierFeedJsonWriter *writer = g_new0 (DossierFeedJsonWriter, 1);

  writer->out = out;
  writer->pretty = pretty;
  writer->buffer = g_string_sized_new (WRITER_FLUSH_SIZE + 4096);
  return writer;
}

void
dossier_feed_json_writer_free (DossierFeedJsonWriter *writer)
{
  if (writer == NULL)
    return;
  g_string_free (writer->buffer, TRUE);
  g_free (writer);
}

static void
writer_flush (DossierFeedJsonWriter *writer)
{
  if (writer->buffer->len == 0 || writer->failed)
    {
      g_string_truncate (writer->buffer, 0);
      return;
    }
  if (fwrite (writer->buffer->str, 1, writer->buffer->len, writer->out) != writer->buffer->len)
    {
      writer->failed = TRUE;
      writer->error_number = errno;
    }
  g_string_truncate (writer->buffer, 0);
}

/* A member's value as JSON text: a string, an ISO date, or null. */
static char *
member_value (const DossierParsedFeed *feed,
              int                      member)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *date = NULL;
  const char *value = NULL;

  switch (member)
    {
    case MEMBER_FORMAT:      value = dossier_feed_format_to_string (feed->format); break;
    case MEMBER_TITLE:       value = feed->title; break;
    case MEMBER_LINK:        value = feed->link; break;
    case MEMBER_DESCRIPTION: value = feed->description; break;
    case MEMBER_LANGUAGE:    value = feed->language; break;
    case MEMBER_UPDATED:     value = date = dossier_date_to_iso8601 (feed->updated); break;
    default:                 g_assert_not_reached ();
    }
  if (value == NULL)
    return g_strdup ("null");
  json_node_set_string (node, value);
  return json_to_string (node, FALSE);
}

static void
append_member (DossierFeedJsonWriter *writer,
               const char            *name,
               const char            *json_value,
               gboolean               first)
{
  if (!first)
    g_string_append_c (writer->buffer, ',');
  if (writer->pretty)
    g_string_append_printf (writer->buffer, "\n  \"%s\" : %s", name, json_value);
  else
    g_string_append_printf (writer->buffer, "\"%s\":%s", name, json_value);
}

/* Opens the object with the members known now, then "items". */
static void
writer_start (DossierFeedJsonWriter   *writer,
              const DossierParsedFeed *feed,
              gboolean                 all)
{
  gboolean first = TRUE;

  g_string_append_c (writer->buffer, '{');
  for (int m = 0; m < N_MEMBERS; m++)
    {
      g_autofree char *value = member_value (feed, m);

      /* An unknown member may still come after the items: it waits. */
      if (!all && m != MEMBER_FORMAT && g_str_equal (value, "null"))
        continue;
      append_member (writer, member_names[m], value, first);
      writer->written[m] = TRUE;
      first = FALSE;
    }
  g_string_append (writer->buffer, writer->pretty ? ",\n  \"items\" : [" : ",\"items\":[");
  writer->started = TRUE;
}

/* Items are written straight into the buffer rather than built as a
 * JsonNode and run through JsonGenerator: on a 59 MB feed json-glib's
 * builder and generator took 42% of `parse --json`'s instructions, more
 * than libxml2's whole pass, and kept it far from three times `xmllint
 * --stream`. The output is the same JSON (see tests/test-parser.c, which
 * compares both for every fixture). */

/* What each byte becomes inside a JSON string: 0 as it is, 1 escaped as
 * \u00XX, or the letter after a backslash. */
static const char json_escapes[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
  [0x06] = 1, [0x07] = 1, [0x08] = 'b', [0x09] = 't', [0x0A] = 'n',
  [0x0B] = 1, [0x0C] = 'f', [0x0D] = 'r', [0x0E] = 1, [0x0F] = 1,
  [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
  [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
  [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, ['"'] = '"', ['\\'] = '\\',
  [0x7F] = 1,
};

static void
append_json_string (GString    *out,
                    const char *text)
{
  const guchar *p = (const guchar *) text;

  if (text == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const guchar *run = p;

      /* Plain runs (nearly all of a story) are copied in one go. */
      while (*p != '\0' && json_escapes[*p] == 0)
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;
      if (json_escapes[*p] == 1)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        {
          char escape[2] = { '\\', json_escapes[*p] };

          g_string_append_len (out, escape, 2);
        }
      p++;
    }
  g_string_append_c (out, '"');
}

static void
append_json_date (GString *out,
                  gint64   date)
{
  g_autofree char *iso = dossier_date_to_iso8601 (date);

  append_json_string (out, iso);
}

/* The layout of one member: compact, or indented as json-glib's pretty
 * output is ("key" : value, two spaces a level). */
static void
open_member (GString    *out,
             gboolean    pretty,
             int         depth,
             const char *name,
             gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (pretty)
    {
      g_string_append_c (out, '\n');
      for (int i = 0; i < depth; i++)
        g_string_append_len (out, "  ", 2);
      g_string_append_c (out, '"');
      g_string_append (out, name);
      g_string_append_len (out, "\" : ", 4);
    }
  else
    {
      g_string_append_c (out, '"');
      g_string_append (out, name);
      g_string_append_len (out, "\":", 2);
    }
}

static void
close_container (GString  *out,
                 gboolean  pretty,
                 int       depth,
                 char      bracket,
                 gboolean  empty)
{
  if (pretty && !empty)
    {
      g_string_append_c (out, '\n');
      for (int i = 0; i < depth; i++)
        g_string_append_len (out, "  ", 2);
    }
  g_string_append_c (out, bracket);
}

static void
indent_element (GString  *out,
                gboolean  pretty,
                int       depth,
                gboolean  first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (pretty)
    {
      g_string_append_c (out, '\n');
      for (int i = 0; i < depth; i++)
        g_string_append_len (out, "  ", 2);
    }
}

/* One item of "items", at @depth (2 inside the feed object). */
static void
append_json_item (GString                 *out,
                  const DossierParsedItem *item,
                  gboolean                 pretty,
                  int                      depth)
{
  const struct { const char *name; const char *value; } strings[] = {
    { "guid", item->guid }, { "title", item->title }, { "link", item->link },
    { "author", item->author },
  };

  g_string_append_c (out, '{');
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      open_member (out, pretty, depth + 1, strings[i].name, i == 0);
      append_json_string (out, strings[i].value);
    }
  open_member (out, pretty, depth + 1, "published", FALSE);
  append_json_date (out, item->published);
  open_member (out, pretty, depth + 1, "updated", FALSE);
  append_json_date (out, item->updated);
  open_member (out, pretty, depth + 1, "summary", FALSE);
  append_json_string (out, item->summary);
  open_member (out, pretty, depth + 1, "content", FALSE);
  append_json_string (out, item->content);

  open_member (out, pretty, depth + 1, "categories", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < item->categories->len; i++)
    {
      indent_element (out, pretty, depth + 2, i == 0);
      append_json_string (out, g_ptr_array_index (item->categories, i));
    }
  close_container (out, pretty, depth + 1, ']', item->categories->len == 0);

  open_member (out, pretty, depth + 1, "enclosures", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const DossierEnclosure *enclosure = g_ptr_array_index (item->enclosures, i);

      indent_element (out, pretty, depth + 2, i == 0);
      g_string_append_c (out, '{');
      open_member (out, pretty, depth + 3, "url", TRUE);
      append_json_string (out, enclosure->url);
      open_member (out, pretty, depth + 3, "type", FALSE);
      append_json_string (out, enclosure->type);
      open_member (out, pretty, depth + 3, "length", FALSE);
      if (enclosure->length >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, enclosure->length);
      else
        g_string_append_len (out, "null", 4);
      close_container (out, pretty, depth + 2, '}', FALSE);
    }
  close_container (out, pretty, depth + 1, ']', item->enclosures->len == 0);
  close_container (out, pretty, depth, '}', FALSE);
}

void
dossier_feed_json_writer_add_item (DossierFeedJsonWriter   *writer,
                                   const DossierParsedFeed *feed,
                                   const DossierParsedItem *item)
{
  g_return_if_fail (writer != NULL);

  if (!writer->started)
    writer_start (writer, feed, FALSE);

  indent_element (writer->buffer, writer->pretty, 2, writer->n_items == 0);
  append_json_item (writer->buffer, item, writer->pretty, 2);
  writer->n_items++;

  if (writer->buffer->len >= WRITER_FLUSH_SIZE)
    writer_flush (writer);
}

gboolean
dossier_feed_json_writer_finish (DossierFeedJsonWriter   *writer,
                                 const DossierParsedFeed *feed,
                                 GError                 **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);

  if (!writer->started)
    writer_start (writer, feed, TRUE);
  if (writer->pretty)
    g_string_append (writer->buffer, writer->n_items > 0 ? "\n  ]" : "]");
  else
    g_string_append_c (writer->buffer, ']');

  /* What the document said after its items. */
  for (int m = 0; m < N_MEMBERS; m++)
    if (!writer->written[m])
      {
        g_autofree char *value = member_value (feed, m);

        append_member (writer, member_names[m], value, FALSE);
        writer->written[m] = TRUE;
      }
  if (feed->recovered)
    {
      g_autoptr(JsonNode) message = json_node_new (JSON_NODE_VALUE);
      g_autofree char *message_text = NULL;

      if (feed->recovery_message != NULL)
        {
          json_node_set_string (message, feed->recovery_message);
          message_text = json_to_string (message, FALSE);
        }
      append_member (writer, "recovered", "true", FALSE);
      append_member (writer, "recovery_message", message_text != NULL ? message_text : "null", FALSE);
    }
  g_string_append (writer->buffer, writer->pretty ? "\n}\n" : "}\n");
  writer_flush (writer);
  if (!writer->failed && fflush (writer->out) != 0)
    {
      writer->failed = TRUE;
      writer->error_number = errno;
    }

  if (writer->failed)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_FAILED, _("Cannot write the output: %s"),
                   g_strerror (writer->error_number));
      return FALSE;
    }
  return TRUE;
}
