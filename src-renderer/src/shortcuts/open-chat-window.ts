/**
 * The chat window shortcut. In the desktop app the main process holds it as a global shortcut
 * (it works from any application), so the page leaves it alone; in the browser it opens the
 * same view, #/chat-window, in a small window of its own.
 */
export function openChatWindow(): void {
  if ('sutazai' in window) return;
  window.open(`${window.location.pathname}#/chat-window`, 'sutazai-chat', 'popup,width=420,height=560');
}
