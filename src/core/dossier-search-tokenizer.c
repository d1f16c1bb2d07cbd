/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-search"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-search-tokenizer.h"

/* Words unicode61 returned unchanged, kept per tokenizer up to this many
 * (a few MB at most; the index's text repeats a vocabulary). */
#define MAX_WORDS        65536
#define MAX_WORD_BYTES   64

typedef struct {
  fts5_tokenizer  unicode61;       /* FTS5's own, found before ours */
  void           *unicode61_data;
} Registration;

/* One per search index on a connection, used by one thread at a time. */
typedef struct {
  fts5_tokenizer  unicode61;
  Fts5Tokenizer  *inner;           /* unicode61 with the index's arguments */
  /* Only remove_diacritics was given: ASCII letters and digits are token
   * characters and fold as unicode61 folds them by default. */
  gboolean        plain_ascii;
  /* Made with the index's own arguments, those a recording is made
   * with: it may replay one. */
  gboolean        replays;
  GHashTable     *words;           /* char * -> itself, or NULL */
} Tokenizer;

/* The arguments of the search index's tokenizer (schema 11). */
static const char *const index_args[] = { "remove_diacritics", "0" };

/* The recordings offered to this thread's tokenizers for the statement
 * it is about to run (dossier_search_tokenizer_offer ()). */
typedef struct {
  const DossierSearchOffer *offers;
  guint                     n_offers;
} Offered;

static GPrivate offered_key = G_PRIVATE_INIT (g_free);

/* A thread's own tokenizer, to record with: the index's, made on a
 * connection of its own in memory. */
typedef struct {
  sqlite3        *db;
  fts5_tokenizer  methods;
  Fts5Tokenizer  *tokenizer;
} Recorder;

static void recorder_free (gpointer data);
static GPrivate recorder_key = G_PRIVATE_INIT (recorder_free);

/* A word handed to unicode61: its tokens go on to FTS5 at the word's
 * place, and whether it was one token, the word as it stands. */
typedef struct {
  void        *context;
  int        (*token_func) (void *, int, const char *, int, int, int);
  const char  *word;
  int          length;
  int          offset;
  guint        n_tokens;
  gboolean     unchanged;
} Forward;

static int
forward_token (void       *data,
               int         flags,
               const char *token,
               int         length,
               int         start,
               int         end)
{
  Forward *forward = data;

  forward->n_tokens++;
  if (length != forward->length || start != 0 || end != forward->length ||
      memcmp (token, forward->word, length) != 0)
    forward->unchanged = FALSE;
  return forward->token_func (forward->context, flags, token, length,
                              start + forward->offset, end + forward->offset);
}

/* A word of @text (bytes @start to @end) with an upper-case or a
 * non-ASCII character. */
static int
tokenize_word (Tokenizer   *tok,
               void        *context,
               int          flags,
               const char  *text,
               int          start,
               int          end,
               int        (*token_func) (void *, int, const char *, int, int, int))
{
  Forward forward = { context, token_func, text + start, end - start, start, 0, TRUE };
  char key[MAX_WORD_BYTES + 1];
  gboolean keyed = end - start <= MAX_WORD_BYTES;
  int rc;

  if (keyed)
    {
      memcpy (key, text + start, end - start);
      key[end - start] = '\0';
      if (tok->words != NULL && g_hash_table_contains (tok->words, key))
        return token_func (context, 0, text + start, end - start, start, end);
    }

  rc = tok->unicode61.xTokenize (tok->inner, &forward, flags, text + start, end - start, forward_token);
  if (rc == SQLITE_OK && keyed && forward.n_tokens == 1 && forward.unchanged)
    {
      if (tok->words == NULL)
        tok->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (g_hash_table_size (tok->words) < MAX_WORDS)
        g_hash_table_add (tok->words, g_strdup (key));
    }
  return rc;
}

/* A recording is, for each token: the bytes skipped since the last
 * token's end, then its length in the text shifted left by two, with bit
 * 1 set when the token differs from those bytes (its length and bytes
 * follow) and bit 0 when it has flags (they follow), all as varints.
 *
 * put_varint (): @value at @p, which has room for ten bytes; returns the
 * end. */
static guint8 *
put_varint (guint8  *p,
            guint64  value)
{
  while (value >= 0x80)
    {
      *p++ = (value & 0x7f) | 0x80;
      value >>= 7;
    }
  *p++ = value;
  return p;
}

static gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *value)
{
  *value = 0;
  for (int shift = 0; *p < end && shift < 64; shift += 7)
    {
      guint8 byte = *(*p)++;

      *value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The tokens recorded for @text, to FTS5 as the tokenizer would give
 * them. */
static int
replay (GBytes      *recording,
        void        *context,
        const char  *text,
        int          length,
        int        (*token_func) (void *, int, const char *, int, int, int))
{
  gsize size;
  const guint8 *p = g_bytes_get_data (recording, &size);
  const guint8 *end = p + size;
  guint64 position = 0;

  while (p < end)
    {
      guint64 skip, shape, flags = 0, token_length;
      const char *token;
      int rc;

      if (!get_varint (&p, end, &skip) || !get_varint (&p, end, &shape) ||
          ((shape & 1) != 0 && !get_varint (&p, end, &flags)))
        return SQLITE_ERROR;
      if (skip > (guint64) length - position || (shape >> 2) > (guint64) length - position - skip)
        return SQLITE_ERROR;
      position += skip;
      token = text + position;
      token_length = shape >> 2;
      if ((shape & 2) != 0)
        {
          if (!get_varint (&p, end, &token_length) || token_length > (guint64) (end - p))
            return SQLITE_ERROR;
          token = (const char *) p;
          p += token_length;
        }
      rc = token_func (context, (int) flags, token, (int) token_length,
                       (int) position, (int) (position + (shape >> 2)));
      if (rc != SQLITE_OK)
        return rc;
      position += shape >> 2;
    }
  return SQLITE_OK;
}

/* The recording offered for exactly @text, if any: the text is compared,
 * not only its address, so that no other text gets its tokens. */
static GBytes *
find_offer (const char *text,
            int         length)
{
  const Offered *offered = g_private_get (&offered_key);

  for (guint i = 0; offered != NULL && i < offered->n_offers; i++)
    {
      const DossierSearchOffer *offer = &offered->offers[i];

      if (offer->recording != NULL && offer->text != NULL && offer->length == (gsize) length &&
          memcmp (offer->text, text, length) == 0)
        return offer->recording;
    }
  return NULL;
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *context,
                    int            flags,
                    const char    *text,
                    int            length,
                    int          (*token_func) (void *, int, const char *, int, int, int))
{
  Tokenizer *tok = (Tokenizer *) tokenizer;
  int i = 0;

  /* A document's tokens, recorded on another thread (a refresh's
   * worker) with the same arguments. */
  if (tok->replays && flags == FTS5_TOKENIZE_DOCUMENT && length > 0)
    {
      GBytes *recording = find_offer (text, length);

      if (recording != NULL)
        return replay (recording, context, text, length, token_func);
    }

  if (!tok->plain_ascii)
    return tok->unicode61.xTokenize (tok->inner, context, flags, text, length, token_func);

  /* An ASCII character other than a letter or a digit separates tokens
   * for unicode61 and is never part of a multi-byte character, so each
   * run between two of them is tokenized on its own as unicode61 would
   * within the whole text. */
  while (i < length)
    {
      guchar c = text[i];
      gboolean plain = TRUE;
      int start;
      int rc;

      if (c < 0x80 && !g_ascii_isalnum (c))
        {
          i++;
          continue;
        }
      for (start = i; i < length; i++)
        {
          c = text[i];
          if (c < 0x80)
            {
              if (!g_ascii_isalnum (c))
                break;
              if (g_ascii_isupper (c))
                plain = FALSE;
            }
          else
            plain = FALSE;
        }
      /* Lower-case letters and digits: one token, as it stands. */
      rc = plain ? token_func (context, 0, text + start, i - start, start, i)
                 : tokenize_word (tok, context, flags, text, start, i, token_func);
      if (rc != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

static int
tokenizer_create (void           *data,
                  const char    **args,
                  int             n_args,
                  Fts5Tokenizer **out)
{
  Registration *registration = data;
  Tokenizer *tok = g_new0 (Tokenizer, 1);
  int rc;

  tok->unicode61 = registration->unicode61;
  rc = tok->unicode61.xCreate (registration->unicode61_data, args, n_args, &tok->inner);
  if (rc != SQLITE_OK)
    {
      g_free (tok);
      return rc;
    }
  /* Other arguments (categories, tokenchars, separators) may change what
   * an ASCII character is: then unicode61 does it all. */
  tok->plain_ascii = TRUE;
  for (int i = 0; i < n_args; i += 2)
    if (g_ascii_strcasecmp (args[i], "remove_diacritics") != 0)
      tok->plain_ascii = FALSE;
  tok->replays = tok->plain_ascii && n_args == G_N_ELEMENTS (index_args);
  for (int i = 0; tok->replays && i < n_args; i++)
    tok->replays = g_strcmp0 (args[i], index_args[i]) == 0;
  *out = (Fts5Tokenizer *) tok;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
  Tokenizer *tok = (Tokenizer *) tokenizer;

  tok->unicode61.xDelete (tok->inner);
  g_clear_pointer (&tok->words, g_hash_table_unref);
  g_free (tok);
}

static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

gboolean
dossier_search_tokenizer_register (sqlite3  *db,
                                   GError  **error)
{
  fts5_tokenizer methods = { tokenizer_create, tokenizer_delete, tokenizer_tokenize };
  fts5_api *api = fts5_api_of (db);
  Registration *registration;

  if (api == NULL)
    {
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                           _("This SQLite has no full-text search (FTS5)"));
      return FALSE;
    }
  registration = g_new0 (Registration, 1);
  if (api->xFindTokenizer (api, "unicode61", &registration->unicode61_data,
                           &registration->unicode61) != SQLITE_OK ||
      api->xCreateTokenizer (api, "unicode61", registration, &methods, g_free) != SQLITE_OK)
    {
      g_free (registration);
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                   _("Cannot set up the search index’s tokenizer: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

void
dossier_search_tokenizer_offer (const DossierSearchOffer *offers,
                                guint                     n_offers)
{
  Offered *offered = g_private_get (&offered_key);

  if (offered == NULL)
    {
      offered = g_new0 (Offered, 1);
      g_private_set (&offered_key, offered);
    }
  offered->offers = n_offers > 0 ? offers : NULL;
  offered->n_offers = n_offers;
}

static void
recorder_free (gpointer data)
{
  Recorder *recorder = data;

  if (recorder->tokenizer != NULL)
    recorder->methods.xDelete (recorder->tokenizer);
  sqlite3_close (recorder->db);
  g_free (recorder);
}

static Recorder *
recorder_get (void)
{
  Recorder *recorder = g_private_get (&recorder_key);
  fts5_api *api;
  void *registration = NULL;

  if (recorder != NULL)
    return recorder->tokenizer != NULL ? recorder : NULL;
  recorder = g_new0 (Recorder, 1);
  g_private_set (&recorder_key, recorder);
  if (sqlite3_open_v2 (":memory:", &recorder->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      !dossier_search_tokenizer_register (recorder->db, NULL) ||
      (api = fts5_api_of (recorder->db)) == NULL ||
      api->xFindTokenizer (api, "unicode61", &registration, &recorder->methods) != SQLITE_OK ||
      recorder->methods.xCreate (registration, (const char **) index_args, G_N_ELEMENTS (index_args),
                                 &recorder->tokenizer) != SQLITE_OK)
    {
      recorder->tokenizer = NULL;
      return NULL;
    }
  return recorder;
}

typedef struct {
  GByteArray *out;
  const char *text;
  int         position;
} Recording;

static int
record_token (void       *data,
              int         flags,
              const char *token,
              int         length,
              int         start,
              int         end)
{
  Recording *recording = data;
  gboolean differs;
  guint8 head[40];
  guint8 *p = head;

  if (start < recording->position || end < start)
    return SQLITE_ERROR;
  /* Most tokens are the text's own bytes, handed over where they are. */
  differs = length != end - start ||
            (token != recording->text + start && memcmp (token, recording->text + start, length) != 0);
  p = put_varint (p, start - recording->position);
  p = put_varint (p, ((guint64) (end - start) << 2) | (differs ? 2 : 0) | (flags != 0 ? 1 : 0));
  if (flags != 0)
    p = put_varint (p, (guint) flags);
  if (differs)
    p = put_varint (p, length);
  g_byte_array_append (recording->out, head, p - head);
  if (differs)
    g_byte_array_append (recording->out, (const guint8 *) token, length);
  recording->position = end;
  return SQLITE_OK;
}

GBytes *
dossier_search_tokens_record (const char *text)
{
  Recorder *recorder;
  Recording recording = { NULL, text, 0 };
  size_t length;

  if (text == NULL || (length = strlen (text)) == 0 || length > G_MAXINT || (recorder = recorder_get ()) == NULL)
    return NULL;
  recording.out = g_byte_array_sized_new (length / 2);
  if (recorder->methods.xTokenize (recorder->tokenizer, &recording, FTS5_TOKENIZE_DOCUMENT,
                                   text, (int) length, record_token) != SQLITE_OK)
    {
      g_byte_array_unref (recording.out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (recording.out);
}
