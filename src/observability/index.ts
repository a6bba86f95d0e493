// Logs, metrics and traces of the gateway. Wiring (app.ts / main.ts):
//   const logger = createLogger({ level: config.logLevel });
//   const metrics = createMetrics();
//   http observer: combineObservers(metrics.vendorObserver, vendorLogObserver(logger))
//   yoga plugins: useRequestLog(logger), metrics.plugin, useMetricsEndpoint(metrics.registry), tracingPlugin(enabled)
//   yoga's own log calls: createYoga({ logging: yogaLogger(logger) })
//   the OpenTelemetry SDK (exporting spans): main.ts imports ./otel-sdk.ts when TRACING=1
export { createLogger, scrubSecrets, REDACT_PATHS, type Logger, type LoggerOptions } from './logger.ts';
export { useRequestLog, vendorLogObserver, requestLogLine, type RequestLogLine, type RequestLogOptions } from './request-log.ts';
export {
  createMetrics,
  useMetricsEndpoint,
  serveMetrics,
  OperationNameLabels,
  DEFAULT_MAX_OPERATION_NAMES,
  type GatewayMetrics,
  type MetricsOptions,
  type MetricsEndpointOptions,
} from './metrics.ts';
export { tracingPlugin, type TracingPlugin } from './tracing.ts';
export { yogaLogger } from './yoga-logger.ts';
export {
  combineObservers,
  breakerStateValue,
  type VendorObserver,
  type VendorCallEvent,
  type VendorCallOutcome,
  type BreakerState,
} from './vendor-observer.ts';
export { observeGraphQLRequests, type GraphQLRequestSummary, type OperationSummary } from './graphql-requests.ts';
