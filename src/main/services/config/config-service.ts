/**
 * Owns switchyard.yaml: loads it (writing a commented default on first run), watches it,
 * keeps the last good config when an edit is invalid, and applies GUI edits through the YAML
 * Document API so comments and layout survive.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import type { ResolvedConfig, SwitchyardConfig } from '../../../shared/config-schema';
import { SwitchyardError, isSwitchyardError, toSwitchyardError } from '../../../shared/errors';
import type { ConfigSource } from '../../../proxy/types';
import { defaultConfigText } from './default-config';
import { parseConfigText, resolveConfig } from './load';
import { writeFileAtomic } from '../fs/atomic';

export interface ConfigChange {
  version: number;
  errors: string[];
}

export class ConfigService implements ConfigSource {
  private resolved!: ResolvedConfig;
  private raw!: SwitchyardConfig;
  private doc!: Document;
  private version = 0;
  private errors: string[] = [];
  private warnings: string[] = [];
  private watcher?: fs.FSWatcher;
  private watching = false;
  private debounce?: NodeJS.Timeout;
  private lastText = '';
  private listeners = new Set<(c: ConfigChange) => void>();

  constructor(
    readonly configPath: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Load the file (creating the default when absent). Throws when the first load is invalid. */
  async init(opts: { defaultPort?: number } = {}): Promise<void> {
    let text: string;
    try {
      text = await fsp.readFile(this.configPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new SwitchyardError('io_error', `Cannot read ${this.configPath}: ${(e as Error).message}`);
      text = defaultConfigText(opts.defaultPort ?? 18080);
      await fsp.mkdir(path.dirname(this.configPath), { recursive: true });
      await writeFileAtomic(this.configPath, text, { mode: 0o600 });
    }
    this.apply(text, true);
  }

  current(): ResolvedConfig {
    return this.resolved;
  }

  /** The config as written (ENV: references unresolved). */
  rawConfig(): SwitchyardConfig {
    return this.raw;
  }

  /** Problems from the last load: an invalid edit (last good kept) and missing ENV vars. */
  problems(): string[] {
    return [...this.errors, ...this.warnings];
  }

  onChange(listener: (c: ConfigChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-read the file; invalid content is reported and the last good config stays. */
  async reload(): Promise<ConfigChange> {
    let text: string;
    try {
      text = await fsp.readFile(this.configPath, 'utf8');
    } catch (e) {
      this.errors = [`${this.configPath}: ${(e as Error).message} (the last good config stays active)`];
      return this.notify();
    }
    if (text === this.lastText) return { version: this.version, errors: this.problems() };
    try {
      this.apply(text, false);
    } catch (e) {
      const err = toSwitchyardError(e);
      this.errors = [`${err.message}${err.hint ? ` — ${err.hint}` : ''}`];
    }
    return this.notify();
  }

  /**
   * Watch the file for edits. The watch is on the file itself, not its directory: the
   * trajectory database and its WAL usually sit next to it, and a directory watch would wake
   * this thread for every page SQLite writes. Editors that save by rename replace the inode,
   * so every reload re-arms the watch on the path; while the file is missing (deleted, or
   * mid-replace) the directory is watched until it is back.
   */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    this.arm();
  }

  close(): void {
    this.watching = false;
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private arm(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (!this.watching) return;
    const onEvent = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.arm();
        void this.reload();
      }, 100);
    };
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(this.configPath, onEvent);
    } catch {
      const base = path.basename(this.configPath);
      try {
        watcher = fs.watch(path.dirname(this.configPath), (_event, name) => {
          if (!name || name === base) onEvent();
        });
      } catch {
        return; // the directory is gone too: nothing to watch until the next reload()
      }
    }
    watcher.on('error', onEvent);
    this.watcher = watcher;
  }

  /**
   * Edit the config through its YAML Document (comments kept). The mutated document is
   * validated before anything is written; an invalid edit throws and changes nothing.
   */
  async update(mutate: (doc: Document, current: SwitchyardConfig) => void): Promise<ResolvedConfig> {
    const { doc } = parseConfigText(this.lastText, this.configPath);
    mutate(doc, this.raw);
    const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    try {
      const parsed = parseConfigText(text, this.configPath);
      // Validate ENV refs and cross references before writing.
      resolveConfig(parsed.config, this.env, this.version + 1);
    } catch (e) {
      // The edit is what is wrong (a 400 for whoever asked), not the config being served.
      if (!isSwitchyardError(e) || (e.code !== 'config_invalid' && e.code !== 'config_env_missing')) throw e;
      throw new SwitchyardError('config_edit_invalid', `${e.message} — nothing was changed`, { hint: e.hint });
    }
    await writeFileAtomic(this.configPath, text);
    this.apply(text, false);
    this.notify();
    return this.resolved;
  }

  private apply(text: string, first: boolean): void {
    const { config, doc } = parseConfigText(text, this.configPath);
    const { resolved, warnings } = resolveConfig(config, this.env, this.version + 1);
    this.version = resolved.version;
    this.raw = config;
    this.doc = doc;
    this.resolved = resolved;
    this.warnings = warnings;
    this.errors = [];
    this.lastText = text;
    void first;
  }

  private notify(): ConfigChange {
    const change = { version: this.version, errors: this.problems() };
    for (const l of this.listeners) l(change);
    return change;
  }

  /** The live document (read-only use: callers edit through update()). */
  document(): Document {
    return this.doc;
  }
}
