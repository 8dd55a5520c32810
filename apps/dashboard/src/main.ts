import { fetchHealth } from './health.js';
import { checkingStatus, describeHealth, type StatusView } from './status.js';
import './styles.css';

/** Re-check now and then: the page often stays open on a projector while the API restarts. */
const REFRESH_MS = 30_000;

function renderStatus(view: StatusView): void {
  const box = document.getElementById('status');
  if (box) box.dataset.tone = view.tone;
  setText('status-headline', view.headline);
  setText('status-detail', view.detail);
}

function setText(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

async function refresh(): Promise<void> {
  renderStatus(describeHealth(await fetchHealth(), new Date()));
}

renderStatus(checkingStatus);
void refresh();
setInterval(() => void refresh(), REFRESH_MS);
