/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rewrites the references an XML parser would stop at — HTML's named
 * entities no DTD declares (&eacute;), bare ampersands ("AT&T"), numeric
 * references to characters XML forbids — into numeric references or
 * escaped ampersands, outside CDATA sections and comments. Returns the
 * repaired document (and its length), or NULL when it needs nothing. */
char *dossier_xml_repair_references (const char *data,
                                     gsize       length,
                                     gsize      *repaired_length);

G_END_DECLS
