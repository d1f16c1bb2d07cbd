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
  /* The letters of U+0600 to U+067F that unicode61, asked at the start,
   * keeps as they stand inside a token: a word of them alone is one
   * token as it stands (most Arabic words, once the workers folded
   * them), without a look-up in words. */
  guint64         kept_arabic[2];
  GHashTable     *words;           /* char * -> itself, or NULL */
} Tokenizer;

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
count_token (void       *data,
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
  return SQLITE_OK;
}

static int
forward_token (void       *data,
               int         flags,
               const char *token,
               int         length,
               int         start,
               int         end)
{
  Forward *forward = data;

  count_token (data, flags, token, length, start, end);
  return forward->token_func (forward->context, flags, token, length,
                              start + forward->offset, end + forward->offset);
}

/* Whether @word (@length bytes) is made of kept_arabic letters only. */
static gboolean
is_kept_arabic (const Tokenizer *tok,
                const char      *word,
                int              length)
{
  if (length % 2 != 0)
    return FALSE;
  for (int i = 0; i < length; i += 2)
    {
      guchar lead = word[i], next = word[i + 1];
      guint index;

      if ((lead != 0xD8 && lead != 0xD9) || (next & 0xC0) != 0x80)
        return FALSE;
      index = ((lead - 0xD8) << 6) | (next & 0x3F);
      if ((tok->kept_arabic[index >> 6] & (G_GUINT64_CONSTANT (1) << (index & 63))) == 0)
        return FALSE;
    }
  return TRUE;
}

/* Asks unicode61 which letters of U+0600 to U+067F it keeps as they
 * stand: each alone, then twice over. */
static void
find_kept_arabic (Tokenizer *tok)
{
  for (guint index = 0; index < 128; index++)
    {
      char word[4] = { (char) (0xD8 + (index >> 6)), (char) (0x80 | (index & 63)) };
      gboolean kept = TRUE;

      word[2] = word[0];
      word[3] = word[1];
      for (int length = 2; length <= 4 && kept; length += 2)
        {
          Forward forward = { NULL, NULL, word, length, 0, 0, TRUE };

          kept = tok->unicode61.xTokenize (tok->inner, &forward, FTS5_TOKENIZE_DOCUMENT, word, length,
                                           count_token) == SQLITE_OK &&
                 forward.n_tokens == 1 && forward.unchanged;
        }
      if (kept)
        tok->kept_arabic[index >> 6] |= G_GUINT64_CONSTANT (1) << (index & 63);
    }
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

  if (is_kept_arabic (tok, text + start, end - start))
    return token_func (context, 0, text + start, end - start, start, end);
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

/* What each byte is to the loop below, read from a table rather than
 * asked of three tests: most of the index's text is ASCII words. */
enum {
  BYTE_SEPARATES = 0,   /* ASCII, neither a letter nor a digit */
  BYTE_PLAIN     = 1,   /* a lower-case ASCII letter or a digit */
  BYTE_OTHER     = 2,   /* an upper-case ASCII letter, or a byte of a longer character */
};

static guint8 byte_kinds[256];

static void
init_byte_kinds (void)
{
  for (int c = 0; c < 256; c++)
    byte_kinds[c] = c >= 0x80 || g_ascii_isupper (c) ? BYTE_OTHER
                  : g_ascii_isalnum (c) ? BYTE_PLAIN : BYTE_SEPARATES;
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

  if (!tok->plain_ascii)
    return tok->unicode61.xTokenize (tok->inner, context, flags, text, length, token_func);

  /* An ASCII character other than a letter or a digit separates tokens
   * for unicode61 and is never part of a multi-byte character, so each
   * run between two of them is tokenized on its own as unicode61 would
   * within the whole text. */
  while (i < length)
    {
      guint8 seen = 0;
      int start;
      int rc;

      if (byte_kinds[(guchar) text[i]] == BYTE_SEPARATES)
        {
          i++;
          continue;
        }
      for (start = i; i < length && byte_kinds[(guchar) text[i]] != BYTE_SEPARATES; i++)
        seen |= byte_kinds[(guchar) text[i]];
      /* Lower-case letters and digits: one token, as it stands. */
      rc = seen == BYTE_PLAIN ? token_func (context, 0, text + start, i - start, start, i)
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
  if (tok->plain_ascii)
    find_kept_arabic (tok);
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
  static gsize kinds_made;

  if (g_once_init_enter (&kinds_made))
    {
      init_byte_kinds ();
      g_once_init_leave (&kinds_made, 1);
    }
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
