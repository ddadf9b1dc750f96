/** Number formats; `percent` shows a 0–1 value as a percentage (proportions, and mean shares the catalog presents in percent). */
export function formatter(lang, percent) {
  const locale = lang === 'fr' ? 'fr-CA' : 'en-CA';
  const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const axisPct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const value = (v) => (v == null ? '' : percent ? pct.format(v) : dec.format(v));
  return {
    value,
    interval: (lo, hi) => (lo == null || hi == null ? '' : `${value(lo)} – ${value(hi)}`),
    count: (n) => (n == null ? '' : int.format(n)),
    axis: (v) => (percent ? axisPct.format(v) : dec.format(v)),
  };
}

export function formatDate(lang, iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}
