import type { ComponentChildren } from 'preact';
import { html } from '../html.js';

export function Loading({ what }: { what: string }) {
  return html`<p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>Loading ${what}…</p>`;
}

/** An error says what happened and what to do; `retry` offers to try again. */
export function ErrorNotice({ error, retry, title = 'Something went wrong' }: { error: Error; retry?: () => void; title?: string }) {
  return html`<div class="notice notice-error" role="alert">
    <p class="notice-title">${title}</p>
    <p>${error.message}</p>
    ${retry ? html`<button type="button" class="button" onClick=${retry}>Try again</button>` : null}
  </div>`;
}

/** An empty state is not an error: it says why there is nothing and what to do about it. */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return html`<div class="notice notice-empty">
    <p class="notice-title">${title}</p>
    ${children}
  </div>`;
}

/** A short confirmation or failure after an action, read out by screen readers. */
export function Flash({ message }: { message: { tone: 'ok' | 'error'; text: string } | null }) {
  return html`<p class="flash" data-tone=${message?.tone ?? 'none'} role="status" aria-live="polite">${message?.text ?? ''}</p>`;
}
