import { checkManifest, checkReportJson, printCheckReport } from '../check';
import type { Command } from '../context';
import { ExitCode } from '../errors';
import { locateManifest, readManifestFile } from '../manifest-file';
import { relative } from 'node:path';

export const validate: Command = {
  name: 'validate',
  summary: 'check server.json offline: registry validation and security scan, every problem with its path',
  usage: 'mcpm validate [file]',
  options: {},
  details:
    'Runs the same validation the registry runs on publish and the scanner the trust service runs after it,\n' +
    'without a network. Exit 1 when there is a validation error or a HIGH/CRITICAL finding (a FAILED scan,\n' +
    'which the default install policy denies); warnings and lower findings are printed but pass.',
  async run(ctx, args) {
    const [file] = args.positionals;
    if (args.positionals.length > 1) {
      ctx.out.warn(`only one file is validated at a time; ignoring ${args.positionals.slice(1).join(' ')}`);
    }
    const path = locateManifest(ctx.io.cwd, file);
    const { manifest } = readManifestFile(path);
    const report = checkManifest(manifest, relative(ctx.io.cwd, path) || path);
    printCheckReport(ctx.out, report);
    ctx.out.result(checkReportJson(report));
    if (!report.ok && report.errors.length === 0) {
      ctx.out.note('the manifest is valid, but its scan would FAIL: fix the HIGH/CRITICAL findings above');
    }
    return report.ok ? ExitCode.OK : ExitCode.PROBLEM;
  },
};
