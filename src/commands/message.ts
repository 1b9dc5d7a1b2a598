// Shows a command's outcome: text from the query string, set as textContent (never HTML).
const params = new URLSearchParams(window.location.search);
const text = document.getElementById('message');
const title = document.getElementById('title');
if (text) text.textContent = params.get('m') ?? '';
if (title) title.textContent = params.get('ok') === '1' ? '分工表助手：已完成' : '分工表助手：未完成';
document.getElementById('close')?.addEventListener('click', () => {
  try {
    Office.context.ui.messageParent('close');
  } catch {
    window.close();
  }
});
Office.onReady();
