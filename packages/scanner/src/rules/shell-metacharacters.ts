import { escapeForDisplay } from '../text/escape';
import type { Rule } from './types';
import { packageStrings } from './shared/package-strings';
import { CONNECTION_STRING, PIPE_TO_SHELL, PLACEHOLDER, SHELL_METACHARACTERS } from './shared/shell';

/** `packaging.shell-metacharacters`: shell syntax in a command-line argument or runtime hint. */
export const shellMetacharactersRule: Rule = {
  id: 'packaging.shell-metacharacters',
  family: 'packaging',
  severity: 'HIGH',
  description:
    'Shell syntax in a package argument or runtime hint (`; rm -rf ~`, `&& curl …`, backticks, `$(…)`, pipes, redirections, line breaks): if the host ever builds a shell command line, it runs extra commands. Download-and-execute idioms are packaging.pipe-to-shell.',
  manifest(ctx, emit) {
    for (const s of packageStrings(ctx.view)) {
      if (s.role !== 'argument' && s.role !== 'hint') continue;
      if (PIPE_TO_SHELL.test(s.value) || CONNECTION_STRING.test(s.value)) continue;
      // `<placeholder>` and `{placeholder}` segments are documentation, not shell syntax.
      const m = SHELL_METACHARACTERS.exec(s.value.replace(PLACEHOLDER, 'x'));
      if (m)
        emit(
          s.path,
          `A ${s.role === 'hint' ? 'runtime hint' : 'package argument'} contains shell syntax ("${escapeForDisplay(m[0].trim() || m[0])}").`,
          escapeForDisplay(s.value),
        );
    }
  },
};
