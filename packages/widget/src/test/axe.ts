// axe-core ships as a UMD script; loaded as a module it installs `window.axe`.
import 'axe-core/axe.min.js';
import type * as Axe from 'axe-core';

declare global {
  interface Window {
    axe: typeof Axe;
  }
}

/** The serious and critical axe violations inside `element` (its shadow root included), one line each. */
export async function seriousViolations(element: Element): Promise<string[]> {
  const results = await window.axe.run(element, { resultTypes: ['violations'] });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}
