/**
 * The widget's styles, adopted by its shadow root as a constructed stylesheet: the host page's
 * CSS cannot reach in, and a strict `style-src 'self'` CSP does not block it (no <style> tag).
 */
const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  font: 14px/1.5 -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  color: #1f2329; }
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 2px solid #1677ff; outline-offset: 2px; }
.launcher { display: flex; align-items: center; gap: 6px; border: 0; border-radius: 24px; padding: 12px 18px;
  background: #1677ff; color: #fff; box-shadow: 0 6px 20px rgba(0,0,0,.2); font-size: 15px; }
.launcher[hidden] { display: none; }
.panel { display: flex; flex-direction: column; width: 370px; height: min(600px, calc(100vh - 40px));
  background: #fff; border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; }
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #1677ff; color: #fff; }
.header h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.header button { border: 1px solid rgba(255,255,255,.6); background: transparent; color: #fff; border-radius: 14px; padding: 2px 10px; }
.header .close { border: 0; font-size: 20px; line-height: 1; padding: 2px 6px; }
.status { padding: 6px 12px; background: #fffbe6; border-bottom: 1px solid #ffe58f; font-size: 13px; }
.status[hidden], .notice[hidden], .typing[hidden], .form[hidden] { display: none; }
.notice { padding: 6px 12px; background: #f0f5ff; font-size: 12px; color: #555; }
.log { flex: 1; overflow-y: auto; overflow-x: hidden; padding: 12px; background: #f5f6f7; display: flex; flex-direction: column; gap: 10px; }
.msg { max-width: 85%; display: flex; flex-direction: column; gap: 6px; overflow-wrap: anywhere; }
.msg[data-sender="customer"] { align-self: flex-end; align-items: flex-end; }
.msg[data-sender="system"] { align-self: center; max-width: 95%; font-size: 12px; color: #666; text-align: center; }
.who { font-size: 12px; color: #888; }
.bubble { padding: 8px 12px; border-radius: 10px; background: #fff; white-space: pre-wrap; }
.msg[data-sender="customer"] .bubble { background: #1677ff; color: #fff; }
.msg[data-sender="agent"] .bubble { background: #e6fffb; }
.msg[data-sender="system"] .bubble { background: transparent; padding: 0; }
.msg[data-pending] .bubble { opacity: .6; }
.bubble a { color: #0958d9; }
.msg[data-sender="customer"] .bubble a { color: #fff; }
.image { max-width: 100%; border-radius: 8px; display: block; }
.card { background: #fff; border: 1px solid #e5e6eb; border-radius: 10px; overflow: hidden; width: 240px; max-width: 100%; flex: none; }
.card .body { padding: 8px 10px; display: flex; flex-direction: column; gap: 4px; }
.card strong { font-weight: 600; }
.carousel { display: flex; gap: 8px; overflow-x: auto; max-width: 100%; padding-bottom: 4px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chips-title { font-size: 12px; color: #666; width: 100%; }
.chip { border: 1px solid #1677ff; color: #1677ff; background: #fff; border-radius: 14px; padding: 3px 10px; font-size: 13px; max-width: 100%; text-align: left; }
a.chip { text-decoration: none; }
.media { max-width: 100%; }
.feedback { display: flex; gap: 4px; }
.feedback button { border: 1px solid #d9d9d9; background: #fff; border-radius: 12px; padding: 0 8px; font-size: 13px; }
.feedback button[aria-pressed="true"] { border-color: #1677ff; background: #e6f4ff; }
.typing { padding: 0 12px 6px; font-size: 12px; color: #888; background: #f5f6f7; }
.form { padding: 10px 12px; border-top: 1px solid #eee; display: flex; flex-direction: column; gap: 6px; background: #fff; }
.form h3 { margin: 0; font-size: 14px; }
.form label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: #555; }
.form input, .form textarea { border: 1px solid #d9d9d9; border-radius: 6px; padding: 6px 8px; font-size: 14px; width: 100%; }
.form .row { display: flex; gap: 8px; justify-content: flex-end; }
.form .row button, .composer button { border: 0; border-radius: 6px; padding: 6px 14px; background: #1677ff; color: #fff; }
.form .row button.secondary { background: #f0f0f0; color: #333; }
.stars { display: flex; gap: 4px; border: 0; padding: 0; margin: 0; }
.stars button { border: 0; background: none; font-size: 24px; line-height: 1; padding: 0 2px; color: #d9d9d9; }
.stars button[aria-pressed="true"] { color: #fadb14; }
.form .error { color: #cf1322; font-size: 12px; }
.composer { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #eee; background: #fff; }
.composer textarea { flex: 1; min-width: 0; resize: none; border: 1px solid #d9d9d9; border-radius: 6px; padding: 6px 8px; height: 38px; font-size: 16px; }
@media (max-width: 480px) {
  .root { right: 12px; bottom: 12px; }
  .root.open { inset: 0; }
  .panel { position: fixed; inset: 0; width: 100vw; height: 100%; border-radius: 0; }
}
`;

let sheet: CSSStyleSheet | null = null;

export function widgetStyles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
