import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { html } from '../html.js';

/**
 * A link to a file behind the token. The browser cannot send the bearer header on a plain link,
 * so a click fetches the file with it and hands it over as a download; the href still names the
 * real API route (copyable for curl).
 */
export function DownloadLink({ api, path, label, testid }: { api: ApiClient; path: string; label: string; testid: string }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function click(event: MouseEvent) {
    event.preventDefault();
    if (state.busy) return;
    setState({ busy: true, error: null });
    try {
      const { blob, fileName } = await api.download(path);
      saveBlob(blob, fileName ?? path.split('/').pop()?.split('?')[0] ?? 'download');
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: (error as Error).message });
    }
  }
  return html`<span class="download">
    <a class="button" href=${path} data-testid=${testid} onClick=${click} aria-busy=${state.busy}>${state.busy ? `${label} — preparing…` : label}</a>
    ${state.error ? html`<span class="field-error" role="alert">${state.error}</span>` : null}
  </span>`;
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
