/** Image source helpers: data URLs ↔ base64 sources. */
import type { IRImageSource } from '../../../shared/ir';

/** `data:image/png;base64,AAAA` → base64 source; any other URL stays a URL source. */
export function imageSourceFromUrl(url: string): IRImageSource {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    if (comma > 0 && meta.endsWith(';base64')) {
      return { kind: 'base64', mediaType: meta.slice(0, -7) || 'image/png', data: url.slice(comma + 1) };
    }
  }
  return { kind: 'url', url };
}

export function imageSourceToUrl(src: IRImageSource): string {
  return src.kind === 'base64' ? `data:${src.mediaType};base64,${src.data}` : src.url;
}
