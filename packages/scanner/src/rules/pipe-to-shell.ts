import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { packageStrings } from './shared/package-strings';
import { PIPE_TO_SHELL } from './shared/shell';
import { where } from './shared/where';

/** `packaging.pipe-to-shell`: download-and-execute, in install strings or in text shown to the model. */
export const pipeToShellRule: Rule = {
  id: 'packaging.pipe-to-shell',
  family: 'packaging',
  severity: 'CRITICAL',
  description:
    'A download-and-execute idiom (`curl … | sh`, `wget -O- … | bash`, `iex (irm …)`, `powershell -enc …`, `sh <(curl …)`) in a package argument, runtime hint, variable, header, or in text the model reads.',
  manifest(ctx, emit) {
    for (const s of packageStrings(ctx.view)) {
      if (s.role === 'url') continue;
      const m = PIPE_TO_SHELL.exec(s.value);
      if (m) emit(s.path, 'An install-time value downloads and executes code.', escapeForDisplay(s.value));
    }
  },
  text(item, _ctx, emit) {
    if (item.kind === 'package-text' || item.kind === 'param-name') return;
    for (const segment of item.segments) {
      const m = PIPE_TO_SHELL.exec(segment.plain);
      if (m) {
        emit(
          item.path,
          `${where(item.kind)} tells the model to download and execute code.`,
          escapeForDisplay(m[0]),
        );
        return;
      }
    }
  },
};
