// Loaded first by every /csp/ page: records what the Content-Security-Policy blocked.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
});
