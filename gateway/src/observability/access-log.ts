import type { FinishedRequest, Logger } from '@mcpr/platform';

// The request-outcome record is shared with the subgraphs' metrics, so it lives in @mcpr/platform.
export { onRequestFinished, outcomeOf, type FinishedRequest, type RequestOutcome } from '@mcpr/platform';

/** One structured line per request: method, path, status, ms, operationName, requestId. */
export function accessLogLine(logger: Logger) {
  return (request: FinishedRequest): void => {
    logger.info(
      {
        method: request.method,
        path: request.path,
        status: request.status,
        ms: Math.round(request.ms * 100) / 100,
        operationName: request.operationName,
        requestId: request.requestId,
        ...(request.errorCodes.length ? { errorCodes: request.errorCodes } : {}),
        ...(request.aborted ? { aborted: true } : {}),
      },
      'request',
    );
  };
}
