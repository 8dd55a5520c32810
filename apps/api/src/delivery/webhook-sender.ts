/** The JSON a Slack incoming webhook takes (https://api.slack.com/messaging/webhooks); other chat tools accept it too. */
export interface WebhookPayload {
  text: string;
  blocks?: unknown[];
}

const timeoutMs = 15_000;

/**
 * Posts the payload; resolves on a 2xx answer, throws otherwise. Redirects
 * are not followed: a webhook that moved is a configuration to fix, and the
 * URL's token should not travel to wherever a redirect points.
 */
export async function postWebhook(url: string, payload: WebhookPayload): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const body = (await response.text().catch(() => '')).slice(0, 200).trim();
  throw new Error(`webhook answered ${response.status}${body ? `: ${body}` : ''}`);
}
