// Establishment and region search: accent-, case- and punctuation-insensitive, and every word of
// the query may match the start of any word of the name (so "hopital sacre coeur" finds
// "… – Hôpital du Sacré-Cœur-de-Montréal" and "chum" finds "… (CHUM)"), or the initials of a
// part of the name ("hmr" for "Hôpital Maisonneuve-Rosemont").
const LIGATURES = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss' };
const SMALL_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'a', 'au', 'aux', 'en']);

export function fold(s) {
  return String(s ?? '')
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c])
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}
export const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The distinctive part of a unit name: after the organisation ("CISSS de Laval – Hôpital …"). */
export function shortName(name) {
  const parts = String(name ?? '').split(/\s+[–—-]\s+/);
  return parts.length > 1 ? parts[parts.length - 1] : String(name ?? '');
}

function initials(name) {
  return String(name ?? '').split(/\s+[–—-]\s+/).map((part) => words(part).filter((w) => !SMALL_WORDS.has(w)).map((w) => w[0]).join(''));
}

/** Prepares entries ({code, name, level, …}) for search. */
export function index(entries) {
  return entries.map((e) => ({ ...e, words: [...words(e.name), ...words(e.code)], initials: initials(e.name), short: fold(shortName(e.name)) }));
}

export function search(indexed, query) {
  const q = words(query);
  if (!q.length) return [];
  const hits = [];
  for (const e of indexed) {
    const joined = q.join('');
    const byWords = q.every((t) => e.words.some((w) => w.startsWith(t)));
    const byInitials = q.length === 1 && joined.length >= 2 && e.initials.some((i) => i.startsWith(joined));
    if (!byWords && !byInitials) continue;
    // Rank: the distinctive name starts with the query, then whole-word matches, then the rest.
    const score = (e.short.startsWith(q[0]) ? 0 : 2) + (q.every((t) => e.words.includes(t)) ? 0 : 1);
    hits.push({ e, score });
  }
  return hits.sort((a, b) => a.score - b.score || a.e.rank - b.e.rank || a.e.short.localeCompare(b.e.short, 'fr')).map((x) => x.e);
}
