import { createTwoFilesPatch } from 'diff';

// `"ANTHROPIC_AUTH_TOKEN": "…"` in JSON, `experimental_bearer_token = "…"` in TOML.
const SECRET_ASSIGNMENT =
  /((?:"[^"\n]*(?:token|key|secret|password)[^"\n]*"\s*:|\b\w*(?:token|secret|password)\w*\s*=)\s*")([^"\n]{8,})(")/gi;

/** Unified diff of a planned edit with secrets masked (it is printed and shown in the UI). */
export function planDiff(file: string, before: string | null, after: string, secrets: string[]): string {
  if (before === after) return '';
  let patch = createTwoFilesPatch(before === null ? '/dev/null' : file, file, before ?? '', after, undefined, undefined, { context: 3 });
  // Drop the "Index:" / "=====" banner lines: start at the "---" header.
  const head = patch.indexOf('--- ');
  if (head > 0) patch = patch.slice(head);
  for (const s of secrets) if (s.length >= 8 && !s.startsWith('<')) patch = patch.split(s).join(maskSecret(s));
  // Other credentials in the file (an API key being removed, a previous gateway's token).
  patch = patch.replace(SECRET_ASSIGNMENT, (all, pre: string, value: string, post: string) =>
    value.includes('…') || value.startsWith('<') ? all : `${pre}${maskSecret(value)}${post}`,
  );
  return patch;
}

export function maskSecret(s: string): string {
  return `${s.slice(0, Math.min(7, s.length - 4))}…${s.slice(-4)}`;
}
