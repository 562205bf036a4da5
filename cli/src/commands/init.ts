import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { bool, str } from '../args';
import { checkManifest, printCheckReport } from '../check';
import type { Command } from '../context';
import { CliError, ExitCode, usageError } from '../errors';
import { buildManifest, inferFromProject, SERVER_NAME, type InitAnswers } from '../infer';
import { MANIFEST_FILES } from '../manifest-file';
import { ask, canPrompt } from '../prompt';

export const init: Command = {
  name: 'init',
  summary: 'write server.json for the project here (inferred from package.json / pyproject.toml)',
  usage: 'mcpm init [--name <server name>] [--description <text>] [--version <v>] [--force]',
  options: {
    name: { type: 'string', value: '<name>', description: 'server name, e.g. io.github.alice/weather' },
    description: { type: 'string', value: '<text>', description: 'one-line description' },
    version: {
      type: 'string',
      value: '<version>',
      description: 'first version (default: the project version)',
    },
    file: {
      type: 'string',
      value: '<file>',
      description: 'where to write (default server.json; mcps.json also works)',
    },
    force: { type: 'boolean', description: 'overwrite an existing manifest' },
  },
  details:
    'Reads package.json (name, version, description, homepage, repository, mcpName) or pyproject.toml\n' +
    '([project] / [tool.poetry]) and asks only for what it cannot infer. When stdin is not a terminal it\n' +
    'never asks: whatever is missing is reported at once (exit 2) with the flags to pass.',
  async run(ctx, args) {
    const { cwd } = ctx.io;
    const target = resolve(cwd, str(args.values, 'file') ?? 'server.json');
    const existing = [target, ...MANIFEST_FILES.map((name) => resolve(cwd, name))].find((path) =>
      existsSync(path),
    );
    if (existing && !bool(args.values, 'force')) {
      throw usageError(
        `${relative(cwd, existing)} already exists`,
        'edit it, or pass --force to write a new one',
      );
    }

    const inferred = inferFromProject(cwd);
    if (inferred.source) ctx.out.note(`read ${inferred.source}`);
    const answers: Partial<InitAnswers> = {
      name: str(args.values, 'name') ?? inferred.name,
      description: str(args.values, 'description') ?? inferred.description,
      version: str(args.values, 'version') ?? inferred.version,
      ...(inferred.websiteUrl ? { websiteUrl: inferred.websiteUrl } : {}),
      ...(inferred.repository ? { repository: inferred.repository } : {}),
      ...(inferred.package ? { package: inferred.package } : {}),
    };
    if (answers.name !== undefined && !SERVER_NAME.test(answers.name)) {
      throw usageError(
        `${JSON.stringify(answers.name)} is not a valid server name`,
        'use reverse-DNS/name, e.g. io.github.alice/weather',
      );
    }

    const questions: {
      key: 'name' | 'description' | 'version';
      text: string;
      flag: string;
      fallback?: string;
    }[] = [
      { key: 'name', text: 'Server name (e.g. io.github.you/server)', flag: '--name io.github.you/server' },
      { key: 'description', text: 'Description (one line)', flag: '--description "…"' },
      { key: 'version', text: 'Version', flag: '--version 1.0.0', fallback: '1.0.0' },
    ];
    const missing = questions.filter((question) => !answers[question.key]);
    if (missing.length > 0 && !canPrompt(ctx.io)) {
      throw usageError(
        `cannot infer ${missing.map((question) => question.key).join(', ')} here, and stdin is not a terminal to ask`,
        `pass ${missing.map((question) => question.flag).join(' ')}`,
      );
    }
    for (const question of missing) {
      for (;;) {
        const answer = await ask(
          ctx.io,
          question.text,
          question.fallback ? { fallback: question.fallback } : {},
        );
        if (question.key === 'name' && !SERVER_NAME.test(answer)) {
          ctx.out.warn(
            'a server name looks like io.github.you/server (letters, digits, ".", "-" before the "/")',
          );
          continue;
        }
        if (answer) {
          answers[question.key] = answer;
          break;
        }
      }
    }

    const manifest = buildManifest(answers as InitAnswers);
    const file = relative(cwd, target) || target;
    const report = checkManifest(manifest, file);
    if (report.errors.length > 0) {
      printCheckReport(ctx.out, report);
      throw new CliError(
        'the inferred manifest is not valid; nothing was written',
        ExitCode.PROBLEM,
        'pass the values to correct with --name, --description or --version',
      );
    }
    writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
    ctx.out.print(`wrote ${file} for ${answers.name}@${answers.version}`);
    for (const warning of report.warnings) ctx.out.warn(`${warning.at}: ${warning.message}`);
    ctx.out.note(
      'next: list your tools under _meta["io.mcpr/publisher-provided"].tools, then `mcpm validate` and `mcpm publish`',
    );
    for (const hint of inferred.hints) ctx.out.note(`note: ${hint}`);
    ctx.out.result({ file: target, manifest });
    return ExitCode.OK;
  },
};
