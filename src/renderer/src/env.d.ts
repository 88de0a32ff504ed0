import type { WindowApi } from '../../preload/api-type';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser (headless host). */
    api?: WindowApi;
  }
}

export {};
