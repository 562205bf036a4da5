import { createEvent, type EventBus, type Logger, type Principal } from '@mcpr/platform';

/** The client's /24 (IPv4) or /48 (IPv6) network: the subject of anonymous security events. */
export function clientNetwork(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = ip.split(':').slice(0, 3);
  return `${groups.join(':')}::/48`;
}

/**
 * Publishes the gateway's security events straight to the bus (the gateway has no database, so no
 * outbox). Publishing is fire-and-forget: a bus outage must not turn a 401 into a 500, so failures are logged.
 */
export class SecurityEvents {
  constructor(
    private readonly bus: EventBus | undefined,
    private readonly logger: Logger,
  ) {}

  authFailed(reason: string, clientIp: string | undefined, keyPrefix: string | undefined): void {
    this.publish({
      type: 'auth.failed',
      actor: 'anonymous',
      subject: clientNetwork(clientIp),
      data: { reason, network: clientNetwork(clientIp), ...(keyPrefix ? { keyPrefix } : {}) },
    });
  }

  accessDenied(
    principal: Principal,
    operationName: string | null,
    message: string,
    path?: readonly (string | number)[],
  ): void {
    this.publish({
      type: 'access.denied',
      actor: principal.kind === 'key' ? principal.handle : 'anonymous',
      subject: principal.kind === 'key' ? principal.keyId : clientNetwork(principal.clientIp),
      data: { operationName, message, ...(path ? { path: path.map(String) } : {}) },
    });
  }

  /**
   * A request refused by a rate limit. The subject is the key id or the client's network, so the audit
   * log can aggregate a noisy client per minute.
   */
  rateLimitExceeded(
    principal: Principal,
    budget: string,
    limit: number,
    windowSeconds: number,
    operationName: string | null,
  ): void {
    this.publish({
      type: 'ratelimit.exceeded',
      actor: principal.kind === 'key' ? principal.handle : 'anonymous',
      subject: principal.kind === 'key' ? principal.keyId : clientNetwork(principal.clientIp),
      data: {
        budget,
        limit,
        windowSeconds,
        operationName,
        ...(principal.kind === 'anonymous' ? { network: clientNetwork(principal.clientIp) } : {}),
      },
    });
  }

  private publish(event: {
    type: string;
    actor: string;
    subject: string;
    data: Record<string, unknown>;
  }): void {
    if (!this.bus) return;
    this.bus.publish([createEvent({ ...event, source: 'gateway' })]).catch((error: unknown) => {
      this.logger.warn({ err: error, type: event.type }, 'could not publish a security event');
    });
  }
}
