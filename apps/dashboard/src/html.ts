/**
 * Preact through htm's tagged templates (htm/preact binds htm to Preact's `h`): components stay
 * plain `.ts` files, so the repository's lint rules (module boundaries, no Node built-ins) apply to
 * them, and nothing needs a JSX step. (docs/decisions/011-dashboard-ui.md)
 */
export { html } from 'htm/preact';
