// Suppressions, annotations and the "ignore" fixes only care about lines that mention `mlcost:`.
// Finding them with indexOf instead of splitting the whole text into lines keeps those passes
// cheap on large files, where the parser itself is fast (JSON) and a split per pass showed.

export interface TextLine {
  /** 0-based line number. */
  line: number;
  /** The line as `text.split('\n')` gives it (a CRLF file's `\r` included). */
  text: string;
}

/** Every line holding `needle`, in order, each once. */
export function linesMentioning(text: string, needle = 'mlcost:'): TextLine[] {
  const out: TextLine[] = [];
  let line = 0;
  let lineStart = 0;
  let at = text.indexOf(needle);
  while (at >= 0) {
    let nl = text.indexOf('\n', lineStart);
    while (nl >= 0 && nl < at) {
      line++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    const end = nl < 0 ? text.length : nl;
    out.push({ line, text: text.slice(lineStart, end) });
    if (nl < 0) break;
    at = text.indexOf(needle, end);
  }
  return out;
}
