import { render } from 'preact';
import { App } from './app.js';
import { html } from './html.js';
import { sessionTokenStore } from './session.js';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(html`<${App} store=${sessionTokenStore(sessionStorage)} />`, root);
}
