// How money and hours read in lenses, hovers and the breakdown. Estimates are rough, so run costs
// keep three significant figures ($1,240); hourly list prices keep their cents ($40.97/h).

/** `1234567` → `1,234,567` (fixed en-US style, independent of the server's locale). */
function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(n: number, decimals: number): string {
  const [i, f] = Math.abs(n).toFixed(decimals).split('.');
  return `${n < 0 ? '-' : ''}${group(i)}${f ? `.${f}` : ''}`;
}

/** Three significant figures, then grouped: 1238.4 → `1,240`, 87.6 → `87.6`... */
function significant(n: number, digits = 3): number {
  return Number(n.toPrecision(digits));
}

/** A price per hour: always cents. `$40.97`, `$113.93`, `$0.53`; sub-cent prices `$0.004`. */
export function usdRate(n: number): string {
  if (n > 0 && n < 0.01) return `$${significant(n, 1)}`;
  return `$${fixed(n, 2)}`;
}

/** An estimated total: `$4.57` under $10, whole dollars to $1,000, three significant figures above. */
export function usdEstimate(n: number): string {
  if (n < 10) return `$${fixed(n, 2)}`;
  if (n < 1000) return `$${fixed(Math.round(n), 0)}`;
  return `$${fixed(significant(n), 0)}`;
}

/** Hours or GPU-hours: `0.4`, `7.5`, `310`, `12,400`. */
export function hoursText(n: number): string {
  if (n < 10) return fixed(Math.round(n * 10) / 10, n < 0.95 || n % 1 !== 0 ? 1 : 0).replace(/\.0$/, '');
  if (n < 10_000) return fixed(Math.round(n), 0);
  return fixed(significant(n), 0);
}

/** A percentage saving of `price` against `baseline`: `45%`, or undefined when not cheaper. */
export function savingPercent(price: number, baseline: number): number | undefined {
  if (!(baseline > 0) || !(price < baseline)) return undefined;
  return Math.round((1 - price / baseline) * 100);
}
