import type { OptionSpecs, ParsedArgs } from './args';
import { RegistryClient } from './client';
import { resolveConfig, type Io, type ResolvedConfig } from './config';
import type { ExitCodeValue } from './errors';
import type { Output } from './output';

/** What a command gets: the process view, the printer, and lazily the config and the registry client. */
export class Context {
  private resolved?: ResolvedConfig;
  private registry?: RegistryClient;

  constructor(
    readonly io: Io,
    readonly out: Output,
    private readonly flags: { url?: string; apiKey?: string },
    readonly version: string,
  ) {}

  get config(): ResolvedConfig {
    this.resolved ??= resolveConfig(this.io, this.flags);
    return this.resolved;
  }

  get client(): RegistryClient {
    this.registry ??= new RegistryClient({
      config: this.config,
      userAgent: `mcpm/${this.version}`,
      onPartial: (messages) => this.out.warn(`partial answer from the registry: ${messages.join('; ')}`),
    });
    return this.registry;
  }

  async close(): Promise<void> {
    await this.registry?.close();
  }
}

/** One `mcpm <name>` command; each lives in src/commands/<name>.ts. */
export interface Command {
  name: string;
  /** One line for `mcpm help`. */
  summary: string;
  /** The synopsis, e.g. `mcpm vet <name>[@version] [--policy <file>]`. */
  usage: string;
  options: OptionSpecs;
  /** More help text after the options (examples, files, exit codes). */
  details?: string;
  run(ctx: Context, args: ParsedArgs): Promise<ExitCodeValue>;
}
