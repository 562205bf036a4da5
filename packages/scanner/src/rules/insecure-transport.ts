import { asString, isObject } from '../manifest';
import type { Rule } from './types';

const PLAIN = /^(?:http|ws):\/\//i;
const HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i;

/** Loopback hosts, where a local package listens (plain http is normal there). */
export function isLoopback(url: string): boolean {
  const host = (HOST.exec(url)?.[1] ?? '').toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '0.0.0.0';
}

/** `packaging.insecure-transport`: a remote or package endpoint over plain http/ws. */
export const insecureTransportRule: Rule = {
  id: 'packaging.insecure-transport',
  family: 'packaging',
  severity: 'HIGH',
  description:
    'A remote or package transport URL over plain `http://` or `ws://` to a non-loopback host: traffic (and tokens in headers) can be read or altered in transit. Templated hosts (`{host}`) and localhost are allowed.',
  manifest(ctx, emit) {
    const check = (url: string | undefined, path: string[], what: string) => {
      if (!url || !PLAIN.test(url) || isLoopback(url)) return;
      if (/\{[^}]*\}/.test(HOST.exec(url)?.[1] ?? '')) return;
      emit(path, `The ${what} URL uses an unencrypted scheme.`, url);
    };
    for (const { path, remote } of ctx.view.remotes) check(asString(remote.url), [...path, 'url'], 'remote');
    for (const { path, pkg } of ctx.view.packages) {
      if (isObject(pkg.transport))
        check(asString(pkg.transport.url), [...path, 'transport', 'url'], 'package transport');
    }
  },
};
