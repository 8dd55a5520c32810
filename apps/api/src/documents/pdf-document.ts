import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * The one pdfmake setup of the API: every PDF (board pack, prework packet) is laid out here
 * (declarative documents over pdfkit; docs/decisions/007 and 016). pdfmake's fonts and access
 * policies are process-wide, so they are set once, at import, for every document: Roboto, the
 * font pdfmake ships (embedded and subset, so names in Latin, Greek or Cyrillic print as typed),
 * and Helvetica, one of the standard 14, which needs no file. Nothing in a document can make the
 * server read another file or fetch an address.
 */
const standardFont =
  /^(Helvetica|Times|Courier)(-Bold|-Oblique|-BoldOblique|-Roman|-Italic|-BoldItalic)?$|^(Symbol|ZapfDingbats)$/;
const require = createRequire(import.meta.url);
const roboto = (require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> }).Roboto;
const robotoFiles: ReadonlySet<string> = new Set(Object.values(roboto));

pdfmake.addFonts({
  Roboto: roboto,
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => robotoFiles.has(path) || standardFont.test(path));

/** The fonts a document may name; its charts' SVG text uses the same one. */
export type PdfFont = 'Roboto' | 'Helvetica';

/** A document's bytes; its default font is Roboto unless it names another. */
export async function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake
    .createPdf({ ...document, defaultStyle: { font: 'Roboto', ...document.defaultStyle } })
    .getBuffer();
}
