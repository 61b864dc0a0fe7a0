/** Put `text` on the clipboard: the Copy buttons of messages and of code blocks. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers, or a page that denies the clipboard permission: the selection-based fallback.
    const area = document.body.appendChild(document.createElement('textarea'));
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}
