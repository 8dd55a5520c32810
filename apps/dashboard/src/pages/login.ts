import { useEffect, useState } from 'preact/hooks';
import { ApiError, createApiClient } from '../api/client.js';
import { serverClock } from '../clock.js';
import { html } from '../html.js';
import { cleanToken } from '../session.js';
import { checkingStatus, describeHealth, type StatusView } from '../status.js';

/**
 * Sign in with an API token. The token is checked against the API before it is kept, so a typo
 * is reported here and not as a broken page.
 */
export function LoginPage({ reason, onSignedIn }: { reason: string | null; onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [status, setStatus] = useState<StatusView>(checkingStatus);

  useEffect(() => {
    document.title = 'Sign in · Alignboard';
    let live = true;
    // The health answer also sets the dashboard's clock to the server's.
    serverClock.sync().then((reading) => live && setStatus(describeHealth(reading, new Date(serverClock.nowMs()))));
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const candidate = cleanToken(token);
    if (!candidate) {
      setError('Paste your API token first.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      const partnerships = await createApiClient({ token: candidate }).partnerships();
      if (partnerships.length === 0) {
        setError('This token is valid but reaches no partnership. Ask an administrator to add your email to a side of the partnership.');
        return;
      }
      onSignedIn(candidate);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That token was refused: it is unknown, revoked or expired. Check that you copied all of it, or ask for a new one.'
          : (caught as Error).message,
      );
    } finally {
      setChecking(false);
    }
  }

  return html`<main class="login" id="main">
    <div class="login-card">
      <h1 class="brand brand-large">Alignboard</h1>
      <p class="lede">The joint number, prework and decision log of your partnership’s executive alignment meeting.</p>
      ${reason ? html`<p class="notice notice-warn" role="alert">${reason}</p>` : null}
      <form onSubmit=${submit} novalidate>
        <label for="token">API token</label>
        <input
          id="token"
          data-testid="token-input"
          type="password"
          autocomplete="off"
          spellcheck=${false}
          placeholder="abt_…"
          value=${token}
          onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="token-help token-error"
          autofocus
        />
        <p id="token-error" class="field-error" data-testid="login-error" role="alert" hidden=${!error}>${error ?? ''}</p>
        <button class="button button-primary" type="submit" data-testid="login-submit" disabled=${checking}>
          ${checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <div id="token-help" class="help">
        <p>Where to get a token:</p>
        <ul>
          <li>Running the demo (<code>npm start</code>)? It prints <code>token: abt_…</code> — paste that.</li>
          <li>Otherwise ask your administrator, who creates one with <code>alignboard token create --email you@company.com</code>.</li>
        </ul>
        <p>The token stays in this browser tab only and is forgotten when you close it.</p>
      </div>
      <p class="status-line" data-tone=${status.tone}>
        <span class="status-dot" aria-hidden="true"></span>${status.headline}
        <span class="muted">${status.detail}</span>
      </p>
    </div>
  </main>`;
}
