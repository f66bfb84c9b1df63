// How rule messages write money and sizes: whole dollars from $100, cents below.

export function usd(x: number): string {
  return x >= 100 ? `$${Math.round(x).toLocaleString('en-US')}` : `$${x.toFixed(2)}`;
}

export function gb(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(1)} TB` : x >= 10 ? `${Math.round(x)} GB` : `${x.toFixed(1)} GB`;
}
