/** Pretty-prints a JSON body when it parses; shows the raw text otherwise (bodies can be SSE). */
export function JsonBlock({ text, label }: { text: string | null; label: string }) {
  if (text === null) return <p className="muted">{label}: not recorded.</p>;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (a stream transcript): show it as recorded.
  }
  return (
    <pre className="code" aria-label={label} tabIndex={0}>
      {shown}
    </pre>
  );
}

export function DiffView({ diff }: { diff: string }) {
  if (!diff.trim()) return <p className="muted">No changes: the client is already configured this way.</p>;
  return (
    <pre className="code diff" aria-label="Diff preview" tabIndex={0}>
      {diff.split('\n').map((line, i) => {
        const cls =
          line.startsWith('+++') || line.startsWith('---')
            ? 'diff-file'
            : line.startsWith('+')
              ? 'diff-add'
              : line.startsWith('-')
                ? 'diff-del'
                : line.startsWith('@@')
                  ? 'diff-hunk'
                  : undefined;
        return (
          <span key={i} className={cls}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
