import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Readable } from 'node:stream';

/** Events of a streamed XML part, tags without namespace prefixes. */
export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

export function xmlParser(h: XmlHandlers): SaxesParser {
  const p = new SaxesParser();
  if (h.open)
    p.on('opentag', (t: SaxesTagPlain) =>
      h.open!(local(t.name), t.attributes as Record<string, string>),
    );
  if (h.text) {
    p.on('text', h.text);
    p.on('cdata', h.text); // CDATA text counts as text (an exceljs bug loses it)
  }
  if (h.close) p.on('closetag', (t: SaxesTagPlain) => h.close!(local(t.name)));
  return p;
}

/** Parse a whole part (small ones: workbook, styles, shared strings). */
export async function parseXml(stream: Readable, h: XmlHandlers): Promise<void> {
  const p = xmlParser(h);
  stream.setEncoding('utf8');
  for await (const chunk of stream) p.write(chunk as string);
  p.close();
}
