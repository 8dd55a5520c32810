import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * PDFs are laid out with pdfmake (declarative documents over pdfkit; see
 * docs/decisions/007). The packet uses Roboto, the font pdfmake ships
 * (embedded and subset, so names in Latin, Greek or Cyrillic print as
 * typed), and nothing in a document can make the server read another file or
 * fetch an address.
 *
 * pdfmake's fonts and access policies are process-wide and the board-pack
 * export sets them too (standard Helvetica, at import): the policy set here
 * admits both, and is set again before each render, so neither renderer can
 * lock the other out.
 */
const standardFont =
  /^(Helvetica|Times|Courier)(-Bold|-Oblique|-BoldOblique|-Roman|-Italic|-BoldItalic)?$|^(Symbol|ZapfDingbats)$/;
let robotoFiles: ReadonlySet<string> | null = null;

function configure(): void {
  if (!robotoFiles) {
    const require = createRequire(import.meta.url);
    const roboto = (require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> })
      .Roboto;
    robotoFiles = new Set(Object.values(roboto));
    pdfmake.addFonts({ Roboto: roboto });
  }
  const fonts = robotoFiles;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => fonts.has(path) || standardFont.test(path));
}

export async function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake
    .createPdf({ ...document, defaultStyle: { font: 'Roboto', ...document.defaultStyle } })
    .getBuffer();
}
