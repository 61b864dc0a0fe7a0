import { executeServerCommand } from '@web/test-runner-commands';

/** Requests that reached the test server's `/__exfil__/` path (the XSS corpus's "attacker"). */
export function exfilHits(clear = false): Promise<string[]> {
  return executeServerCommand<string[], { clear: boolean }>('sitechat-exfil-hits', { clear });
}

/** Requests the page tried to send anywhere but the test server (aborted by the test browser). */
export function outsideRequests(clear = false): Promise<string[]> {
  return executeServerCommand<string[], { clear: boolean }>('sitechat-outside-requests', { clear });
}
