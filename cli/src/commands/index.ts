import type { Command } from '../context';
import { audit } from './audit';
import { info } from './info';
import { init } from './init';
import { install } from './install';
import { keys } from './keys';
import { login, logout, whoami } from './login';
import { publish } from './publish';
import { recommend } from './recommend';
import { search } from './search';
import { status } from './status';
import { uninstall } from './uninstall';
import { validate } from './validate';
import { verify } from './verify';
import { vet } from './vet';

/** Every command, in the order `mcpm help` lists them (grouped: account, publisher, consumer). */
export const COMMANDS: readonly Command[] = [
  login,
  logout,
  whoami,
  init,
  validate,
  publish,
  status,
  keys,
  search,
  info,
  recommend,
  vet,
  install,
  uninstall,
  verify,
  audit,
];
