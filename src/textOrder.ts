// The order names are sorted in (modules, classes, files): Unicode's root collation (CLDR root, as ICU implements it,
// what `localeCompare` gives under an English or C locale), the same on every machine whatever its locale.
//
// ICU's first collator costs about 64 M instructions to load (tens of ms, a tenth of a netmiko run's own work), and
// nearly every name compared is printable ASCII, where root collation is simple enough to do here
// (https://www.unicode.org/reports/tr10/, CLDR root: no ASCII contractions, every printable ASCII character has
// its own primary weight but a letter and its capital, and lower case comes first at the tertiary level). Anything
// else goes to ICU's root collator.

/** Printable ASCII in root collation order: a letter and its capital share a primary weight, lower case first. */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';
const NOT_SIMPLE = 255;

/** Primary weight of each ASCII code, or NOT_SIMPLE for control characters (ignorable in ICU) and DEL. */
const PRIMARY = (() => {
  const weights = new Uint8Array(128).fill(NOT_SIMPLE);
  let weight = 0;
  for (const char of ROOT_ORDER) {
    const isCapital = char >= 'A' && char <= 'Z';
    if (!isCapital) weight++;
    weights[char.charCodeAt(0)] = weight;
  }
  return weights;
})();

let rootCollator: Intl.Collator | undefined;

/** `a` before `b` (< 0), after (> 0) or equal (0), in root collation order. */
export function compareText(a: string, b: string): number {
  if (!isSimple(a) || !isSimple(b)) {
    rootCollator ??= new Intl.Collator('und');
    return rootCollator.compare(a, b);
  }
  const shorter = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (PRIMARY[x] !== PRIMARY[y]) return PRIMARY[x] < PRIMARY[y] ? -1 : 1;
    // The same letter in another case: decides only when the primary weights all tie.
    if (caseOrder === 0) caseOrder = x > y ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return caseOrder;
}

function isSimple(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || PRIMARY[code] === NOT_SIMPLE) return false;
  }
  return true;
}
