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
  await animationsDone(element);
  const results = await window.axe.run(element, { resultTypes: ['violations'] });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Wait for the entrance animations inside `element` to end (a panel half faded in fails contrast checks). */
export async function animationsDone(element: Element): Promise<void> {
  const animations = (element.shadowRoot ?? element).getAnimations?.() ?? [];
  await Promise.all(animations.filter((animation) => animation.effect?.getTiming().iterations !== Infinity).map((animation) => animation.finished.catch(() => {})));
}
