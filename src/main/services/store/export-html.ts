/**
 * One self-contained HTML page for a session: inline CSS, no scripts, no external requests
 * (a CSP forbids them; URL images are shown as links, base64 images inline as data: URLs).
 * Every piece of recorded content is escaped.
 */
import type { ConversationTurn, ExchangeSummary, SessionSummary } from '../../../shared/domain';
import type { IRContentBlock } from '../../../shared/ir';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function json(v: unknown): string {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

const SAFE_MEDIA = /^image\/(png|jpeg|gif|webp)$/;

function image(src: Extract<IRContentBlock, { type: 'image' }>['source']): string {
  if (src.kind === 'base64' && SAFE_MEDIA.test(src.mediaType) && /^[A-Za-z0-9+/=\s]*$/.test(src.data)) {
    return `<img class="img" alt="image" src="data:${src.mediaType};base64,${src.data.replace(/\s/g, '')}">`;
  }
  if (src.kind === 'url' && src.url.startsWith('data:image/')) return `<img class="img" alt="image" src="${escapeHtml(src.url)}">`;
  return `<p class="muted">[image: ${escapeHtml(src.kind === 'url' ? src.url : src.mediaType)}]</p>`;
}

function block(b: IRContentBlock): string {
  switch (b.type) {
    case 'text':
      return `<div class="text">${escapeHtml(b.text)}</div>`;
    case 'image':
      return image(b.source);
    case 'thinking':
      return `<details class="thinking"><summary>Thinking</summary><div class="text">${escapeHtml(b.text || '(encrypted reasoning)')}</div></details>`;
    case 'redacted_thinking':
      return `<details class="thinking"><summary>Thinking (redacted by the provider)</summary></details>`;
    case 'tool_use':
      return `<div class="tool"><div class="tool-head">Tool call <code>${escapeHtml(b.name)}</code></div><pre>${escapeHtml(json(b.input))}</pre></div>`;
    case 'tool_result': {
      const inner = b.content.map((c) => (c.type === 'text' ? `<pre>${escapeHtml(c.text)}</pre>` : image(c.source))).join('');
      return `<details class="result${b.isError ? ' error' : ''}"><summary>Tool result${b.isError ? ' (error)' : ''}</summary>${inner}</details>`;
    }
    case 'opaque':
      return `<details class="result"><summary>Other content</summary><pre>${escapeHtml(json(b.raw))}</pre></details>`;
    default:
      return '';
  }
}

function turn(t: ConversationTurn): string {
  const label = t.role === 'system' ? 'System' : t.role === 'user' ? 'User' : 'Assistant';
  const body = t.content.map(block).join('\n');
  if (t.role === 'system') return `<details class="turn system"><summary>${label} prompt</summary>${body}</details>`;
  return `<section class="turn ${t.role}"><div class="role">${label}</div>${body}</section>`;
}

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

const CSS = `
:root{color-scheme:light dark;--bg:#fbfaf8;--fg:#1f2328;--muted:#6b7280;--card:#fff;--line:#e5e3df;--user:#eef4ff;--asst:#fff;--tool:#f6f5f2;--accent:#3b5bdb;--err:#c92a2a}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e6e6e6;--muted:#9aa0a6;--card:#1d2024;--line:#2e3238;--user:#1c2433;--asst:#1d2024;--tool:#23272d;--accent:#8ca2ff;--err:#ff8787}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:880px;margin:0 auto;padding:32px 20px 64px}
h1{font-size:1.6rem;line-height:1.3;margin:0 0 8px}
.meta{color:var(--muted);font-size:.9rem;margin-bottom:24px}
.meta{display:flex;flex-wrap:wrap;gap:4px 16px}
.meta span{white-space:nowrap}
.turn{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 18px;margin:14px 0}
.turn.user{background:var(--user)}
.turn.system{background:var(--tool)}
.role{font-size:.75rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin-bottom:6px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--tool);border:1px solid var(--line);border-radius:8px;padding:10px 12px;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:8px 0}
details{margin:8px 0}
summary{cursor:pointer;color:var(--muted);font-size:.9rem}
.thinking .text{color:var(--muted);font-style:italic;border-left:3px solid var(--line);padding-left:12px;margin-top:6px}
.tool{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0;background:var(--tool)}
.tool-head{font-size:.9rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--accent)}
.result.error summary{color:var(--err)}
.img{max-width:100%;border-radius:8px;border:1px solid var(--line);margin:8px 0}
.muted{color:var(--muted)}
table{width:100%;border-collapse:collapse;font-size:.85rem;margin-top:12px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600}
h2{font-size:1.1rem;margin:36px 0 4px}
footer{color:var(--muted);font-size:.8rem;margin-top:40px}
`;

export function renderSessionHtml(s: SessionSummary, exchanges: ExchangeSummary[], conversation: ConversationTurn[]): string {
  const title = s.title || `Session ${s.id}`;
  const t = s.totals;
  const meta = [
    `Client: ${s.client}`,
    s.taskName ? `Task: ${s.taskName}` : '',
    s.label ? `Label: ${s.label}` : '',
    `${fmtTime(s.firstAt)} → ${fmtTime(s.lastAt)}`,
    `Models: ${s.models.join(', ') || '—'}`,
    `Providers: ${s.providers.join(', ') || '—'}`,
    `${t.requests} ${t.requests === 1 ? 'request' : 'requests'}`,
    `${t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens} in / ${t.outputTokens} out tokens`,
    `$${t.costUsd.toFixed(4)}`,
  ]
    .filter(Boolean)
    .map((m) => `<span>${escapeHtml(m)}</span>`)
    .join(' ');
  const rows = exchanges
    .map(
      (e) =>
        `<tr><td>${e.seq}</td><td>${escapeHtml(fmtTime(e.receivedAt))}</td><td>${escapeHtml(`${e.finalProviderId ?? ''}/${e.finalModel ?? ''}`)}</td><td>${e.status}${e.partial ? ' (partial)' : ''}</td><td>${e.usage ? `${e.usage.inputTokens}/${e.usage.outputTokens}` : '—'}</td><td>${e.durationMs ?? '—'} ms</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} — Switchyard</title>
<style>${CSS}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<div class="meta">${meta}</div>
${conversation.length ? conversation.map(turn).join('\n') : '<p class="muted">No conversation could be decoded for this session.</p>'}
<h2>Exchanges</h2>
<table><thead><tr><th>#</th><th>Time</th><th>Lane</th><th>Status</th><th>Tokens in/out</th><th>Duration</th></tr></thead><tbody>${rows}</tbody></table>
<footer>Exported by Switchyard · session ${escapeHtml(s.id)}</footer>
</main></body></html>
`;
}
