// A command output's text that can be searched without being held whole as one string: a streamed snapshot keeps a
// long output as its bytes in the file's JSON encoding (src/collect/snapshotStream.ts) and decodes the lines asked for.

/** Positions are opaque: they come from indexOf and go back into the other methods of the same text. */
export interface SearchableText {
  /** Where `needle` next occurs at or after `from` (default: the start), -1 when it does not. */
  indexOf(needle: string, from?: number): number;
  /** True when the match of `needle` at `at` ends a field: end of text, line end, `,` or a blank follows. */
  endsField(at: number, needle: string): boolean;
  /** The whole line around `at`: where it starts and ends (positions) and its text without the line break. */
  lineAt(at: number): { start: number; end: number; text: string };
  /**
   * Calls `visit` for every line (the whole text split at each line feed), in order, without holding the whole text:
   * the line is text.slice(start, end), left to the visitor to copy or not.
   */
  forEachLine(visit: (text: string, start: number, end: number) => void): void;
  /** The whole text. */
  whole(): string;
}

/** A searchable view of an ordinary string. */
export function stringText(text: string): SearchableText {
  return {
    indexOf: (needle, from = 0) => text.indexOf(needle, from),
    endsField: (at, needle) => {
      const next = text.charCodeAt(at + needle.length);
      return Number.isNaN(next) || next === 0x2c || next === 0x20 || next === 0x0a || next === 0x0d;
    },
    lineAt: (at) => {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      return { start, end, text: text.slice(start, end) };
    },
    forEachLine: (visit) => {
      for (let start = 0; ; ) {
        const newline = text.indexOf('\n', start);
        visit(text, start, newline < 0 ? text.length : newline);
        if (newline < 0) return;
        start = newline + 1;
      }
    },
    whole: () => text,
  };
}

/** Set by a snapshot reader on a CommandOutput whose `stdout` it keeps in the file: the searchable form of it. */
export const SEARCHABLE_STDOUT: unique symbol = Symbol('netxray searchable stdout');

/** The output's stdout as searchable text: the reader's view when it left the text in the file, else the string. */
export function searchableStdout(output: { stdout: string; [SEARCHABLE_STDOUT]?: () => SearchableText }): SearchableText {
  const view = output[SEARCHABLE_STDOUT];
  return view ? view() : stringText(output.stdout);
}
