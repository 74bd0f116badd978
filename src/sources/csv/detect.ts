import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';

/**
 * Encoding and delimiter detection from the first bytes of a file (SPEC F1).
 * A byte-order mark decides first; then strict UTF-8 decoding; then chardet, whose
 * single-byte Latin guesses are read as Windows-1252 (a superset of Latin-1 in the
 * printable range, and what spreadsheet programs write on Windows).
 */
export const SAMPLE_BYTES = 64 * 1024;

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

export function bomEncoding(sample: Buffer): string | undefined {
  return BOMS.find(([bom]) => bom.every((b, i) => sample[i] === b))?.[1];
}

function isUtf8(sample: Buffer, complete: boolean): boolean {
  // A multi-byte character may straddle the end of the sample: drop up to 3 bytes.
  const tries = complete ? [0] : [0, 1, 2, 3];
  return tries.some((cut) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      return false;
    }
  });
}

/** UTF-16 without a BOM: every other byte of ASCII text is zero. */
function utf16WithoutBom(sample: Buffer): string | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

const LATIN =
  /^(iso-8859-1|iso-8859-15|windows-1252|iso-8859-2|iso-8859-9|windows-1250|windows-1254)$/i;

export function detectEncoding(sample: Buffer, complete: boolean): string {
  const bom = bomEncoding(sample);
  if (bom) return bom;
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return utf16;
  if (isUtf8(sample, complete)) return 'utf-8';
  const guess = chardet.detect(sample)?.toLowerCase();
  if (!guess || LATIN.test(guess)) return 'windows-1252';
  return iconv.encodingExists(guess) ? guess : 'windows-1252';
}

export const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first rows into the most consistent number of columns. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  // The last line of a sample may be cut short: leave it out.
  const sample = lines.length > 2 ? lines.slice(0, -1).join('\n') : text;
  const result = Papa.parse<string[]>(sample, { preview: 50, delimitersToGuess: DELIMITERS });
  const d = result.meta.delimiter;
  return DELIMITERS.includes(d) ? d : ',';
}
