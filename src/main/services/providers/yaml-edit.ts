/**
 * Small helpers for editing switchyard.yaml through its YAML Document so that comments and
 * layout of everything not touched survive. Values are synced node by node instead of
 * replacing whole sections (replacing a map would drop the comments inside it).
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';

type Path = ReadonlyArray<string | number>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalarArray(v: unknown[]): boolean {
  return v.every((x) => x === null || typeof x !== 'object');
}

/** A new node for `value`: lists of scalars in flow style (`[a, b]`), everything else block. */
export function createNode(doc: Document, value: unknown): unknown {
  const node = doc.createNode(value);
  const visit = (n: unknown): void => {
    if (isSeq(n)) {
      n.flow = n.items.every((i) => isScalar(i));
      n.items.forEach(visit);
    } else if (isMap(n)) {
      n.flow = false;
      for (const pair of n.items) visit(pair.value);
    }
  };
  visit(node);
  return node;
}

/** An empty `[]` / `{}` written in flow style becomes block style before items are added. */
export function unflowEmpty(doc: Document, path: Path): void {
  const node = doc.getIn(path, true);
  if ((isSeq(node) || isMap(node)) && node.flow && node.items.length === 0) node.flow = false;
}

/**
 * Make the node at `path` equal `value`, keeping existing nodes (and their comments) where the
 * shape matches. `undefined` deletes the key.
 */
export function syncValue(doc: Document, path: Path, value: unknown): void {
  if (value === undefined) {
    if (doc.hasIn(path)) doc.deleteIn(path);
    return;
  }
  const existing = doc.getIn(path, true);
  if (isPlainObject(value) && isMap(existing)) {
    for (const pair of [...existing.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'string' && !(key in value)) doc.deleteIn([...path, key]);
    }
    if (existing.flow && Object.values(value).some((v) => typeof v === 'object' && v !== null)) existing.flow = false;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) doc.deleteIn([...path, k]);
      else if (doc.hasIn([...path, k])) syncValue(doc, [...path, k], v);
      else {
        if (existing.flow && existing.items.length === 0) existing.flow = false;
        doc.setIn([...path, k], createNode(doc, v));
      }
    }
    return;
  }
  if (Array.isArray(value) && isSeq(existing)) {
    // Sync item by item so the list's own comment and per-item comments stay.
    while (existing.items.length > value.length) existing.items.pop();
    if (!isScalarArray(value)) existing.flow = false;
    value.forEach((item, i) => {
      if (i < existing.items.length) syncValue(doc, [...path, i], item);
      else existing.items.push(createNode(doc, item) as never);
    });
    return;
  }
  if (value === null || typeof value !== 'object') {
    if (isScalar(existing)) {
      existing.value = value;
      return;
    }
    doc.setIn(path, value);
    return;
  }
  doc.setIn(path, createNode(doc, value));
}

/** Remove keys whose maps became empty after an edit (e.g. `routing.active: {}`), bottom-up. */
export function pruneEmptyMap(doc: Document, path: Path): void {
  for (let n = path.length; n > 0; n--) {
    const p = path.slice(0, n);
    const node = doc.getIn(p, true);
    if (isMap(node) && node.items.length === 0) doc.deleteIn(p);
    else break;
  }
}
