// compareText against ICU's own root collator: every pair of printable ASCII characters, many random names made
// of them, and names with characters outside it (which go to ICU itself).
import { describe, expect, it } from 'vitest';
import { compareText } from '../src/textOrder.js';

const icu = new Intl.Collator('und');
const sign = (n: number) => Math.sign(n);
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** A deterministic generator (xorshift), so that a failure names the same strings every run. */
function names(count: number, alphabet: string[], seed: number): string[] {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Share prefixes often: most real names differ late (netmiko.cisco.cisco_ios vs netmiko.cisco.cisco_ios_telnet).
    const base = out.length > 0 && next() < 0.5 ? out[Math.floor(next() * out.length)].slice(0, Math.floor(next() * 8)) : '';
    let name = base;
    const length = Math.floor(next() * 6);
    for (let j = 0; j < length; j++) name += alphabet[Math.floor(next() * alphabet.length)];
    out.push(name);
  }
  return out;
}

describe('compareText', () => {
  it('orders every pair of printable ASCII characters, and pairs of two-character names, as ICU root does', () => {
    const pairs = PRINTABLE.flatMap((x) => PRINTABLE.map((y) => x + y));
    for (const a of PRINTABLE) for (const b of PRINTABLE) expect(sign(compareText(a, b)), `${a} ${b}`).toBe(sign(icu.compare(a, b)));
    const sample = pairs.filter((_, i) => i % 7 === 0);
    for (const a of sample) for (const b of sample) {
      if (sign(compareText(a, b)) !== sign(icu.compare(a, b))) expect(`${a} vs ${b}: ${compareText(a, b)}`).toBe(`${a} vs ${b}: ${icu.compare(a, b)}`);
    }
  });

  it('orders random ASCII names as ICU root does, and sorts them the same', () => {
    const alphabets = [PRINTABLE, [...'aAbBzZ_.-09 <>'], [...'abAB_.']];
    alphabets.forEach((alphabet, index) => {
      const list = names(600, alphabet, 0x9e3779b9 + index);
      for (const a of list) for (const b of list) {
        if (sign(compareText(a, b)) !== sign(icu.compare(a, b))) expect(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe('ordered as ICU does');
      }
      expect([...list].sort(compareText)).toEqual([...list].sort(icu.compare));
    });
  });

  it('hands names with other characters to ICU: accents, tabs, non-Latin', () => {
    const list = ['é', 'e', 'E', 'f', 'a\tb', 'ab', 'ä', 'z', 'Ω', 'ω', 'ﬁ', 'fi', 'x\u0301', 'x', 'y'];
    for (const a of list) for (const b of list) expect(sign(compareText(a, b)), `${a} ${b}`).toBe(sign(icu.compare(a, b)));
  });

  it('agrees with localeCompare under this machine\'s locale when that is English or C (the order netxray always had)', () => {
    const locale = new Intl.Collator().resolvedOptions().locale;
    if (!/^(en|und)\b/.test(locale)) return;
    const list = names(400, PRINTABLE, 12345);
    expect([...list].sort(compareText)).toEqual([...list].sort((a, b) => a.localeCompare(b)));
  });
});
