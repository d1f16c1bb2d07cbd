/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rewrites the references an XML parser would stop at — HTML's named
 * entities no DTD declares (&eacute;), bare ampersands ("AT&T"), numeric
 * references to characters XML forbids — into numeric references or
 * escaped ampersands, outside CDATA sections and comments, as libxml2 reads
 * the document (an xmlInputReadCallback over the document in memory). */
typedef struct _DossierXmlRepair DossierXmlRepair;

/* NULL when @data needs no repair (most feeds): read it as it is. @data
 * must outlive the repair. */
DossierXmlRepair *dossier_xml_repair_new        (const char       *data,
                                                 gsize             length);
/* Fills @buffer with the next bytes of the repaired document; 0 at its
 * end. */
int               dossier_xml_repair_read       (void             *repair,
                                                 char             *buffer,
                                                 int               length);
void              dossier_xml_repair_free       (DossierXmlRepair *repair);

/* The whole repaired document (and its length), or NULL when it needs no
 * repair. */
char             *dossier_xml_repair_references (const char       *data,
                                                 gsize             length,
                                                 gsize            *repaired_length);

/* Where a document's content starts: past a UTF-8 byte-order mark and
 * blank characters (space, tab, CR, LF); @data + @length when there is
 * nothing else. */
const char       *dossier_xml_skip_bom_and_blanks (const char     *data,
                                                   gsize           length);

/* Blank lines before the XML declaration (a plugin's stray output, common
 * in real feeds and OPML files) make a document ill-formed though nothing
 * is lost by reading past them. Returns where the declaration starts and
 * shortens @length to match, or @data itself when there is nothing to
 * skip. @utf8_bom is set when a UTF-8 byte-order mark was skipped with
 * them: the document is then UTF-8 whatever else is said. */
const char       *dossier_xml_skip_blank_prologue (const char     *data,
                                                   gsize          *length,
                                                   gboolean       *utf8_bom);

/* For a second reading of a document libxml2 refused: a copy of @data
 * with what breaks real feeds' XML written as it was meant, or NULL when
 * none of it is there. HTML's void elements left open ("<br>",
 * "<img src=…>") closed; a "]]>" outside a CDATA section and a '<' that
 * opens no tag escaped; control characters XML forbids as spaces; and,
 * with @utf8 (the document is read as UTF-8), bytes that are not UTF-8 as
 * the Windows-1252 characters they almost always are. */
char             *dossier_xml_repair_markup     (const char       *data,
                                                 gsize             length,
                                                 gboolean          utf8,
                                                 gsize            *repaired_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierXmlRepair, dossier_xml_repair_free)

G_END_DECLS
