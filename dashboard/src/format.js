export function formatter(lang, scoring) {
  const locale = lang === 'fr' ? 'fr-CA' : 'en-CA';
  const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const value = (v) => (v == null ? '' : scoring === 'proportion' ? pct.format(v) : dec.format(v));
  return {
    value,
    interval: (lo, hi) => (lo == null || hi == null ? '' : `${value(lo)} – ${value(hi)}`),
    count: (n) => (n == null ? '' : int.format(n)),
    axis: (v) => (scoring === 'proportion' ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v) : dec.format(v)),
  };
}
