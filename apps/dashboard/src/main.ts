import { render } from 'preact';
import { App } from './app.js';
import { serverClock } from './clock.js';
import { html } from './html.js';
import { sessionTokenStore } from './session.js';
import './styles.css';

// The server's clock is asked for before anything renders: the first page's quarter depends on it.
void serverClock.ready();
const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(html`<${App} store=${sessionTokenStore(sessionStorage)} />`, root);
}
