/**
 * The API token lives in sessionStorage: it survives a reload and a deep link opened in the same
 * tab, and is gone when the tab closes (a dashboard left on a meeting-room projector should not
 * stay signed in forever). The storage is passed in so the logic is testable without a browser.
 */
export interface TokenStore {
  read(): string | null;
  write(token: string): void;
  clear(): void;
}

const KEY = 'alignboard.token';

export function sessionTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TokenStore {
  return {
    read: () => storage.getItem(KEY),
    write: (token) => storage.setItem(KEY, token),
    clear: () => storage.removeItem(KEY),
  };
}

/** A pasted token often carries the `token:` label or spaces from the terminal line it came from. */
export function cleanToken(input: string): string {
  return input
    .trim()
    .replace(/^token:\s*/i, '')
    .replace(/^bearer\s+/i, '')
    .trim();
}
