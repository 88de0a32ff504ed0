import type { ConversationTurn } from '../../../shared/domain';
import type { IRContentBlock, IRImageBlock } from '../../../shared/ir';
import { formatBytes } from '../format/format';

function Image({ b }: { b: IRImageBlock }) {
  // The CSP allows data: images only; remote URLs are shown as links, never fetched.
  if (b.source.kind === 'base64')
    return <img className="turn-image" alt="Attached image" src={`data:${b.source.mediaType};base64,${b.source.data}`} />;
  return (
    <p className="muted small">
      Image: <span className="mono">{b.source.url}</span>
    </p>
  );
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

function Block({ b, toolNames }: { b: IRContentBlock; toolNames: Map<string, string> }) {
  switch (b.type) {
    case 'text':
      // Client-injected reminders (Claude Code's <system-reminder>) are context, not the user's words.
      if (b.text.trimStart().startsWith('<system-reminder>'))
        return (
          <details className="thinking">
            <summary>System reminder</summary>
            <div className="turn-text">{b.text}</div>
          </details>
        );
      return <div className="turn-text">{b.text}</div>;
    case 'image':
      return <Image b={b} />;
    case 'thinking':
      return (
        <details className="thinking">
          <summary>Thinking</summary>
          <div className="turn-text">{b.text || (b.encryptedContent ? '(encrypted reasoning)' : '(empty)')}</div>
        </details>
      );
    case 'redacted_thinking':
      return <p className="muted small">Redacted thinking</p>;
    case 'tool_use':
      return (
        <div className="tool-block">
          <div className="tool-head">
            <span className="tool-name">{b.name}</span>
            <span className="muted small">{b.server ? 'server tool' : 'tool call'}</span>
          </div>
          <pre className="code small">{stringify(b.input)}</pre>
        </div>
      );
    case 'tool_result':
      return (
        <details className={`tool-block tool-result ${b.isError ? 'tool-error' : ''}`}>
          <summary>
            <span className="tool-name">{toolNames.get(b.toolUseId) ?? 'tool'}</span> result{b.isError ? ' (error)' : ''}
          </summary>
          {b.content.map((c, i) =>
            c.type === 'text' ? (
              <pre key={i} className="code small">
                {c.text}
              </pre>
            ) : (
              <Image key={i} b={c} />
            ),
          )}
        </details>
      );
    case 'opaque':
      return (
        <details className="tool-block">
          <summary>Other content</summary>
          <pre className="code small">{stringify(b.raw)}</pre>
        </details>
      );
  }
}

function systemChars(t: ConversationTurn): number {
  return t.content.reduce((n, b) => n + (b.type === 'text' ? b.text.length : 0), 0);
}

export function Conversation({ turns }: { turns: ConversationTurn[] }) {
  const toolNames = new Map<string, string>();
  for (const t of turns) for (const b of t.content) if (b.type === 'tool_use') toolNames.set(b.id, b.name);
  if (!turns.length) return <p className="muted">No messages decoded for this session.</p>;
  return (
    <ol className="conversation" aria-label="Conversation">
      {turns.map((t, i) => {
        // User turns that only carry tool results read better as part of the tool flow.
        const onlyResults = t.role === 'user' && t.content.length > 0 && t.content.every((b) => b.type === 'tool_result');
        return (
          <li key={i} className={`turn turn-${t.role} ${onlyResults ? 'turn-results' : ''}`}>
            <div className="turn-role">{onlyResults ? 'tool results' : t.role}</div>
            <div className="turn-body">
              {t.role === 'system' ? (
                // Agents send tens of KB of system prompt; it stays one click away.
                <details className="thinking">
                  <summary>
                    System prompt · {t.content.length} block{t.content.length === 1 ? '' : 's'} · {formatBytes(systemChars(t))}
                  </summary>
                  {t.content.map((b, n) => (
                    <Block key={n} b={b} toolNames={toolNames} />
                  ))}
                </details>
              ) : (
                t.content.map((b, n) => <Block key={n} b={b} toolNames={toolNames} />)
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
